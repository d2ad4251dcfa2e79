#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""POST /v1/conversations: rates, idempotency on external_id, limits, the
restricted account, crossings, live events and races with a recharge."""

import datetime
import sys
import threading

from mcservice import WebSocket, check, check_equal, db_query, mail_kinds, money, run_tests, wait_until
from mcusage import (UTC, check_ledger, conversation, expect_error, fund, rfc3339)


def test_debits_the_rate_card(t):
    acc, token = t.create_account("INR")
    fund(t, acc, "500")
    svc = t.serve()
    c = svc.client(token)

    got = {}
    for n, category in enumerate(("free", "business_initiated", "user_initiated")):
        resp = conversation(c, f"wamid-{n}", category)
        check_equal(resp.status, 201, f"created: {resp}")
        body = resp.json
        check(body["id"].startswith("conv_") and len(body["id"]) >= 31, "a conv_ id of 128 bits")
        check_equal(body["category"], category)
        got[category] = (body["cost"], body["balance"])
    check_equal(got, {"free": ("0.00", "500.00"), "business_initiated": ("0.80", "499.20"),
                      "user_initiated": ("0.35", "498.85")}, "the default INR rates")

    lines = c.all_pages("/v1/transactions")
    convs = [l for l in lines if l["kind"] == "conversation"]
    check_equal(sorted(l["amount"] for l in convs), ["-0.35", "-0.80"], "one ledger line per paid conversation")
    check(all(l["ref"].startswith("conv_") for l in convs), "the lines point at their conversation")
    check_equal(check_ledger(c), money("498.85"))


def test_rates_per_account(t):
    acc, token = t.create_account("INR", extra=("--rates", "business_initiated=1.10,free=0.05"))
    usd, usd_token = t.create_account("USD", name="Globex", email="o@globex.example")
    fund(t, acc, "100")
    fund(t, usd, "10")
    svc = t.serve()
    c = svc.client(token)
    check_equal(c.account()["rates"], {"free": "0.05", "business_initiated": "1.10", "user_initiated": "0.35"})
    check_equal(conversation(c, "a", "business_initiated").json["cost"], "1.10", "the stored rate, not a default")
    check_equal(conversation(c, "b", "free").json["cost"], "0.05")
    check_equal(conversation(c, "c", "user_initiated").json["cost"], "0.35", "a key left out keeps its default")

    u = svc.client(usd_token)
    check_equal(conversation(u, "a", "business_initiated").json["cost"], "0.0147", "USD default, 4 decimals")
    check_equal(conversation(u, "b", "user_initiated").json["cost"], "0.006")
    check_equal(u.account()["balance"], "9.9793")
    check_ledger(u)

    bad = t.cli("account", "create", "--db", t.db, "--name", "X", "--email", "x@x.example", "--currency", "INR",
                "--rates", "business_initiated=-1", check_rc=False)
    check(bad.returncode != 0, "a negative rate is refused")


def test_idempotent_on_external_id(t):
    acc, token = t.create_account()
    fund(t, acc, "200")
    svc = t.serve()
    c = svc.client(token)
    now = datetime.datetime.now(UTC).replace(microsecond=0)
    started = rfc3339(now - datetime.timedelta(hours=2))

    first = conversation(c, "wamid-1", "business_initiated", started_at=started)
    check_equal(first.status, 201)
    # The same request again: the same conversation, nothing debited; the
    # time may be written with an offset and a fraction.
    local = (now - datetime.timedelta(hours=2)).astimezone(datetime.timezone(datetime.timedelta(hours=5, minutes=30)))
    again = conversation(c, "wamid-1", "business_initiated", started_at=local.strftime("%Y-%m-%dT%H:%M:%S.250+05:30"))
    check_equal(again.status, 200, f"a replay: {again}")
    check_equal(again.header("Idempotent-Replayed"), "true")
    check_equal(again.json["id"], first.json["id"])
    check_equal((again.json["cost"], again.json["balance"]), ("0.80", "199.20"))
    check_equal(len([l for l in c.all_pages("/v1/transactions") if l["kind"] == "conversation"]), 1,
                "debited once")

    for changed in ({"category": "user_initiated"}, {"wa_id": "919876543211"},
                    {"started_at": rfc3339(now - datetime.timedelta(hours=3))}, {"started_at": None}):
        body = {"category": "business_initiated", "wa_id": "919876543210", "started_at": started}
        body.update(changed)
        resp = conversation(c, "wamid-1", **body)
        expect_error(resp, 409, "idempotency_conflict", "external_id")

    # Without started_at the default is "now"; a repeat without it matches.
    check_equal(conversation(c, "wamid-2", "free").status, 201)
    check_equal(conversation(c, "wamid-2", "free").status, 200)
    expect_error(conversation(c, "wamid-2", "free", started_at=started), 409, "idempotency_conflict")

    # Looked up before any other check: a replay whose other fields are now
    # invalid is a different body, a valid replay is answered even when
    # restricted, and ids are per account.
    expect_error(conversation(c, "wamid-1", "business_initiated", wa_id="+91 98765", started_at=started),
                 409, "idempotency_conflict")
    fund(t, acc, "-199.20", reason="Empty the account")
    check_equal(c.account()["state"], "restricted")
    check_equal(conversation(c, "wamid-1", "business_initiated", started_at=started).status, 200,
                "a replay is not refused for the restriction")
    other_acc, other_token = t.create_account(name="Other", email="o@other.example")
    fund(t, other_acc, "10")
    check_equal(conversation(svc.client(other_token), "wamid-1").status, 201, "external ids are per account")
    check_ledger(c)


def test_bad_input_changes_nothing(t):
    acc, token = t.create_account()
    fund(t, acc, "100")
    svc = t.serve()
    c = svc.client(token)
    now = datetime.datetime.now(UTC)
    good = {"external_id": "x", "category": "free", "wa_id": "919876543210"}

    def post(changes, raw=None):
        body = dict(good)
        body.update(changes)
        for key in [k for k, v in changes.items() if v is Ellipsis]:
            del body[key]
        return c.post("/v1/conversations", raw=raw) if raw is not None else c.post("/v1/conversations", body)

    expect_error(post({}, raw=b"{nope"), 400, "invalid_json")
    expect_error(post({}, raw=b"[]"), 400, "invalid_request")
    expect_error(post({"external_id": Ellipsis}), 400, "invalid_request", "external_id")
    expect_error(post({"external_id": 12}), 400, "invalid_request", "external_id")
    expect_error(post({"external_id": ""}), 400, "invalid_request", "external_id")
    expect_error(post({"external_id": "x" * 256}), 400, "invalid_request", "external_id")
    expect_error(post({"category": "marketing"}), 400, "invalid_request", "category")
    expect_error(post({"category": Ellipsis}), 400, "invalid_request", "category")
    for wa in ("+919876543210", "123456", "1234567890123456", "91987654321a", "91 9876543210", "९१९८७६५४३२"):
        expect_error(post({"wa_id": wa}), 400, "invalid_phone", "wa_id")
    expect_error(post({"wa_id": 919876543210}), 400, "invalid_request", "wa_id")
    for when in ("yesterday", "2026-11-26", "2026-11-26T09:30:00", rfc3339(now + datetime.timedelta(minutes=6)),
                 rfc3339(now - datetime.timedelta(hours=24, minutes=1))):
        expect_error(post({"started_at": when}), 400, "invalid_date", "started_at")
    expect_error(post({"started_at": 1764149400}), 400, "invalid_request", "started_at")
    check_equal(c.account()["balance"], "100.00", "nothing was debited")
    check_equal(db_query(t.db, "SELECT count (*) FROM conversations")[0][0], 0, "nothing was recorded")

    # The edges that are allowed.
    check_equal(post({"external_id": "e1", "wa_id": "1234567", "started_at":
                      rfc3339(now + datetime.timedelta(minutes=4))}).status, 201)
    check_equal(post({"external_id": "e2", "wa_id": "123456789012345", "started_at":
                      rfc3339(now - datetime.timedelta(hours=23, minutes=58))}).status, 201)
    check_equal(post({"external_id": "ü" * 255, "extra": [1, 2]}).status, 201, "255 characters; unknown fields ignored")
    expect_error(c.post("/v1/conversations", good, token="mct_nope"), 401, "unauthorized")


def test_restricted_and_negative(t):
    acc, token = t.create_account()
    svc = t.serve()
    c = svc.client(token)
    expect_error(conversation(c, "a", "free"), 402, "account_restricted")
    fund(t, acc, "0.50")
    resp = conversation(c, "b", "business_initiated")
    check_equal((resp.status, resp.json["balance"]), (201, "-0.30"), "a debit may take the balance below zero")
    a = c.account()
    check_equal((a["balance"], a["state"]), ("-0.30", "restricted"))
    before = db_query(t.db, "SELECT count (*) FROM ledger")[0][0]
    for category in ("free", "user_initiated", "business_initiated"):
        expect_error(conversation(c, f"c-{category}", category), 402, "account_restricted")
    check_equal(db_query(t.db, "SELECT count (*) FROM ledger")[0][0], before, "a refusal writes nothing")
    check_equal(db_query(t.db, "SELECT count (*) FROM conversations")[0][0], 1)
    fund(t, acc, "0.31")
    check_equal(conversation(c, "d", "free").status, 201, "above zero again: allowed")
    check_ledger(c)


def test_crossing_notices(t):
    acc, token = t.create_account()
    fund(t, acc, "101.50")
    svc = t.serve()
    c = svc.client(token)
    for n in range(3):
        check_equal(conversation(c, f"w{n}", "business_initiated").status, 201)
    kinds = [n["kind"] for n in c.all_pages("/v1/notifications")]
    check_equal(kinds, ["low_balance"], "one notice on the crossing, none after (99.10 ≤ 100)")
    fund(t, acc, "-99.00", reason="Test")  # 0.10 left; the adjustment crosses nothing further above zero
    check_equal(conversation(c, "w-last", "user_initiated").json["balance"], "-0.25")
    kinds = [n["kind"] for n in c.all_pages("/v1/notifications")]
    check_equal(kinds.count("account_restricted"), 1, f"the crossing to zero: {kinds}")
    check_equal(kinds.count("low_balance"), 1)
    # Both crossings are e-mailed, with their kind in a header.
    kinds = wait_until(lambda: len(mail_kinds(t.db)) >= 2 and mail_kinds(t.db), what="two e-mails")
    check("low_balance" in kinds, "the low-balance e-mail")
    check("account_restricted" in kinds, "the restricted e-mail")


def test_live_events(t):
    acc, token = t.create_account()
    fund(t, acc, "100.40")
    svc = t.serve()
    c = svc.client(token)
    ws = WebSocket(svc.host, svc.port, "/v1/events", token)
    check_equal(ws.status, 101)
    conversation(c, "a", "business_initiated")
    events = [ws.receive(), ws.receive()]
    types = sorted(e["type"] for e in events)
    check_equal(types, ["account", "notification"], "the balance change and the low-balance notice")
    account = next(e for e in events if e["type"] == "account")["account"]
    check_equal((account["balance"], account["state"]), ("99.60", "low"))
    check_equal(events[1]["seq"], events[0]["seq"] + 1)
    conversation(c, "b", "free")  # moves no money: no event
    conversation(c, "c", "user_initiated")
    e = ws.receive()
    check_equal((e["type"], e["account"]["balance"], e["seq"]), ("account", "99.25", events[1]["seq"] + 1),
                "a free conversation changed nothing to report")
    ws.close()


def test_race_with_recharge(t):
    acc, token = t.create_account()
    fund(t, acc, "20")
    svc = t.serve("--sandbox-gateway")
    results = {"created": [], "refused": 0, "other": []}
    lock = threading.Lock()

    def talk(worker):
        c = svc.client(token)
        for n in range(60):
            resp = conversation(c, f"w{worker}-{n}", ("business_initiated", "user_initiated")[n % 2])
            with lock:
                if resp.status == 201:
                    results["created"].append(money(resp.json["cost"]))
                elif resp.status == 402:
                    results["refused"] += 1
                else:
                    results["other"].append(resp)
        c.close()

    def recharge():
        c = svc.client(token)
        for _ in range(4):
            p = c.create_payment("100").json
            check_equal(c.sandbox_pay(p).status, 303)
        c.close()

    threads = [threading.Thread(target=talk, args=(w,)) for w in range(4)] + [threading.Thread(target=recharge)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()

    check_equal(results["other"], [], "only 201 or 402")
    c = svc.client(token)
    balance = check_ledger(c)
    check_equal(balance, money("20") + 4 * money("100") - sum(results["created"]),
                "every recharge credited once, every conversation debited once")
    check_equal(db_query(t.db, "SELECT count (*) FROM conversations")[0][0], len(results["created"]))
    check_equal(db_query(t.db, "SELECT coalesce (sum (count), 0) FROM usage_daily")[0][0], len(results["created"]),
                "the daily rollup counts each one")


if __name__ == "__main__":
    sys.exit(run_tests([
        ("debits the account's rate card", test_debits_the_rate_card),
        ("rates are stored per account", test_rates_per_account),
        ("idempotent on external_id", test_idempotent_on_external_id),
        ("bad input gets api.md's errors and changes nothing", test_bad_input_changes_nothing),
        ("restricted accounts and negative balances", test_restricted_and_negative),
        ("low-balance and restricted crossings, with e-mail", test_crossing_notices),
        ("live events for the balance", test_live_events),
        ("conversations racing recharges keep balance = sum(ledger)", test_race_with_recharge),
    ]))
