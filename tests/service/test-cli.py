#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The operator's commands: account create / rotate-token / adjust, demo, --help."""

import json
import sys

from mcservice import check, check_equal, db_query, mail_kinds, money, run_tests, wait_until


def test_create(t):
    proc = t.cli("account", "create", "--db", t.db, "--name", "Acme", "--email", "a@acme.example",
                 "--currency", "INR", "--timezone", "Europe/Berlin",
                 "--rates", "free=0.01,user_initiated=0.5")
    obj = json.loads(proc.stdout)
    check_equal(sorted(obj), ["id", "token"])
    check(len(obj["token"]) >= 32, "a long token")
    stored = db_query(t.db, "SELECT token_hash, timezone, rate_free, rate_business_initiated, rate_user_initiated"
                            " FROM accounts WHERE id = ?", obj["id"])[0]
    check(obj["token"] not in json.dumps(stored), "the token is not stored")
    import hashlib
    check_equal(stored[0], hashlib.sha256(obj["token"].encode()).hexdigest(), "only its SHA-256")
    check_equal(stored[1:], ("Europe/Berlin", 100, 8000, 5000))
    for args in (["--currency", "EUR"], ["--email", "not-an-address"], ["--name", ""],
                 ["--timezone", "Mars/Olympus"], ["--rates", "free=-1"], ["--rates", "vip=1"],
                 ["--rates", "free=1,free=2"], ["--email", "a@b.example\r\nBcc: x@y.example"]):
        base = {"--name": "X", "--email": "x@x.example", "--currency": "USD"}
        for k, v in zip(args[::2], args[1::2]):
            base[k] = v
        flat = [x for kv in base.items() for x in kv]
        proc = t.cli("account", "create", "--db", t.db, *flat, check_rc=False)
        check_equal(proc.returncode, 2, f"{args} refused as bad usage: {proc.stderr}")
        check_equal(proc.stdout, "", "nothing printed")
    check_equal(db_query(t.db, "SELECT count(*) FROM accounts")[0][0], 1, "no account from refused commands")
    check_equal(t.cli("account", "create", "--db", t.db, check_rc=False).returncode, 2)
    check_equal(t.cli("bogus", check_rc=False).returncode, 2)


def test_rotate(t):
    acc, old = t.create_account()
    svc = t.serve()
    check_equal(svc.client(old).get("/v1/account").status, 200)
    obj = json.loads(t.cli("account", "rotate-token", "--db", t.db, "--account", acc).stdout)
    check_equal(obj["id"], acc)
    check(obj["token"] != old, "a new token")
    check_equal(svc.client(old).get("/v1/account").status, 401, "the old token stops working at once")
    check_equal(svc.client(obj["token"]).get("/v1/account").status, 200)
    proc = t.cli("account", "rotate-token", "--db", t.db, "--account", "acc_nope", check_rc=False)
    check(proc.returncode != 0 and proc.stdout == "", "unknown account refused")


def test_adjust_and_crossings(t):
    acc, token = t.create_account()
    svc = t.serve("--sandbox-gateway")
    c = svc.client(token)
    p = c.create_payment("1000").json
    c.sandbox_pay(p)

    def adjust(amount, reason):
        return json.loads(t.cli("account", "adjust", "--db", t.db, "--account", acc, "--amount", amount,
                                "--reason", reason).stdout)

    a = adjust("-850.00", "Refund of a duplicate charge")
    check_equal((a["balance"], a["state"]), ("150.00", "ok"))
    check_equal(a, c.account(), "adjust prints the account as GET /v1/account does")
    a = adjust("-50", "Fee")
    check_equal((a["balance"], a["state"]), ("100.00", "low"))
    a = adjust("-10", "Fee")
    check_equal(a["balance"], "90.00")
    a = adjust("-90", "Fee")
    check_equal((a["balance"], a["state"]), ("0.00", "restricted"))
    a = adjust("-5.5", "Fee")
    check_equal(a["balance"], "-5.50")
    a = adjust("500", "Goodwill credit")
    check_equal((a["balance"], a["state"]), ("494.50", "ok"))
    a = adjust("-400", "Fee")
    check_equal((a["balance"], a["state"]), ("94.50", "low"))

    kinds = [n["kind"] for n in reversed(c.get("/v1/notifications").json["data"])]
    check_equal(kinds, ["payment_completed", "low_balance", "account_restricted", "low_balance"],
                "notices on crossings only, re-armed once above again")
    lines = c.get("/v1/transactions").json["data"]
    check_equal(lines[0]["kind"], "adjustment")
    check_equal(lines[0]["description"], "Fee")
    check_equal(lines[0]["ref"], None)
    check_equal(lines[-2]["description"], "Refund of a duplicate charge")
    check_equal(money(c.account()["balance"]), sum(money(l["amount"]) for l in lines))

    kinds = wait_until(lambda: len(mail_kinds(t.db)) == 4 and mail_kinds(t.db),
                       timeout=8, what="the crossing e-mails, queued by the CLI, sent by serve")
    check_equal(kinds, ["account_restricted", "low_balance", "low_balance", "payment_completed"])

    for bad in ("0", "abc", "1e3", "--", ""):
        proc = t.cli("account", "adjust", "--db", t.db, "--account", acc, "--amount", bad, "--reason", "x",
                     check_rc=False)
        check(proc.returncode != 0, f"amount {bad!r} refused")
    proc = t.cli("account", "adjust", "--db", t.db, "--account", acc, "--amount", "1", "--reason", "  ",
                 check_rc=False)
    check(proc.returncode != 0, "an empty reason is refused")
    proc = t.cli("account", "adjust", "--db", t.db, "--account", acc, "--amount", "922337203685477",
                 "--reason", "overflow", check_rc=False)
    check(proc.returncode != 0, "a balance that would not fit is refused")
    check_equal(c.account()["balance"], "94.50", "refused adjustments change nothing")


def test_demo(t):
    # How fast the demo builds is a benchmark figure (README), not a timed
    # test: sanitizer builds and a loaded machine must not fail it.
    obj = json.loads(t.cli("demo", "--db", t.db).stdout)
    svc = t.serve("--sandbox-gateway")
    c = svc.client(obj["token"])
    a = c.account()
    check_equal((a["id"], a["currency"], a["timezone"]), (obj["id"], "INR", "Asia/Kolkata"))
    check(money(a["balance"]) > 0, "a positive balance")
    payments = c.all_pages("/v1/payments")
    check_equal({p["status"] for p in payments}, {"pending", "completed", "failed", "cancelled", "expired"},
                "payments in every state")
    pending = [p for p in payments if p["status"] == "pending"]
    check_equal(len(pending), 1)
    check_equal(a["pending_payments"], 1)
    import datetime
    created = datetime.datetime.strptime(pending[0]["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    age = datetime.datetime.utcnow() - created
    check(datetime.timedelta(0) <= age < datetime.timedelta(hours=1), f"the pending one is recent ({age})")
    lines = c.all_pages("/v1/transactions")
    check_equal(money(a["balance"]), sum(money(l["amount"]) for l in lines))
    check({n["kind"] for n in c.all_pages("/v1/notifications")} >= {"payment_completed", "payment_failed",
                                                                    "payment_pending"}, "history's notices")
    # The pending demo payment can be paid on its page.
    check_equal(c.sandbox_pay(pending[0]).status, 303)
    # Same content every time.
    again = json.loads(t.cli("demo", "--db", t.file("other.db")).stdout)
    rows = lambda db, acc: db_query(db, "SELECT status, amount, total FROM payments WHERE account_id = ? "
                                        "ORDER BY created_at", acc)
    first = rows(t.db, obj["id"])
    first[-1] = ("pending",) + first[-1][1:]
    check_equal(rows(t.file("other.db"), again["id"]), first, "the same payments every time")


def test_help(t):
    proc = t.cli("serve", "--help")
    for option in ("--db", "--listen", "--public-url", "--sandbox-gateway", "--webhook-secret-file", "--smtp",
                   "--support-phone", "--support-email", "MC_SERVICE_NOW", "tests only"):
        check(option in proc.stdout, f"{option} in serve --help")
    check_equal(t.cli("--help").returncode, 0)
    check_equal(t.cli(check_rc=False).returncode, 2)
    proc = t.cli("serve", "--db", t.db, "--listen", "nonsense", check_rc=False)
    check(proc.returncode != 0 and proc.stdout == "", "a bad --listen is refused")
    proc = t.cli("serve", "--db", t.db, "--listen", "127.0.0.1:0", "--webhook-secret-file", t.file("none"),
                 check_rc=False)
    check(proc.returncode != 0 and proc.stdout == "", "a missing secret file is refused")


if __name__ == "__main__":
    sys.exit(run_tests([
        ("account create", test_create),
        ("account rotate-token", test_rotate),
        ("account adjust and the crossing notices", test_adjust_and_crossings),
        ("demo", test_demo),
        ("--help and bad options", test_help),
    ]))
