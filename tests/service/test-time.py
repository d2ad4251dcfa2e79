#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rules measured in hours, on the service's test clock: a pending payment's
notice after one hour, its expiry after 24 (by the timer, and by the sweep at
start-up), and idempotency keys that live 24 hours."""

import sys

from mcservice import check, check_equal, run_tests, wait_until

SECRET = b"time-secret"
# One real second is 20,000 service seconds: an hour is 0.18 s, a day 4.3 s.
FAST = {"MC_SERVICE_TIME_SCALE": "20000"}


def notices(c, kind):
    return [n for n in c.get("/v1/notifications").json["data"] if n["kind"] == kind]


def test_timer(t):
    with open(t.file("secret"), "wb") as f:
        f.write(SECRET)
    acc, token = t.create_account()
    svc = t.serve("--sandbox-gateway", "--webhook-secret-file", t.file("secret"), env=FAST)
    c = svc.client(token)
    p = c.create_payment("1000", key="once").json
    done = c.create_payment("500").json
    c.sandbox_pay(done)

    found = wait_until(lambda: notices(c, "payment_pending"), timeout=5, what="the payment_pending notice")
    check_equal(len(found), 1)
    check_equal(found[0]["ref"], p["id"], "only the payment still pending gets it")
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "pending", "an hour is not a day")

    wait_until(lambda: c.get(f"/v1/payments/{p['id']}").json["status"] == "expired", timeout=15,
               what="the expiry")
    check_equal(len(notices(c, "payment_pending")), 1, "the notice came once")
    check_equal(c.account()["pending_payments"], 0)
    check_equal(c.post(f"/v1/payments/{p['id']}/cancel").status, 409)
    check_equal(c.sandbox_pay(p).status, 409)
    page = c.get(c.checkout_path(p), auth=False).text
    check("Expired" in page, "the page says it expired")
    # Money that arrives late is still credited.
    from mcservice import webhook
    check_equal(webhook(c, SECRET, p["id"], "paid", "1180.00", "INR").status, 200)
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "completed")
    check_equal(c.account()["balance"], "1500.00")
    # The key's 24 hours are over: it starts a new payment.
    again = c.create_payment("700", key="once")
    check_equal(again.status, 201, str(again))
    check(again.json["id"] != p["id"], "a new payment")


def test_startup_sweep(t):
    acc, token = t.create_account()
    start = {"MC_SERVICE_NOW": "2028-08-31T12:00:00Z"}
    svc = t.serve(env=start)
    c = svc.client(token)
    p = c.create_payment("1000").json
    check_equal(p["created_at"], "2028-08-31T12:00:00Z")
    check_equal(p["expires_at"], "2028-09-01T12:00:00Z")
    q = c.create_payment("2000").json
    c.post(f"/v1/payments/{q['id']}/cancel")
    svc.stop()

    # Down for two hours: the pending notice is due, the expiry is not.
    svc = t.serve(env={"MC_SERVICE_NOW": "2028-08-31T14:00:00Z"})
    c = svc.client(token)
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "pending")
    found = notices(c, "payment_pending")
    check_equal([n["ref"] for n in found], [p["id"]])
    check_equal(found[0]["at"], "2028-08-31T14:00:00Z")
    svc.stop()

    # Down past the 24 hours: expired as soon as it starts.
    svc = t.serve(env={"MC_SERVICE_NOW": "2028-09-02T09:00:00Z"})
    c = svc.client(token)
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "expired")
    check_equal(c.get(f"/v1/payments/{q['id']}").json["status"], "cancelled")
    check_equal(len(notices(c, "payment_pending")), 1, "no second pending notice")
    check_equal(c.account()["pending_payments"], 0)


def test_bad_clock_variable(t):
    proc = t.cli("serve", "--db", t.db, "--listen", "127.0.0.1:0", check_rc=False,
                 env={"MC_SERVICE_NOW": "yesterday"})
    check(proc.returncode != 0, "a malformed test clock is refused")
    check("MC_SERVICE_NOW" in proc.stderr, proc.stderr)


if __name__ == "__main__":
    sys.exit(run_tests([
        ("pending notice after an hour, expiry after a day", test_timer),
        ("the start-up sweep", test_startup_sweep),
        ("a malformed test clock", test_bad_clock_variable),
    ]))
