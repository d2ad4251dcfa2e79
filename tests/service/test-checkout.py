#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The checkout page, the sandbox gateway and the signed gateway webhook."""

import json
import sys
import urllib.parse

from mcservice import check, check_equal, db_query, run_tests, sign, webhook

SECRET = b"whsec-test-0123456789"


def expect_error(resp, status, code):
    check_equal(resp.status, status, f"status of {resp}")
    check_equal(resp.json["error"]["code"], code, f"code of {resp}")


def expect_html(resp, status):
    check_equal(resp.status, status, f"status of {resp}")
    check(resp.header("Content-Type").startswith("text/html"), f"HTML answer: {resp.header('Content-Type')}")
    check_equal(resp.header("Cache-Control"), "no-store")
    check_equal(resp.header("Referrer-Policy"), "no-referrer")
    check("frame-ancestors 'none'" in resp.header("Content-Security-Policy"), "frame-ancestors 'none'")


def secret_file(t, content=SECRET + b"\n  \n"):
    path = t.file("webhook-secret")
    with open(path, "wb") as f:
        f.write(content)
    return path


def test_page(t):
    acc, token = t.create_account(name="Acme <Traders> & Sons")
    svc = t.serve("--public-url", "https://pay.example.com/")
    c = svc.client(token)
    p = c.create_payment("1000").json
    check(p["checkout_url"].startswith("https://pay.example.com/checkout/ck_"), p["checkout_url"])
    page = c.get(c.checkout_path(p), auth=False)
    expect_html(page, 200)
    html = page.text
    check("Acme &lt;Traders&gt; &amp; Sons" in html, "merchant name, escaped")
    check("<Traders>" not in html, "no raw markup from the name")
    for text in ("₹1,000.00", "₹180.00", "₹1,180.00", "GST", "Pending"):
        check(text in html, f"{text} on the page")
    check("<form" not in html, "no Pay button without --sandbox-gateway")
    # The sandbox routes do not exist without the option.
    expect_html(c.sandbox_pay(p), 404)
    expect_html(c.sandbox_decline(p), 404)
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "pending")
    # Unknown tokens are an HTML 404.
    expect_html(c.get("/checkout/ck_unknown000000000000000000000", auth=False), 404)
    expect_html(c.get("/checkout/" + p["id"], auth=False), 404)
    expect_html(c.get("/checkout/", auth=False), 404)


def test_sandbox(t):
    acc, token = t.create_account()
    svc = t.serve("--sandbox-gateway")
    c = svc.client(token)
    p = c.create_payment("100.05").json
    page = c.get(c.checkout_path(p), auth=False).text
    check("/pay" in page and "/decline" in page, "Pay and Decline buttons")
    resp = c.sandbox_pay(p)
    check_equal(resp.status, 303)
    check_equal(urllib.parse.urlsplit(resp.header("Location")).path, c.checkout_path(p))
    page = c.get(c.checkout_path(p), auth=False)
    expect_html(page, 200)
    check("Paid" in page.text and "<form" not in page.text, "the page shows the result")
    got = c.get(f"/v1/payments/{p['id']}").json
    check_equal(got["status"], "completed")
    check(got["completed_at"] is not None, "completed_at set")
    check_equal(c.account()["balance"], "100.05")
    expect_html(c.sandbox_pay(p), 409)
    expect_html(c.sandbox_decline(p), 409)
    check_equal(c.account()["balance"], "100.05", "a second pay changes nothing")

    q = c.create_payment("200").json
    check_equal(c.sandbox_decline(q).status, 303)
    check_equal(c.get(f"/v1/payments/{q['id']}").json["status"], "failed")
    expect_html(c.sandbox_pay(q), 409)
    kinds = [n["kind"] for n in c.get("/v1/notifications").json["data"]]
    check_equal(kinds, ["payment_failed", "payment_completed"])
    r = c.create_payment("300").json
    c.post(f"/v1/payments/{r['id']}/cancel")
    expect_html(c.sandbox_pay(r), 409)
    check_equal(c.account()["balance"], "100.05")
    check_equal(len(c.get("/v1/transactions").json["data"]), 1)


def test_webhook_errors(t):
    acc, token = t.create_account()
    svc = t.serve("--webhook-secret-file", secret_file(t))
    c = svc.client(token)
    p = c.create_payment("1000").json
    # Signatures: missing, wrong, for another body, with the secret's trailing newline.
    raw = json.dumps({"payment_id": p["id"], "event": "paid", "amount": "1180.00", "currency": "INR"}).encode()
    for sig in (None, "", "00" * 32, sign(b"other", raw), sign(SECRET + b"\n", raw), "zz"):
        headers = {} if sig is None else {"X-Signature": sig}
        expect_error(c.request("POST", "/webhooks/gateway", raw=raw, headers=headers, auth=False), 401,
                     "unauthorized")
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "pending")

    def signed(raw_body):
        return c.request("POST", "/webhooks/gateway", raw=raw_body, headers={"X-Signature": sign(SECRET, raw_body)},
                         auth=False)

    expect_error(signed(b"{nope"), 400, "invalid_json")
    expect_error(signed(b""), 400, "invalid_json")
    expect_error(signed(b"[]"), 400, "invalid_request")
    base = {"payment_id": p["id"], "event": "paid", "amount": "1180.00", "currency": "INR"}
    for missing in base:
        body = dict(base)
        del body[missing]
        expect_error(signed(json.dumps(body).encode()), 400, "invalid_request")
    expect_error(signed(json.dumps(dict(base, amount=1180)).encode()), 400, "invalid_request")
    expect_error(signed(json.dumps(dict(base, event="refunded")).encode()), 400, "invalid_request")
    # Unknown payment: received, nothing changes.
    resp = webhook(c, SECRET, "pay_0000000000000000000000000", "paid", "1180.00", "INR")
    check_equal((resp.status, resp.json), (200, {"received": True}))
    # Amount (the total) and currency must match.
    expect_error(webhook(c, SECRET, p["id"], "paid", "1000.00", "INR"), 409, "invalid_state")
    expect_error(webhook(c, SECRET, p["id"], "paid", "1180.00", "USD"), 409, "invalid_state")
    expect_error(webhook(c, SECRET, p["id"], "failed", "1.00", "INR"), 409, "invalid_state")
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "pending")
    check_equal(c.account()["balance"], "0.00")
    # Upper-case hex is the same signature.
    resp = c.request("POST", "/webhooks/gateway", raw=raw, headers={"X-Signature": sign(SECRET, raw).upper()},
                     auth=False)
    check_equal((resp.status, resp.json), (200, {"received": True}))
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "completed")


def test_webhook_events(t):
    acc, token = t.create_account()
    svc = t.serve("--webhook-secret-file", secret_file(t))
    c = svc.client(token)
    paid = c.create_payment("1000").json
    for _ in range(3):
        resp = webhook(c, SECRET, paid["id"], "paid", "1180.00", "INR")
        check_equal((resp.status, resp.json), (200, {"received": True}))
    check_equal(c.account()["balance"], "1000.00", "a replayed event credits once")
    # A failed event after completion changes nothing.
    check_equal(webhook(c, SECRET, paid["id"], "failed", "1180.00", "INR").status, 200)
    check_equal(c.get(f"/v1/payments/{paid['id']}").json["status"], "completed")

    failed = c.create_payment("200").json
    check_equal(webhook(c, SECRET, failed["id"], "failed", "236.00", "INR").status, 200)
    check_equal(c.get(f"/v1/payments/{failed['id']}").json["status"], "failed")
    check_equal(webhook(c, SECRET, failed["id"], "failed", "236.00", "INR").status, 200)

    # Late payments: money that was taken is never dropped.
    cancelled = c.create_payment("300").json
    c.post(f"/v1/payments/{cancelled['id']}/cancel")
    check_equal(webhook(c, SECRET, cancelled["id"], "paid", "354.00", "INR").status, 200)
    check_equal(c.get(f"/v1/payments/{cancelled['id']}").json["status"], "completed")
    check_equal(webhook(c, SECRET, failed["id"], "paid", "236.00", "INR").status, 200)
    check_equal(c.get(f"/v1/payments/{failed['id']}").json["status"], "completed")
    check_equal(c.account()["balance"], "1500.00")
    # The sandbox is off: only the webhook completes payments.
    pending = c.create_payment("100").json
    check_equal(c.sandbox_pay(pending).status, 404)
    check_equal(c.get(f"/v1/payments/{pending['id']}").json["status"], "pending")

    rows = db_query(t.db, "SELECT count(*), sum(amount) FROM ledger WHERE kind = 'recharge'")
    check_equal(rows[0], (3, 15000000))
    kinds = sorted(n["kind"] for n in c.get("/v1/notifications").json["data"])
    check_equal(kinds, ["payment_completed"] * 3 + ["payment_failed"])


def test_webhook_off(t):
    acc, token = t.create_account()
    svc = t.serve("--sandbox-gateway")
    c = svc.client(token)
    p = c.create_payment("1000").json
    resp = webhook(c, SECRET, p["id"], "paid", "1180.00", "INR")
    expect_error(resp, 404, "not_found")
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "pending")


if __name__ == "__main__":
    sys.exit(run_tests([
        ("checkout page", test_page),
        ("sandbox gateway", test_sandbox),
        ("webhook signature and validation", test_webhook_errors),
        ("webhook events, replays and late payments", test_webhook_events),
        ("webhook off without a secret", test_webhook_off),
    ]))
