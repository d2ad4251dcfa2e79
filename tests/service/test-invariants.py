#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Money invariants under load: exactly-once credit when the sandbox and the
webhook race, and balance = sum(ledger) after 1,000 random operations across
two accounts, with no object of one account visible to the other."""

import json
import os
import random
import sys
import threading

from mcservice import Client, check, check_equal, db_query, money, run_tests, webhook

SECRET = b"race-secret"


def secret_file(t):
    path = t.file("secret")
    with open(path, "wb") as f:
        f.write(SECRET)
    return path


def ledger_checks(t, client, account_id):
    """balance = sum(ledger), through the API and straight from SQLite."""
    account = client.account()
    lines = client.all_pages("/v1/transactions")
    api_sum = sum(money(line["amount"]) for line in lines)
    check_equal(money(account["balance"]), api_sum, "API balance vs the sum of its ledger")
    if lines:
        check_equal(money(lines[0]["balance_after"]), api_sum, "newest balance_after")
    ((balance, ledger_sum, count),) = db_query(
        t.db, "SELECT a.balance, (SELECT coalesce(sum(amount), 0) FROM ledger WHERE account_id = a.id),"
              " (SELECT count(*) FROM ledger WHERE account_id = a.id) FROM accounts a WHERE a.id = ?", account_id)
    check_equal(balance, ledger_sum, "accounts.balance vs sum(ledger) in SQLite")
    check_equal(balance, api_sum, "SQLite balance vs API")
    check_equal(count, len(lines), "every ledger line is listed")
    dupes = db_query(t.db, "SELECT ref, count(*) FROM ledger WHERE kind = 'recharge' GROUP BY ref HAVING count(*) > 1")
    check_equal(dupes, [], "no payment credited twice")
    return api_sum


def test_race(t):
    acc, token = t.create_account()
    svc = t.serve("--sandbox-gateway", "--webhook-secret-file", secret_file(t))
    c = svc.client(token)
    payments = [c.create_payment(str(100 + i)).json for i in range(25)]
    outcomes = []
    lock = threading.Lock()

    def hit(payment, kind):
        client = Client(svc.host, svc.port, token)
        try:
            if kind == "pay":
                status = client.sandbox_pay(payment).status
            else:
                status = webhook(client, SECRET, payment["id"], "paid", payment["total"], "INR").status
        except OSError as e:
            status = repr(e)
        client.close()
        with lock:
            outcomes.append((payment["id"], kind, status))

    threads = []
    for p in payments:
        for kind in ("pay", "hook", "pay", "hook", "hook"):
            threads.append(threading.Thread(target=hit, args=(p, kind)))
    for th in threads:
        th.start()
    for th in threads:
        th.join()

    check_equal(len(outcomes), len(threads), "every request answered")
    for p in payments:
        mine = [o for o in outcomes if o[0] == p["id"]]
        check(all(s == 200 for _, k, s in mine if k == "hook"), f"webhooks all received: {mine}")
        check(all(s in (303, 409) for _, k, s in mine if k == "pay"), f"sandbox answers: {mine}")
        check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "completed")
    expected = sum(money(p["amount"]) for p in payments)
    check_equal(ledger_checks(t, c, acc), expected, "each payment credited exactly once")
    rows = db_query(t.db, "SELECT count(*) FROM ledger WHERE kind = 'recharge'")
    check_equal(rows[0][0], len(payments))
    notes = db_query(t.db, "SELECT count(*) FROM notifications WHERE kind = 'payment_completed'")
    check_equal(notes[0][0], len(payments), "one payment_completed notice per payment")
    mails = db_query(t.db, "SELECT count(*) FROM outbox WHERE kind = 'payment_completed'")
    check_equal(mails[0][0], len(payments), "one confirmation e-mail per payment")


class Model:
    def __init__(self, account_id, token):
        self.id = account_id
        self.token = token
        self.payments = {}   # id -> payment dict as last seen
        self.balance = 0
        self.notifications = set()
        self.keys = {}       # Idempotency-Key -> (amount, payment id)


def test_random_operations(t):
    seed = int(os.environ.get("MC_TEST_SEED", "20261126"))
    rng = random.Random(seed)
    print(f"# seed {seed}")
    models = [Model(*t.create_account("INR", name="Alpha", email="alpha@example.com")),
              Model(*t.create_account("USD", name="Beta", email="beta@example.com"))]
    svc = t.serve("--sandbox-gateway", "--webhook-secret-file", secret_file(t))
    clients = {m.id: svc.client(m.token) for m in models}
    currency = {models[0].id: "INR", models[1].id: "USD"}
    minimum = {"INR": 100, "USD": 5}
    adjust_count = 0

    for step in range(1000):
        m = rng.choice(models)
        other = models[1] if m is models[0] else models[0]
        c = clients[m.id]
        op = rng.choices(["create", "bad_create", "replay", "pay", "decline", "hook_paid", "hook_failed",
                          "hook_wrong", "cancel", "patch", "read", "list", "cross", "adjust"],
                         weights=[20, 5, 4, 12, 5, 10, 4, 3, 8, 3, 4, 8, 8, 1])[0]
        pick = rng.choice(list(m.payments.values())) if m.payments else None

        if op == "create":
            cents = rng.randint(minimum[currency[m.id]] * 100, minimum[currency[m.id]] * 100 * 30)
            amount = f"{cents // 100}.{cents % 100:02d}"
            resp = c.create_payment(amount, key=f"k{step}")
            check_equal(resp.status, 201, str(resp))
            m.payments[resp.json["id"]] = resp.json
            m.keys[f"k{step}"] = (amount, resp.json["id"])
        elif op == "bad_create":
            amount = rng.choice(["0", "-1", "1e3", "12.345", "abc", "99999999", "1"])
            resp = c.create_payment(amount)
            check(resp.status in (400, 422), f"refused {amount}: {resp}")
        elif op == "replay" and m.keys:
            key = rng.choice(sorted(m.keys))
            amount, pid = m.keys[key]
            resp = c.create_payment(amount + "0", key=key)
            check_equal((resp.status, resp.json["id"], resp.header("Idempotent-Replayed")), (200, pid, "true"))
            check_equal(resp.json["status"], m.payments[pid]["status"], "a replay shows the payment as it is now")
            whole, frac = amount.split(".")
            resp = c.create_payment(f"{int(whole) + 1}.{frac}", key=key)
            check_equal(resp.status, 409, f"same key, another amount: {resp}")
        elif op in ("pay", "decline") and pick:
            resp = c.sandbox_pay(pick) if op == "pay" else c.sandbox_decline(pick)
            before = pick["status"]
            check_equal(resp.status, 303 if before == "pending" else 409, f"{op} on {before}")
            if resp.status == 303:
                pick["status"] = "completed" if op == "pay" else "failed"
                if op == "pay":
                    m.balance += money(pick["amount"])
        elif op == "hook_paid" and pick:
            resp = webhook(c, SECRET, pick["id"], "paid", pick["total"], currency[m.id])
            check_equal(resp.status, 200)
            if pick["status"] != "completed":
                pick["status"] = "completed"
                m.balance += money(pick["amount"])
        elif op == "hook_failed" and pick:
            check_equal(webhook(c, SECRET, pick["id"], "failed", pick["total"], currency[m.id]).status, 200)
            if pick["status"] == "pending":
                pick["status"] = "failed"
        elif op == "hook_wrong" and pick:
            resp = webhook(c, SECRET, pick["id"], "paid", pick["amount"] + "1", currency[m.id])
            check_equal(resp.status, 409)
        elif op == "cancel" and pick:
            resp = c.post(f"/v1/payments/{pick['id']}/cancel")
            check_equal(resp.status, 200 if pick["status"] == "pending" else 409, f"cancel {pick['status']}")
            if resp.status == 200:
                pick["status"] = "cancelled"
        elif op == "patch":
            value = f"{rng.randint(0, 5000)}.{rng.randint(0, 99):02d}"
            check_equal(c.patch("/v1/account", {"low_balance_threshold": value}).status, 200)
        elif op == "read":
            notes = c.get("/v1/notifications?limit=20").json["data"]
            if notes:
                n = rng.choice(notes)
                check_equal(c.post(f"/v1/notifications/{n['id']}/read").json["read"], True)
        elif op == "list":
            path = rng.choice(["/v1/payments", "/v1/payments?status=pending", "/v1/transactions",
                               "/v1/notifications", "/v1/account"])
            check_equal(c.get(path).status, 200)
        elif op == "cross" and other.payments:
            theirs = rng.choice(list(other.payments.values()))
            for resp in (c.get(f"/v1/payments/{theirs['id']}"), c.post(f"/v1/payments/{theirs['id']}/cancel")):
                check_equal(resp.status, 404, "another account's payment is not found")
        elif op == "adjust" and adjust_count < 12:
            adjust_count += 1
            units = rng.randint(-200000 * 10000, 50000 * 10000) // 100 * 100
            if units == 0:
                units = 10000
            amount = f"{'-' if units < 0 else ''}{abs(units) // 10000}.{abs(units) % 10000 // 100:02d}"
            out = t.cli("account", "adjust", "--db", t.db, "--account", m.id, "--amount", amount,
                        "--reason", f"Operator correction {step}")
            m.balance += units
            check_equal(money(json.loads(out.stdout)["balance"]), m.balance, "adjust prints the account")

    for m in models:
        c = clients[m.id]
        check_equal(ledger_checks(t, c, m.id), m.balance, f"balance of {m.id} matches the model")
        listed = {p["id"]: p for p in c.all_pages("/v1/payments")}
        check_equal(set(listed), set(m.payments), "exactly the account's own payments")
        for pid, p in m.payments.items():
            check_equal(listed[pid]["status"], p["status"], f"status of {pid}")
        account = c.account()
        check_equal(account["pending_payments"], sum(1 for p in m.payments.values() if p["status"] == "pending"))
        for n in c.all_pages("/v1/notifications"):
            if n["ref"] and n["ref"].startswith("pay_"):
                check(n["ref"] in m.payments, "notifications only about the account's own payments")
        for line in c.all_pages("/v1/transactions"):
            if line["ref"]:
                check(line["ref"] in m.payments, "ledger lines only for the account's own payments")


if __name__ == "__main__":
    sys.exit(run_tests([
        ("pay and webhook racing credit once", test_race),
        ("1,000 random operations keep balance = sum(ledger)", test_random_operations),
    ]))
