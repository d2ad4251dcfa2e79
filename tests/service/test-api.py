#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The /v1 routes of api.md and every error code it lists for them."""

import sys

from mcservice import check, check_equal, run_tests


def expect_error(resp, status, code, field=None):
    check_equal(resp.status, status, f"status of {resp}")
    err = resp.json["error"]
    check_equal(err["code"], code, f"error code of {resp}")
    check(isinstance(err["message"], str) and err["message"], "error message present")
    if field is not None:
        check_equal(err.get("field"), field, f"error field of {resp}")


def test_healthz(t):
    svc = t.serve()
    resp = svc.client().get("/healthz")
    check_equal(resp.status, 200)
    check_equal(resp.json, {"status": "ok"})
    check(resp.header("Content-Type").startswith("application/json"), "JSON content type")


def test_auth(t):
    acc, token = t.create_account()
    svc = t.serve()
    c = svc.client()
    for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer"},
                    {"Authorization": "Bearer "}, {"Authorization": "Bearer mct_wrong"},
                    {"Authorization": f"Bearer {token}x"}, {"Authorization": token}):
        for path in ("/v1/account", "/v1/payments", "/v1/transactions", "/v1/notifications", "/v1/nothing"):
            expect_error(c.request("GET", path, headers=headers, auth=False), 401, "unauthorized")
    expect_error(c.post("/v1/payments", {"amount": "100"}, headers={"Idempotency-Key": "k"}, auth=False),
                 401, "unauthorized")
    check_equal(c.get("/v1/account", token=token).status, 200)
    check_equal(c.get("/v1/account", headers={"Authorization": f"bearer {token}"}, auth=False).status, 200)
    expect_error(c.get("/v1/nothing", token=token), 404, "not_found")


def test_account_inr(t):
    acc, token = t.create_account("INR")
    svc = t.serve()
    a = svc.client(token).account()
    check_equal(a["id"], acc)
    check(a["id"].startswith("acc_") and len(a["id"]) >= 4 + 26, "id has a prefix and 128 bits")
    check_equal(a["name"], "Acme Traders")
    check_equal(a["email"], "owner@acme.example")
    check_equal(a["currency"], "INR")
    check_equal(a["timezone"], "Asia/Kolkata")
    check_equal(a["balance"], "0.00")
    check_equal(a["state"], "restricted")
    check_equal(a["low_balance_threshold"], "100.00")
    check_equal(a["recharge_min"], "100.00")
    check_equal(a["recharge_max"], "100000.00")
    check_equal(a["tax"], {"name": "GST", "rate_percent": "18"})
    check_equal(a["rates"], {"free": "0.00", "business_initiated": "0.80", "user_initiated": "0.35"})
    check_equal(a["pending_payments"], 0)
    check_equal(a["support"], {"phone": None, "email": None})


def test_account_usd_and_support(t):
    acc, token = t.create_account("USD", extra=("--rates", "business_initiated=0.02"))
    svc = t.serve("--support-phone", "+91 80 4000 0000", "--support-email", "support@provider.example")
    a = svc.client(token).account()
    check_equal(a["currency"], "USD")
    check_equal(a["timezone"], "UTC")
    check_equal(a["tax"], None)
    check_equal(a["recharge_min"], "5.00")
    check_equal(a["recharge_max"], "2000.00")
    check_equal(a["low_balance_threshold"], "5.00")
    check_equal(a["rates"], {"free": "0.00", "business_initiated": "0.02", "user_initiated": "0.006"})
    check_equal(a["support"], {"phone": "+91 80 4000 0000", "email": "support@provider.example"})


def test_patch_account(t):
    acc, token = t.create_account()
    svc = t.serve()
    c = svc.client(token)
    resp = c.patch("/v1/account", {"low_balance_threshold": "250.00", "unknown": [1, 2]})
    check_equal(resp.status, 200, str(resp))
    check_equal(resp.json["low_balance_threshold"], "250.00")
    check_equal(c.account()["low_balance_threshold"], "250.00")
    check_equal(c.patch("/v1/account", {"low_balance_threshold": "0"}).json["low_balance_threshold"], "0.00")
    for bad in ("-1", "-0.01", "abc", "1e3", " 10", "", "1,000"):
        expect_error(c.patch("/v1/account", {"low_balance_threshold": bad}), 400, "invalid_amount",
                     "low_balance_threshold")
    for bad in (250, 250.5, True, None, ["250"], {"v": "250"}):
        expect_error(c.patch("/v1/account", {"low_balance_threshold": bad}), 400, "invalid_request",
                     "low_balance_threshold")
    expect_error(c.request("PATCH", "/v1/account", raw=b"{not json"), 400, "invalid_json")
    expect_error(c.request("PATCH", "/v1/account", raw=b""), 400, "invalid_json")
    expect_error(c.request("PATCH", "/v1/account", raw=b"[1]"), 400, "invalid_request")
    expect_error(c.request("PATCH", "/v1/account", raw=b"\xff\xfe"), 400, "invalid_json")
    check_equal(c.account()["low_balance_threshold"], "0.00")


def test_payment_amounts(t):
    acc, token = t.create_account()
    svc = t.serve()
    c = svc.client(token)
    for bad in ("1e3", "100.001", "-5", " 100", "100 ", "１００", "0", "0.00", "-0", "abc", "", "+100",
                "1,000", "0x64", "99999999999999999999", "100.", ".5", "१००", "100.00000"):
        expect_error(c.create_payment(bad), 400, "invalid_amount", "amount")
    for bad in (1000, 1000.0, True, ["1000"], {"v": 1}):
        expect_error(c.post("/v1/payments", {"amount": bad}, headers={"Idempotency-Key": "x" + repr(bad)}),
                     400, "invalid_request", "amount")
    expect_error(c.post("/v1/payments", {}, headers={"Idempotency-Key": "k-missing"}), 400,
                 "invalid_request", "amount")
    expect_error(c.post("/v1/payments", {"amount": None}, headers={"Idempotency-Key": "k-null"}), 400,
                 "invalid_request", "amount")
    expect_error(c.create_payment("99.99"), 422, "amount_below_minimum", "amount")
    expect_error(c.create_payment("100000.01"), 422, "amount_above_maximum", "amount")
    expect_error(c.request("POST", "/v1/payments", raw=b"{", headers={"Idempotency-Key": "k1"}), 400,
                 "invalid_json")
    expect_error(c.request("POST", "/v1/payments", raw=b'"100"', headers={"Idempotency-Key": "k2"}), 400,
                 "invalid_request")
    expect_error(c.post("/v1/payments", {"amount": "100"}), 400, "invalid_request")
    expect_error(c.post("/v1/payments", {"amount": "100"}, headers={"Idempotency-Key": "k" * 256}), 400,
                 "invalid_request")
    expect_error(c.post("/v1/payments", {"amount": "100"}, headers={"Idempotency-Key": ""}), 400,
                 "invalid_request")
    check_equal(c.all_pages("/v1/payments"), [], "no payment from refused requests")

    for amount, want in (("100", ("100.00", "18.00", "118.00")),
                         ("100.05", ("100.05", "18.01", "118.06")),
                         ("1000.00", ("1000.00", "180.00", "1180.00")),
                         ("100000", ("100000.00", "18000.00", "118000.00")),
                         ("250.5", ("250.50", "45.09", "295.59"))):
        resp = c.create_payment(amount)
        check_equal(resp.status, 201, str(resp))
        p = resp.json
        check_equal((p["amount"], p["tax"], p["total"]), want, f"breakdown of {amount}")
        check_equal(p["status"], "pending")
        check_equal(p["currency"], "INR")
        check_equal(p["completed_at"], None)
        check(p["id"].startswith("pay_"), "payment id prefix")
        check_equal(resp.header("Location"), f"/v1/payments/{p['id']}", "Location of the new payment")
        check(p["created_at"].endswith("Z") and p["expires_at"].endswith("Z"), "RFC 3339 UTC times")
        token_part = p["checkout_url"].rsplit("/", 1)[1]
        check(token_part.startswith("ck_") and len(token_part) >= 3 + 26, "checkout token")
        check(p["id"] not in p["checkout_url"], "the checkout URL does not hold the payment id")
    check_equal(c.account()["pending_payments"], 5)


def test_payment_usd(t):
    acc, token = t.create_account("USD")
    svc = t.serve()
    c = svc.client(token)
    expect_error(c.create_payment("4.99"), 422, "amount_below_minimum", "amount")
    expect_error(c.create_payment("2000.01"), 422, "amount_above_maximum", "amount")
    expect_error(c.create_payment("5.001"), 400, "invalid_amount", "amount")
    p = c.create_payment("5").json
    check_equal((p["amount"], p["tax"], p["total"], p["currency"]), ("5.00", "0.00", "5.00", "USD"))


def test_body_too_large(t):
    acc, token = t.create_account()
    svc = t.serve()
    c = svc.client(token)
    big = b'{"amount": "' + b"1" * (2 * 1024 * 1024) + b'"}'
    resp = c.request("POST", "/v1/payments", raw=big, headers={"Idempotency-Key": "big"})
    expect_error(resp, 413, "body_too_large")
    resp = c.request("PATCH", "/v1/account", raw=b" " * (1024 * 1024 + 1))
    expect_error(resp, 413, "body_too_large")
    # Exactly 1 MiB is still read.
    body = b'{"low_balance_threshold": "7.00"}'
    resp = c.request("PATCH", "/v1/account", raw=body + b" " * (1024 * 1024 - len(body)))
    check_equal(resp.status, 200, str(resp))
    # A chunked body that passes 1 MiB.
    import http.client
    conn = http.client.HTTPConnection(svc.host, svc.port, timeout=30)
    conn.putrequest("PATCH", "/v1/account")
    conn.putheader("Authorization", f"Bearer {token}")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    chunk = b" " * 65536
    for _ in range(20):
        conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    conn.send(b"0\r\n\r\n")
    r = conn.getresponse()
    check_equal(r.status, 413)
    check_equal(__import__("json").loads(r.read())["error"]["code"], "body_too_large")
    conn.close()
    check_equal(svc.client(token).account()["low_balance_threshold"], "7.00")


def test_payments_list_get_cancel(t):
    acc, token = t.create_account()
    svc = t.serve()
    c = svc.client(token)
    ids = [c.create_payment(str(100 + i)).json["id"] for i in range(5)]
    listed = c.get("/v1/payments").json
    check_equal([p["id"] for p in listed["data"]], list(reversed(ids)), "newest first")
    check_equal(listed["next_cursor"], None)
    page1 = c.get("/v1/payments?limit=2").json
    check_equal(len(page1["data"]), 2)
    check(page1["next_cursor"] is not None, "a next cursor")
    page2 = c.get(f"/v1/payments?limit=2&cursor={page1['next_cursor']}").json
    page3 = c.get(f"/v1/payments?limit=2&cursor={page2['next_cursor']}").json
    check_equal([p["id"] for p in page1["data"] + page2["data"] + page3["data"]], list(reversed(ids)))
    check_equal(page3["next_cursor"], None)
    for bad in ("limit=0", "limit=501", "limit=abc", "limit=-1", "limit=", "limit=1.5", "cursor=zzz",
                "status=paid", "status=", "status=PENDING"):
        expect_error(c.get(f"/v1/payments?{bad}"), 400, "invalid_request")
    check_equal(len(c.get("/v1/payments?limit=500").json["data"]), 5)

    got = c.get(f"/v1/payments/{ids[0]}")
    check_equal(got.status, 200)
    check_equal(got.json["id"], ids[0])
    expect_error(c.get("/v1/payments/pay_doesnotexist000000000000000"), 404, "not_found")
    expect_error(c.get("/v1/payments/nonsense"), 404, "not_found")

    resp = c.post(f"/v1/payments/{ids[0]}/cancel")
    check_equal(resp.status, 200, str(resp))
    check_equal(resp.json["status"], "cancelled")
    expect_error(c.post(f"/v1/payments/{ids[0]}/cancel"), 409, "invalid_state")
    expect_error(c.post("/v1/payments/pay_0000000000000000000000000/cancel"), 404, "not_found")
    check_equal([p["id"] for p in c.get("/v1/payments?status=cancelled").json["data"]], [ids[0]])
    check_equal(len(c.get("/v1/payments?status=pending").json["data"]), 4)
    check_equal(c.get("/v1/payments?status=completed").json["data"], [])
    check_equal(c.account()["pending_payments"], 4)
    # A final state refuses the sandbox too (checked with the checkout page in its own test).


def test_idempotency(t):
    acc, token = t.create_account()
    acc2, token2 = t.create_account(name="Other", email="o@other.example")
    svc = t.serve()
    c = svc.client(token)
    first = c.create_payment("1000", key="order-17")
    check_equal(first.status, 201)
    check_equal(first.header("Idempotent-Replayed"), None)
    again = c.create_payment("1000.00", key="order-17")
    check_equal(again.status, 200, str(again))
    check_equal(again.header("Idempotent-Replayed"), "true")
    check_equal(again.json, first.json, "the same payment")
    expect_error(c.create_payment("1000.01", key="order-17"), 409, "idempotency_conflict")
    # After a change the replay shows the object as it is now.
    c.post(f"/v1/payments/{first.json['id']}/cancel")
    check_equal(c.create_payment("1000", key="order-17").json["status"], "cancelled")
    # Keys belong to their account.
    other = svc.client(token2).create_payment("1000", key="order-17")
    check_equal(other.status, 201)
    check(other.json["id"] != first.json["id"], "another account's key is its own")
    check_equal(len(c.all_pages("/v1/payments")), 1)


def test_transactions_and_notifications(t):
    acc, token = t.create_account()
    svc = t.serve("--sandbox-gateway")
    c = svc.client(token)
    check_equal(c.get("/v1/transactions").json, {"data": [], "next_cursor": None})
    p = c.create_payment("500").json
    check_equal(c.sandbox_pay(p).status, 303)
    lines = c.get("/v1/transactions").json["data"]
    check_equal(len(lines), 1)
    line = lines[0]
    check(line["id"].startswith("txn_"), "txn id")
    check_equal((line["kind"], line["amount"], line["balance_after"], line["ref"]),
                ("recharge", "500.00", "500.00", p["id"]))
    check(line["at"].endswith("Z"), "time in UTC")
    today = line["at"][:10]
    check_equal(len(c.get("/v1/transactions?from=2020-01-01&to=2999-12-31").json["data"]), 1)
    check_equal(len(c.get("/v1/transactions?from=2020-01-01&to=2020-12-31").json["data"]), 0)
    check_equal(len(c.get("/v1/transactions?from=2999-01-01").json["data"]), 0)
    for bad in ("from=2026-13-01", "to=yesterday", "from=2026-02-30", "from=26-01-01", "to=2026-1-1"):
        expect_error(c.get(f"/v1/transactions?{bad}"), 400, "invalid_date")
    expect_error(c.get("/v1/transactions?from=2026-02-01&to=2026-01-31"), 422, "range_invalid")
    expect_error(c.get("/v1/transactions?limit=0"), 400, "invalid_request")
    check(today, "a day")

    notes = c.get("/v1/notifications").json["data"]
    check_equal([n["kind"] for n in notes], ["payment_completed"])
    n = notes[0]
    check(n["id"].startswith("ntf_"), "ntf id")
    check_equal((n["read"], n["ref"]), (False, p["id"]))
    check("590.00" in n["body"] and "90.00" in n["body"], "amounts in the notice")
    check_equal(len(c.get("/v1/notifications?unread=true").json["data"]), 1)
    resp = c.post(f"/v1/notifications/{n['id']}/read")
    check_equal(resp.status, 200)
    check_equal(resp.json["read"], True)
    check_equal(c.post(f"/v1/notifications/{n['id']}/read").json["read"], True)
    check_equal(c.get("/v1/notifications?unread=true").json["data"], [])
    check_equal(len(c.get("/v1/notifications?unread=false").json["data"]), 1)
    expect_error(c.get("/v1/notifications?unread=yes"), 400, "invalid_request")
    expect_error(c.post("/v1/notifications/ntf_0000000000000000000000000/read"), 404, "not_found")


def test_no_cross_account_access(t):
    acc_a, token_a = t.create_account(name="A", email="a@a.example")
    acc_b, token_b = t.create_account(name="B", email="b@b.example")
    svc = t.serve("--sandbox-gateway")
    a, b = svc.client(token_a), svc.client(token_b)
    p = a.create_payment("100").json
    a.sandbox_pay(p)
    note = a.get("/v1/notifications").json["data"][0]
    expect_error(b.get(f"/v1/payments/{p['id']}"), 404, "not_found")
    expect_error(b.post(f"/v1/payments/{p['id']}/cancel"), 404, "not_found")
    expect_error(b.post(f"/v1/notifications/{note['id']}/read"), 404, "not_found")
    check_equal(b.get("/v1/payments").json["data"], [])
    check_equal(b.get("/v1/transactions").json["data"], [])
    check_equal(b.get("/v1/notifications").json["data"], [])
    check_equal(b.account()["id"], acc_b)
    check_equal(b.account()["balance"], "0.00")
    check_equal(a.get("/v1/notifications?unread=true").json["data"][0]["read"], False)


def test_unknown_routes(t):
    acc, token = t.create_account()
    svc = t.serve()
    c = svc.client(token)
    expect_error(c.get("/nothing"), 404, "not_found")
    expect_error(c.get("/v1/payments/x/y/z"), 404, "not_found")
    resp = c.request("DELETE", "/v1/account")
    check_equal(resp.status, 405)
    check("GET" in resp.header("Allow") and "PATCH" in resp.header("Allow"), "Allow header")
    expect_error(c.post("/webhooks/gateway", {"x": 1}), 404, "not_found")


if __name__ == "__main__":
    sys.exit(run_tests([
        ("healthz", test_healthz),
        ("bearer tokens", test_auth),
        ("INR account", test_account_inr),
        ("USD account and support contact", test_account_usd_and_support),
        ("PATCH account", test_patch_account),
        ("payment amounts and their errors", test_payment_amounts),
        ("USD payments", test_payment_usd),
        ("bodies over 1 MiB", test_body_too_large),
        ("list, get and cancel payments", test_payments_list_get_cancel),
        ("idempotency keys", test_idempotency),
        ("transactions and notifications", test_transactions_and_notifications),
        ("no cross-account access", test_no_cross_account_access),
        ("unknown routes", test_unknown_routes),
    ]))
