#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""GET /v1/usage/export: the three kinds as strict RFC 4180 with CRLF, the
formula guard on free text only, file names, a 200,000-row export that adds
up to the ledger while memory stays flat, the loop answers and WAL
checkpoints go on, and at most two exports at once per account."""

import datetime
import json
import sqlite3
import sys
import threading
import time

from mcservice import check, check_equal, db_query, money, run_tests, wait_until
from mcusage import (UTC, conversation, create_account, expect_error, fund, raw_request, strict_csv,
                     under_sanitizer, vm_kib)

CONVERSATIONS = ["conversation_id", "started_at", "category", "wa_id", "cost", "currency"]
DAILY = ["date", "category", "count", "cost", "currency"]
TRANSACTIONS = ["transaction_id", "at", "kind", "amount", "balance_after", "description", "ref", "currency"]


def today_in(zone_hours):
    return (datetime.datetime.now(UTC) + datetime.timedelta(hours=zone_hours)).date()


def test_three_kinds(t):
    acc, token = create_account(t, "INR")
    fund(t, acc, "1000", reason="Opening credit")
    fund(t, acc, "-10.00", reason="-10 goodwill correction")
    svc = t.serve()
    c = svc.client(token)
    now = datetime.datetime.now(UTC).replace(microsecond=0)
    ids = []
    for n, (category, hours) in enumerate((("user_initiated", 3), ("business_initiated", 2), ("free", 1))):
        started = (now - datetime.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
        ids.append(conversation(c, f"w{n}", category, wa_id=f"91987654321{n}", started_at=started).json["id"])
    for name in ("=SUM(A1:A9)", "+91 offer", "@everyone", "-50% off", "Plain, with \"quotes\""):
        check_equal(c.post("/v1/broadcasts", {"name": name, "recipient_count": 1}).json["status"], "sent")

    today = today_in(5.5)
    frm = (today - datetime.timedelta(days=2)).isoformat()
    to = today.isoformat()

    resp = c.get(f"/v1/usage/export?kind=conversations&from={frm}&to={to}")
    check_equal(resp.status, 200)
    check_equal(resp.header("Content-Type"), "text/csv; charset=utf-8")
    check_equal(resp.header("Content-Disposition"), f'attachment; filename="conversations-{frm}-to-{to}.csv"')
    check_equal(resp.header("Transfer-Encoding"), "chunked", "streamed")
    rows = strict_csv(resp.body, CONVERSATIONS)
    check_equal([r[0] for r in rows], ids, "oldest first")
    check_equal([(r[2], r[3], r[4], r[5]) for r in rows],
                [("user_initiated", "919876543210", "0.35", "INR"),
                 ("business_initiated", "919876543211", "0.80", "INR"),
                 ("free", "919876543212", "0.00", "INR")])
    check(all(r[1].endswith("Z") and len(r[1]) == 20 for r in rows), "RFC 3339 UTC times")

    resp = c.get(f"/v1/usage/export?kind=transactions&from={frm}&to={to}")
    check_equal(resp.header("Content-Disposition"), f'attachment; filename="transactions-{frm}-to-{to}.csv"')
    rows = strict_csv(resp.body, TRANSACTIONS)
    check_equal([r[2] for r in rows], ["adjustment", "adjustment", "conversation", "conversation",
                                       "broadcast", "broadcast", "broadcast", "broadcast", "broadcast"])
    check_equal(rows[0][3:8], ["1000.00", "1000.00", "Opening credit", "", "INR"])
    check_equal(rows[1][3:6], ["-10.00", "990.00", "'-10 goodwill correction"],
                "free text starting with - is defused; the amount -10.00 is not")
    check_equal([r[5] for r in rows[4:]], ["'=SUM(A1:A9)", "'+91 offer", "'@everyone", "'-50% off",
                                           "Plain, with \"quotes\""], "the formula guard on descriptions")
    check(b'"\'=SUM(A1:A9)"' in resp.body and b'"Plain, with ""quotes"""' in resp.body, "quoted as RFC 4180 says")
    check_equal([r[3] for r in rows[2:4]], ["-0.35", "-0.80"], "numbers stay as they are")
    check_equal(sum(money(r[3]) for r in rows), money(c.account()["balance"]), "the lines add up to the balance")

    resp = c.get(f"/v1/usage/export?kind=daily&from={frm}&to={to}")
    check_equal(resp.header("Content-Disposition"), f'attachment; filename="conversations-daily-{frm}-to-{to}.csv"')
    rows = strict_csv(resp.body, DAILY)
    days = [(today - datetime.timedelta(days=d)).isoformat() for d in (2, 1, 0)]
    check_equal([(r[0], r[1]) for r in rows], [(d, k) for d in days
                                                for k in ("free", "business_initiated", "user_initiated")],
                "every day × category, in api.md's order")
    check_equal(sum(int(r[2]) for r in rows), 3)
    check_equal(sum(money(r[3]) for r in rows), money("1.15"))
    check(all(r[4] == "INR" for r in rows), "currency on every row")


def test_bad_parameters(t):
    acc, token = create_account(t, "USD")
    svc = t.serve()
    c = svc.client(token)
    today = today_in(0).isoformat()
    old = (today_in(0) - datetime.timedelta(days=200)).isoformat()
    base = "/v1/usage/export"
    expect_error(c.get(f"{base}?kind=ledger&from={today}&to={today}"), 400, "invalid_request", "kind")
    expect_error(c.get(f"{base}?kind=daily&to={today}"), 400, "invalid_request", "from")
    expect_error(c.get(f"{base}?kind=daily&from=2026-13-01&to={today}"), 400, "invalid_date", "from")
    expect_error(c.get(f"{base}?kind=daily&from={old}&to={today}"), 422, "range_too_old", "from")
    expect_error(c.get(f"{base}?kind=transactions&from={today}&to={old}"), 422, "range_invalid")
    expect_error(c.get(f"{base}?kind=daily&from={today}&to={today}", token="mct_nope"), 401, "unauthorized")
    check_equal(c.get(f"{base}?from={today}&to={today}").body.split(b"\r\n")[0],
                b"conversation_id,started_at,category,wa_id,cost,currency", "conversations by default")


def pinger(svc, stop, latencies):
    c = svc.client()
    while not stop.is_set():
        start = time.monotonic()
        check_equal(c.get("/healthz").status, 200)
        latencies.append(time.monotonic() - start)
        time.sleep(0.01)
    c.close()


def test_large_export(t):
    seeded = json.loads(t.cli("bench-seed", "--db", t.db, "--conversations", "200000").stdout)
    token = seeded["token"]
    svc = t.serve()
    c = svc.client(token)
    today = today_in(5.5)
    # The first day of the window (where the seed starts).
    frm = (today - datetime.timedelta(days=200)).isoformat()
    while c.get(f"/v1/usage/export?kind=daily&from={frm}&to={today}").status == 422:
        frm = (datetime.date.fromisoformat(frm) + datetime.timedelta(days=1)).isoformat()
    path = f"/v1/usage/export?kind=conversations&from={frm}&to={today}"
    rss_before = vm_kib(svc.proc.pid, "VmRSS")

    # A client that reads nothing: the service stops producing (back-pressure),
    # keeps answering, and holds no read transaction open, so a checkpoint
    # can still take every page of the WAL back into the database.
    stalled, status, _ = raw_request(svc, path, token)
    check_equal(status, 200)
    time.sleep(0.3)
    start = time.monotonic()
    check_equal(c.get("/v1/account").status, 200)
    check(time.monotonic() - start < 1.0, "other requests are answered during a stalled export")
    fund(t, seeded["id"], "5", reason="Written during the export")
    db = sqlite3.connect(t.db, timeout=10)
    busy, log, checkpointed = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    db.close()
    check_equal((busy, log, checkpointed), (0, 0, 0), "a full checkpoint is not blocked by the export")
    stalled.close()

    # The real download, with another client pinging the service meanwhile.
    stop, latencies = threading.Event(), []
    ping = threading.Thread(target=pinger, args=(svc, stop, latencies))
    ping.start()
    started = time.monotonic()
    resp = c.get(path)
    elapsed = time.monotonic() - started
    stop.set()
    ping.join()
    check_equal(resp.status, 200)
    rows = strict_csv(resp.body, CONVERSATIONS)
    check_equal(len(rows), 200000, "every seeded conversation, once")
    check_equal(len({r[0] for r in rows}), 200000, "no row twice")
    check(all(rows[i][1] <= rows[i + 1][1] for i in range(len(rows) - 1)), "oldest first")
    print(f"# 200,000 rows, {len(resp.body) / 1e6:.1f} MB in {elapsed:.2f} s; "
          f"longest /healthz while streaming {max(latencies) * 1000:.0f} ms over {len(latencies)} pings")
    check(max(latencies) < (2.0 if under_sanitizer() else 0.5), "the loop keeps answering while streaming")

    costs = sum(money(r[4]) for r in rows)
    ledger = db_query(t.db, "SELECT -sum (amount) FROM ledger WHERE kind = 'conversation'")[0][0]
    check_equal(costs, ledger, "the exported costs add up to the ledger's conversation lines")
    report = c.get(f"/v1/reports/conversations?from={frm}&to={today}&group=month").json
    check_equal(sum(money(v["cost"]) for v in report["totals"].values()), costs, "and to the report's totals")
    check_equal(sum(v["count"] for v in report["totals"].values()), 200000)

    rss_after = vm_kib(svc.proc.pid, "VmHWM")
    print(f"# service VmRSS before {rss_before // 1024} MiB, VmHWM after {rss_after // 1024} MiB "
          f"for a {len(resp.body) // 2**20} MiB body")
    if not under_sanitizer():
        check(rss_after < 64 * 1024, "peak RSS stays under 64 MiB")
        check(rss_after - rss_before < len(resp.body) // 1024 // 2, "memory does not grow with the rows")
    svc.stop()  # a clean exit (and, under the sanitizers, no leak)


def test_two_at_once(t):
    seeded = json.loads(t.cli("bench-seed", "--db", t.db, "--conversations", "60000").stdout)
    token = seeded["token"]
    other_acc, other_token = create_account(t, "INR", name="Other", email="o@other.example")
    svc = t.serve()
    c = svc.client(token)
    today = today_in(5.5)
    frm = (today - datetime.timedelta(days=150)).isoformat()
    path = f"/v1/usage/export?kind=conversations&from={frm}&to={today}"

    # Two downloads in progress (their clients read nothing, so they last).
    first, s1, _ = raw_request(svc, path, token)
    second, s2, _ = raw_request(svc, path.replace("conversations&", "transactions&"), token)
    check_equal((s1, s2), (200, 200))
    expect_error(c.get(path), 429, "too_many_requests")
    expect_error(c.get(path.replace("conversations&", "daily&")), 429, "too_many_requests")
    check_equal(svc.client(other_token).get(path).status, 200, "another account is not held up")
    check_equal(c.get("/v1/account").status, 200, "nor are other requests")

    # A client that goes away gives its slot back.
    first.close()
    wait_until(lambda: c.get(path.replace("conversations&", "daily&")).status == 200, timeout=10,
               what="the abandoned export's slot to come back")
    second.close()
    wait_until(lambda: [c.get(path.replace("conversations&", "daily&")).status for _ in range(3)] == [200] * 3,
               timeout=10, what="both slots back")
    svc.stop()


if __name__ == "__main__":
    sys.exit(run_tests([
        ("conversations, transactions and daily exports", test_three_kinds),
        ("bad parameters", test_bad_parameters),
        ("a 200,000-row export", test_large_export),
        ("at most two exports at once per account", test_two_at_once),
    ]))
