#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`message-credits-service demo`: the believable account of api.md, as the
app and a newcomer see it through the API."""

import datetime
import json
import sys
import time
import zoneinfo

from mcservice import check, check_equal, db_query, money, run_tests
from mcusage import UTC, parse_time, strict_csv

KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")


def test_demo_account(t):
    started = time.monotonic()
    demo = json.loads(t.cli("demo", "--db", t.db).stdout)
    elapsed = time.monotonic() - started
    print(f"# demo built in {elapsed:.2f} s")
    check(set(demo) == {"id", "token"}, "prints the id and the token")
    svc = t.serve("--sandbox-gateway")
    c = svc.client(demo["token"])
    a = c.account()
    balance = money(a["balance"])
    check_equal(db_query(t.db, "SELECT sum (amount) FROM ledger")[0][0], balance, "balance = sum(ledger)")
    check(balance > 0 and a["state"] in ("ok", "low"), f"a positive balance: {a['balance']}")

    # Six months of conversations, every month used, growing, weekdays busier.
    today = datetime.datetime.now(KOLKATA).date()
    frm = today - datetime.timedelta(days=200)
    while c.get(f"/v1/reports/conversations?from={frm}&to={today}").status == 422:
        frm += datetime.timedelta(days=1)
    months = c.get(f"/v1/reports/conversations?from={frm}&to={today}&group=month").json
    check_equal(len(months["rows"]), 7)
    totals = [sum(r[k]["count"] for k in ("free", "business_initiated", "user_initiated")) for r in months["rows"]]
    check(all(n > 0 for n in totals), f"every month has usage: {totals}")
    total = sum(v["count"] for v in months["totals"].values())
    check(120000 <= total <= 180000, f"about 150,000 conversations: {total}")
    check(all(v["count"] > 0 for v in months["totals"].values()), "all three categories")
    days = c.get(f"/v1/reports/conversations?from={frm}&to={today - datetime.timedelta(days=1)}").json["rows"]
    per_day = [(datetime.date.fromisoformat(r["period"]), sum(r[k]["count"] for k in
                ("free", "business_initiated", "user_initiated"))) for r in days]
    weekday = [n for d, n in per_day if d.weekday() < 5]
    weekend = [n for d, n in per_day if d.weekday() >= 5]
    check(sum(weekday) / len(weekday) > 1.4 * sum(weekend) / len(weekend), "weekdays busier than weekends")
    first_month, last_month = per_day[7:37], per_day[-30:]
    check(sum(n for _, n in last_month) > 1.3 * sum(n for _, n in first_month), "usage grows")

    # The daily export agrees with the report, and the ledger with the conversations.
    daily = strict_csv(c.get(f"/v1/usage/export?kind=daily&from={frm}&to={today}").body,
                       ["date", "category", "count", "cost", "currency"])
    check_equal(sum(int(r[2]) for r in daily), total)
    cost = sum(money(r[3]) for r in daily)
    lines = strict_csv(c.get(f"/v1/usage/export?kind=transactions&from={frm}&to={today}").body,
                       ["transaction_id", "at", "kind", "amount", "balance_after", "description", "ref", "currency"])
    check_equal(-sum(money(l[3]) for l in lines if l[2] == "conversation"), cost,
                "each paid conversation is a ledger line")

    # Recharges in every state; the pending one is recent.
    payments = c.all_pages("/v1/payments")
    check_equal({p["status"] for p in payments}, {"pending", "completed", "failed", "cancelled", "expired"})
    pending = [p for p in payments if p["status"] == "pending"]
    check_equal(len(pending), 1)
    age = datetime.datetime.now(UTC) - parse_time(pending[0]["created_at"])
    check(datetime.timedelta(0) <= age < datetime.timedelta(hours=1), "pending, created within the hour")

    # Broadcasts: one sent, one failed, one tomorrow at 10:00 account time that the balance cannot cover.
    broadcasts = c.all_pages("/v1/broadcasts")
    by_status = {}
    for b in broadcasts:
        by_status.setdefault(b["status"], []).append(b)
    check_equal(sorted((s, len(v)) for s, v in by_status.items()), [("failed", 1), ("scheduled", 1), ("sent", 1)])
    scheduled = by_status["scheduled"][0]
    when = parse_time(scheduled["scheduled_at"]).astimezone(KOLKATA)
    check_equal((when.date(), when.hour, when.minute), (today + datetime.timedelta(days=1), 10, 0),
                "tomorrow at 10:00 in Asia/Kolkata")
    check(money(scheduled["estimated_cost"]) > balance, "more than the balance covers")
    check_equal(by_status["failed"][0]["failure_reason"], "insufficient_credits")
    sent = by_status["sent"][0]
    check_equal([(l[3], l[5]) for l in lines if l[6] == sent["id"]], [("-" + sent["estimated_cost"], sent["name"])])

    # The notices that history produced.
    notices = c.all_pages("/v1/notifications")
    kinds = {n["kind"] for n in notices}
    check(kinds >= {"payment_completed", "payment_failed", "payment_pending", "low_balance",
                    "broadcast_failed", "insufficient_balance"}, f"history's notices: {kinds}")
    check_equal([n["ref"] for n in notices if n["kind"] == "insufficient_balance"], [scheduled["id"]])
    check_equal(db_query(t.db, "SELECT count (*) FROM outbox WHERE sent_at IS NULL")[0][0], 0,
                "history's e-mails are not sent again now")


def test_same_every_time(t):
    # Both at the same instant: today's conversations stop at "now", which would
    # otherwise move between the two runs.
    clock = {"MC_SERVICE_NOW": datetime.datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    first = json.loads(t.cli("demo", "--db", t.db, env=clock).stdout)
    second = json.loads(t.cli("demo", "--db", t.file("again.db"), env=clock).stdout)
    check(first["token"] != second["token"] and first["id"] != second["id"], "new ids and token")
    query = ("SELECT category, wa_id, started_at, cost FROM conversations WHERE account_id = ? "
             "ORDER BY started_at, external_id")
    a = db_query(t.db, query, first["id"])
    b = db_query(t.file("again.db"), query, second["id"])
    check_equal(len(a), len(b))
    check(a == b, "the same conversations")
    money_query = ("SELECT kind, amount, balance_after, CASE kind WHEN 'recharge' THEN '' ELSE description END"
                   " FROM ledger WHERE account_id = ? AND kind != 'conversation' ORDER BY seq")
    la = db_query(t.db, money_query, first["id"])
    lb = db_query(t.file("again.db"), money_query, second["id"])
    check_equal(la, lb, "the same recharges and broadcasts")


if __name__ == "__main__":
    sys.exit(run_tests([
        ("the demo account", test_demo_account),
        ("the same content every time", test_same_every_time),
    ]))
