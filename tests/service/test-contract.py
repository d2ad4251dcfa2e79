#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""api.md, read in order, as a black box.

Each test below is one section of api.md (the HTTP contract). It drives the
real service over HTTP and its command line and checks every concrete
statement of that section the way someone who has only read api.md would:
status codes, exact JSON key sets and value forms, error codes and fields.
Where time matters it uses the service's test-only clock (MC_SERVICE_NOW,
MC_SERVICE_TIME_SCALE; see `message-credits-service --help`).
"""

import datetime
import glob
import json
import re
import socket
import sys
import urllib.parse

from mcservice import (WebSocket, check, check_equal, mail_kinds, money, outbox_mails, run_tests, sign, wait_until,
                       webhook)
from mcusage import conversation as conv, fund, parse_time, rfc3339

UTC = datetime.timezone.utc
SECRET = b"whsec-contract-5f1c"

# Value forms

MONEY_RE = re.compile(r"^-?(0|[1-9][0-9]*)\.([0-9]{2,4})$")
TIME_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

ERROR_CODES = {
    400: {"invalid_request", "invalid_json", "invalid_amount", "invalid_date", "invalid_phone"},
    401: {"unauthorized"},
    402: {"account_restricted"},
    404: {"not_found"},
    409: {"idempotency_conflict", "invalid_state"},
    413: {"body_too_large"},
    422: {"amount_below_minimum", "amount_above_maximum", "range_too_old", "range_invalid"},
    429: {"too_many_requests"},
}


def is_money(value):
    """api.md: a JSON string, 2 decimals or 3-4 where the value needs them."""
    if not isinstance(value, str):
        return False
    m = MONEY_RE.match(value)
    if not m or value == "-0.00":
        return False
    frac = m.group(2)
    return len(frac) == 2 or frac[-1] != "0"


def money_field(value):
    return is_money(value)


def time_field(value):
    return isinstance(value, str) and TIME_RE.match(value) is not None


def nullable(checker):
    return lambda v: v is None or checker(v)


def id_field(prefix):
    # A type prefix and at least 128 random bits (26 base-32 characters hold 130).
    return lambda v: isinstance(v, str) and re.match(rf"^{prefix}_[0-9a-z]{{26,}}$", v) is not None


def one_of(*values):
    return lambda v: v in values


def integer(v):
    return isinstance(v, int) and not isinstance(v, bool)


def string(v):
    return isinstance(v, str)


def boolean(v):
    return isinstance(v, bool)


def shape(obj, spec, what):
    """Checks @obj has exactly @spec's keys, each value passing its check (or sub-spec)."""
    check(isinstance(obj, dict), f"{what} is an object: {obj!r}")
    check_equal(sorted(obj), sorted(spec), f"keys of {what}")
    for key, rule in spec.items():
        if isinstance(rule, dict):
            shape(obj[key], rule, f"{what}.{key}")
        else:
            check(rule(obj[key]), f"{what}.{key} has the wrong form: {obj[key]!r}")


ACCOUNT = {
    "id": id_field("acc"), "name": string, "email": string, "currency": one_of("INR", "USD"),
    "timezone": string, "balance": money_field, "state": one_of("ok", "low", "restricted"),
    "low_balance_threshold": money_field, "recharge_min": money_field, "recharge_max": money_field,
    "tax": lambda v: v is None or (isinstance(v, dict) and sorted(v) == ["name", "rate_percent"]
                                   and all(isinstance(x, str) for x in v.values())),
    "rates": {"free": money_field, "business_initiated": money_field, "user_initiated": money_field},
    "pending_payments": integer,
    "support": {"phone": nullable(string), "email": nullable(string)},
}
PAYMENT = {
    "id": id_field("pay"), "status": one_of("pending", "completed", "failed", "cancelled", "expired"),
    "currency": one_of("INR", "USD"), "amount": money_field, "tax": money_field, "total": money_field,
    "created_at": time_field, "expires_at": time_field, "completed_at": nullable(time_field),
    "checkout_url": string,
}
LEDGER_LINE = {
    "id": id_field("txn"), "at": time_field,
    "kind": one_of("recharge", "conversation", "broadcast", "adjustment"),
    "amount": money_field, "balance_after": money_field, "description": string,
    "ref": lambda v: v is None or any(id_field(p)(v) for p in ("pay", "conv", "bc")),
}
CONVERSATION = {
    "id": id_field("conv"), "category": one_of("free", "business_initiated", "user_initiated"),
    "cost": money_field, "balance": money_field,
}
CELL = {"count": integer, "cost": money_field}
REPORT_ROW = {"period": lambda v: isinstance(v, str) and DATE_RE.match(v) is not None,
              "free": CELL, "business_initiated": CELL, "user_initiated": CELL}
ESTIMATE = {
    "recipients": integer, "rate": money_field, "estimated_cost": money_field, "balance": money_field,
    "sufficient": boolean, "shortfall": money_field,
}
BROADCAST = {
    "id": id_field("bc"), "name": string, "recipients": integer, "estimated_cost": money_field,
    "status": one_of("scheduled", "sent", "failed", "cancelled"), "scheduled_at": time_field,
    "sent_at": nullable(time_field),
    "failure_reason": one_of(None, "insufficient_credits", "account_restricted"),
}
NOTIFICATION = {
    "id": id_field("ntf"), "at": time_field,
    "kind": one_of("low_balance", "payment_completed", "payment_failed", "payment_pending",
                   "insufficient_balance", "broadcast_failed", "account_restricted"),
    "title": string, "body": string, "read": boolean,
    "ref": lambda v: v is None or id_field("pay")(v) or id_field("bc")(v),
}
TICKET = {"id": id_field("tkt"), "status": string, "subject": string, "created_at": time_field}


def expect_error(resp, status, code, field=None):
    """api.md's error body: {"error": {"code", "message", "field"?}} with a code of the table."""
    check_equal(resp.status, status, f"status of {resp}")
    check((resp.header("Content-Type") or "").startswith("application/json"), f"a JSON error: {resp}")
    body = resp.json
    check_equal(sorted(body), ["error"], f"error body keys of {resp}")
    err = body["error"]
    check(set(err) in ({"code", "message"}, {"code", "message", "field"}), f"error keys of {resp}")
    check(isinstance(err["message"], str) and err["message"], f"a human message in {resp}")
    check(code in ERROR_CODES.get(status, {code}), f"{code} is api.md's code for {status}")
    check_equal(err["code"], code, f"error code of {resp}")
    if "field" in err:
        check(isinstance(err["field"], str), f"field is a string in {resp}")
    if field is not None:
        check_equal(err.get("field"), field, f"error field of {resp}")


def expect_html(resp, status):
    check_equal(resp.status, status, f"status of {resp}")
    check((resp.header("Content-Type") or "").startswith("text/html"), f"an HTML answer: {resp}")


def check_list(resp, item_spec, what):
    check_equal(resp.status, 200, f"{what}: {resp}")
    body = resp.json
    check_equal(sorted(body), ["data", "next_cursor"], f"keys of the {what} list")
    check(body["next_cursor"] is None or isinstance(body["next_cursor"], str), "next_cursor")
    for i, item in enumerate(body["data"]):
        shape(item, item_spec, f"{what}[{i}]")
    return body["data"]


def adjust(t, acc, amount, reason="Operator credit", env=None):
    return fund(t, acc, amount, env=env, reason=reason)


def account_create(t, currency="INR", name="Acme Traders", email="owner@acme.example", extra=(), env=None):
    proc = t.cli("account", "create", "--db", t.db, "--name", name, "--email", email, "--currency", currency,
                 *extra, env=env)
    out = json.loads(proc.stdout)
    check_equal(sorted(out), ["id", "token"], "account create prints the id and the token")
    return out["id"], out["token"]


def notices(c, kind=None):
    items = c.all_pages("/v1/notifications")
    return [n for n in items if kind is None or n["kind"] == kind]


def secret_file(t, content):
    path = t.file("webhook-secret")
    with open(path, "wb") as f:
        f.write(content)
    return path


def raw_http(svc, head, body=b"", read_timeout=10):
    """Sends bytes on a fresh connection and reads until the service closes it."""
    s = socket.create_connection((svc.host, svc.port), timeout=read_timeout)
    try:
        s.sendall(head.encode("latin-1") + body)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                return data, False
            if not chunk:
                return data, True
            data += chunk
    finally:
        s.close()


def split_response(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body


# Conventions

V1_ROUTES = [
    ("GET", "/v1/account"), ("PATCH", "/v1/account"), ("POST", "/v1/payments"), ("GET", "/v1/payments"),
    ("GET", "/v1/payments/pay_0000000000000000000000000a"),
    ("POST", "/v1/payments/pay_0000000000000000000000000a/cancel"), ("GET", "/v1/transactions"),
    ("POST", "/v1/conversations"), ("GET", "/v1/reports/conversations"), ("GET", "/v1/usage/export"),
    ("POST", "/v1/broadcasts/estimate"), ("POST", "/v1/broadcasts"), ("GET", "/v1/broadcasts"),
    ("GET", "/v1/broadcasts/bc_0000000000000000000000000a"),
    ("POST", "/v1/broadcasts/bc_0000000000000000000000000a/cancel"), ("GET", "/v1/notifications"),
    ("POST", "/v1/notifications/ntf_0000000000000000000000000a/read"), ("POST", "/v1/tickets"),
    ("GET", "/v1/tickets"), ("GET", "/v1/events"), ("GET", "/v1/no-such-route"),
]


def test_conventions_auth(t):
    """Every /v1/ route: a missing, malformed or unknown token is 401 unauthorized."""
    acc, token = account_create(t)
    svc = t.serve()
    c = svc.client()
    bad = [{}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer"},
           {"Authorization": "Bearer "}, {"Authorization": token}, {"Authorization": "Bearer mct_unknown"},
           {"Authorization": f"Bearer {token}0"}, {"Authorization": f"Token {token}"}]
    for method, path in V1_ROUTES:
        for headers in bad:
            body = b"{}" if method in ("POST", "PATCH") else None
            resp = c.request(method, path, raw=body, headers=headers, auth=False)
            expect_error(resp, 401, "unauthorized")
    # The WebSocket upgrade too.
    ws = WebSocket(svc.host, svc.port, "/v1/events", None)
    check_equal(ws.status, 401, "events upgrade without a token")
    ws.sock.close()
    ws = WebSocket(svc.host, svc.port, "/v1/events", token)
    check_equal(ws.status, 101, "events upgrade with the token")
    ws.close()
    # And the good token works, on a JSON answer.
    resp = svc.client(token).get("/v1/account")
    check_equal(resp.status, 200)
    check_equal(resp.header("Content-Type").replace(" ", "").lower(), "application/json;charset=utf-8")
    shape(resp.json, ACCOUNT, "account")


def test_conventions_forms_and_isolation(t):
    """Ids, times and money in every object; another account's objects are 404, never 403."""
    acc, token = account_create(t)
    other, other_token = account_create(t, name="Other Co", email="owner@other.example")
    adjust(t, acc, "150.00")
    svc = t.serve("--sandbox-gateway")
    c, o = svc.client(token), svc.client(other_token)

    p = c.create_payment("100.05")
    check_equal(p.status, 201, str(p))
    shape(p.json, PAYMENT, "payment")
    pay = p.json
    check_equal(c.sandbox_pay(pay).status, 303)
    cv = conv(c, "wamid-forms-1")
    check_equal(cv.status, 201, str(cv))
    shape(cv.json, CONVERSATION, "conversation")
    b = c.post("/v1/broadcasts", {"name": "Forms", "recipient_count": 3})
    check_equal(b.status, 201, str(b))
    shape(b.json, BROADCAST, "broadcast")
    later = c.post("/v1/broadcasts", {"name": "Later", "recipient_count": 1,
                                      "scheduled_at": rfc3339(datetime.datetime.now(UTC) + datetime.timedelta(days=2))})
    check_equal(later.status, 201, str(later))
    tk = c.post("/v1/tickets", {"subject": "Help", "body": "Where are my credits?", "payment_id": pay["id"]})
    check_equal(tk.status, 201, str(tk))
    shape(tk.json, TICKET, "ticket")
    lines = check_list(c.get("/v1/transactions"), LEDGER_LINE, "transactions")
    ntfs = check_list(c.get("/v1/notifications"), NOTIFICATION, "notifications")
    check(ntfs, "there are notifications")

    # Ids are random: nothing repeats, nothing counts up.
    ids = [pay["id"], cv.json["id"], b.json["id"], tk.json["id"], acc, other] + [x["id"] for x in lines + ntfs]
    check_equal(len(set(ids)), len(ids), "ids are unique")

    # Another account's objects are not found, exactly as ids that never existed.
    for method, path in (("GET", f"/v1/payments/{pay['id']}"), ("POST", f"/v1/payments/{pay['id']}/cancel"),
                         ("GET", f"/v1/broadcasts/{later.json['id']}"),
                         ("POST", f"/v1/broadcasts/{later.json['id']}/cancel"),
                         ("POST", f"/v1/notifications/{ntfs[0]['id']}/read")):
        expect_error(o.request(method, path), 404, "not_found")
    expect_error(o.post("/v1/tickets", {"subject": "x", "body": "y", "payment_id": pay["id"]}), 404, "not_found",
                 "payment_id")
    expect_error(o.post("/v1/tickets", {"subject": "x", "body": "y", "payment_id": "pay_" + "0" * 26}), 404,
                 "not_found", "payment_id")
    check_equal(o.get("/v1/payments").json["data"], [], "other account sees no payments")
    check_equal(o.get("/v1/broadcasts").json["data"], [], "nor broadcasts")
    check_equal(o.get("/v1/transactions").json["data"], [], "nor ledger lines")
    check_equal(o.get("/v1/notifications").json["data"], [], "nor notices")
    check_equal(o.get("/v1/tickets").json["data"], [], "nor tickets")
    check_equal(c.get(f"/v1/broadcasts/{later.json['id']}").json["status"], "scheduled", "nothing changed")

    # Money with 3-4 decimals where the value needs them (USD rates).
    usd, usd_token = account_create(t, "USD", name="Dollar Co", email="d@dollar.example")
    a = svc.client(usd_token).account()
    check_equal(a["rates"], {"free": "0.00", "business_initiated": "0.0147", "user_initiated": "0.006"})


def test_conventions_lists(t):
    """limit 1 to 500 (default 50), cursor pages, newest first."""
    acc, token = account_create(t)
    adjust(t, acc, "500.00")
    svc = t.serve()
    c = svc.client(token)
    for i in range(55):
        check_equal(conv(c, f"wamid-list-{i}").status, 201)
    page = c.get("/v1/transactions")
    data = check_list(page, LEDGER_LINE, "transactions")
    check_equal(len(data), 50, "default limit is 50")
    check(page.json["next_cursor"] is not None, "a next cursor")
    rest = c.get(f"/v1/transactions?cursor={urllib.parse.quote(page.json['next_cursor'])}").json
    check_equal(len(rest["data"]), 6, "the second page holds the rest (55 debits + 1 credit)")
    check_equal(rest["next_cursor"], None, "and no further cursor")
    every = data + rest["data"]
    check_equal(len({x["id"] for x in every}), 56, "no line twice")
    balances = [money(x["balance_after"]) for x in every]
    check_equal(balances, sorted(balances), "newest first (each debit lowers the balance)")
    check_equal(every[-1]["kind"], "adjustment", "oldest last")
    check(all(parse_time(a["at"]) >= parse_time(b["at"]) for a, b in zip(every, every[1:])), "times descend")
    one = c.get("/v1/transactions?limit=1").json
    check_equal(len(one["data"]), 1)
    check_equal(one["data"][0]["id"], every[0]["id"])
    check_equal(len(c.get("/v1/transactions?limit=500").json["data"]), 56)
    expect_error(c.get("/v1/transactions?cursor=not-a-cursor"), 400, "invalid_request")
    for bad in ("0", "501", "-1", "abc", "", "1.5", "50x", "1e2", "99999999999999999999"):
        for path in ("/v1/transactions", "/v1/payments", "/v1/broadcasts", "/v1/notifications", "/v1/tickets"):
            expect_error(c.get(f"{path}?limit={urllib.parse.quote(bad)}"), 400, "invalid_request")


def test_conventions_body_too_large(t):
    """Over 1 MiB is 413 body_too_large, from the headers or as a chunked body passes 1 MiB."""
    acc, token = account_create(t)
    svc = t.serve("--sandbox-gateway")
    c = svc.client(token)
    mib = 1024 * 1024
    auth = f"Authorization: Bearer {token}\r\n"

    # Decided from the headers: with Expect: 100-continue the answer comes before any body.
    data, closed = raw_http(svc, f"POST /v1/payments HTTP/1.1\r\nHost: x\r\n{auth}Idempotency-Key: big-1\r\n"
                                 f"Content-Type: application/json\r\nContent-Length: {2 * mib}\r\n"
                                 "Expect: 100-continue\r\n\r\n", read_timeout=5)
    status, headers, body = split_response(data)
    check_equal(status, 413, "413 before the body is sent")
    check_equal(json.loads(body)["error"]["code"], "body_too_large")
    check(closed, "the connection is then closed")

    # A client that just sends everything still reads the answer, then the connection closes.
    data, closed = raw_http(svc, f"PATCH /v1/account HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\n"
                                 f"Content-Length: {3 * mib}\r\n\r\n", b" " * (3 * mib))
    status, headers, body = split_response(data)
    check_equal(status, 413)
    check_equal(headers.get("connection", "").lower(), "close")
    check_equal(json.loads(body), {"error": {"code": "body_too_large", "message": json.loads(body)["error"]["message"]}})
    check(closed, "connection closed after a 413")

    # Through an ordinary client as well.
    expect_error(c.request("POST", "/v1/payments", raw=b'{"amount": "100", "pad": "' + b"x" * mib + b'"}',
                           headers={"Idempotency-Key": "big-2"}), 413, "body_too_large")

    # A chunked body: refused as it passes 1 MiB, the answer readable once it ends.
    chunks = b"".join(b"%x\r\n%s\r\n" % (65536, b" " * 65536) for _ in range(20)) + b"0\r\n\r\n"
    data, closed = raw_http(svc, f"PATCH /v1/account HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n", chunks)
    status, headers, body = split_response(data)
    check_equal(status, 413, "chunked over 1 MiB")
    check_equal(json.loads(body)["error"]["code"], "body_too_large")
    check(closed, "connection closed after a chunked 413")

    # Even where an earlier stage had already answered (the events upgrade's 401): one body, whole.
    data, closed = raw_http(svc, f"POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: {2 * mib}\r\n"
                                 "Expect: 100-continue\r\n\r\n", read_timeout=5)
    status, headers, body = split_response(data)
    check_equal(int(headers["content-length"]), len(body), "the length the headers give")
    check_equal((status, json.loads(body)["error"]["code"]), (413, "body_too_large"))

    # HTML routes answer their 413 as HTML.
    data, closed = raw_http(svc, f"POST /checkout/ck_{'0' * 52}/pay HTTP/1.1\r\nHost: x\r\n"
                                 f"Content-Length: {2 * mib}\r\n\r\n", b"x" * (2 * mib))
    status, headers, body = split_response(data)
    check_equal(status, 413)
    check(headers["content-type"].startswith("text/html"), "an HTML 413 for the checkout routes")

    # Exactly 1 MiB is read; nothing above was applied; the service still answers.
    small = b'{"low_balance_threshold": "42.00"}'
    resp = c.request("PATCH", "/v1/account", raw=small + b" " * (mib - len(small)))
    check_equal(resp.status, 200, str(resp))
    check_equal(c.account()["low_balance_threshold"], "42.00")
    check_equal(c.get("/v1/payments").json["data"], [], "no payment came from a refused body")


def test_conventions_json(t):
    """Unknown fields ignored, wrong JSON types 400 invalid_request, money never a JSON number."""
    acc, token = account_create(t)
    adjust(t, acc, "100.00")
    svc = t.serve()
    c = svc.client(token)
    key = iter(f"json-{i}" for i in range(1000))

    resp = c.post("/v1/payments", {"amount": "100", "note": {"deep": [1, 2]}, "x": None},
                  headers={"Idempotency-Key": next(key)})
    check_equal(resp.status, 201, "unknown fields are ignored")
    check_equal(c.patch("/v1/account", {"low_balance_threshold": "50", "colour": "red"}).status, 200)
    check_equal(conv(c, "wamid-json", extra_field=True).status, 201)
    check_equal(c.post("/v1/broadcasts/estimate", {"recipient_count": 2, "x": 1}).status, 200)
    check_equal(c.post("/v1/tickets", {"subject": "s", "body": "b", "priority": "high"}).status, 201)

    # Money as a JSON number is the wrong type.
    for number in (100, 100.0, 1e3):
        expect_error(c.post("/v1/payments", {"amount": number}, headers={"Idempotency-Key": next(key)}),
                     400, "invalid_request", "amount")
        expect_error(c.patch("/v1/account", {"low_balance_threshold": number}), 400, "invalid_request",
                     "low_balance_threshold")
    # Other wrong types.
    for value in (True, [], {}, 12):
        expect_error(conv(c, "wamid-types", category=value), 400, "invalid_request")
        expect_error(c.post("/v1/tickets", {"subject": value, "body": "b"}), 400, "invalid_request")
        expect_error(c.post("/v1/broadcasts", {"name": value, "recipient_count": 1}), 400, "invalid_request")
    expect_error(conv(c, 12345), 400, "invalid_request")
    expect_error(c.post("/v1/broadcasts/estimate", {"recipient_count": "12"}), 400, "invalid_request")
    expect_error(c.post("/v1/broadcasts/estimate", {"recipients": "919876543210"}), 400, "invalid_request")
    expect_error(c.post("/v1/broadcasts/estimate", {"recipients": [919876543210]}), 400, "invalid_request")
    # Not JSON, or JSON that is not an object.
    for raw in (b"{", b"amount=100", b"\xff\xfe", b""):
        expect_error(c.request("POST", "/v1/payments", raw=raw, headers={"Idempotency-Key": next(key)}),
                     400, "invalid_json")
    for raw in (b"[]", b'"100"', b"null", b"100"):
        expect_error(c.request("POST", "/v1/payments", raw=raw, headers={"Idempotency-Key": next(key)}),
                     400, "invalid_request")
    # Text is text: a \u0000 would cut a string short ("1000\u0000x" read as "1000", two external_ids
    # made one), an unpaired surrogate is not UTF-8. Both are refused; a real pair is a character.
    for raw in (rb'{"amount": "1000\u0000x"}', rb'{"amount": "1000", "note": "\udc00"}',
                rb'{"amount": "1000", "note": "\ud83d"}'):
        expect_error(c.request("POST", "/v1/payments", raw=raw, headers={"Idempotency-Key": next(key)}),
                     400, "invalid_json")
    for raw in (rb'{"subject": "a\u0000b", "body": "x"}', rb'{"subject": "\uDC00", "body": "x"}'):
        expect_error(c.request("POST", "/v1/tickets", raw=raw), 400, "invalid_json")
    expect_error(c.request("POST", "/v1/conversations",
                           raw=rb'{"external_id": "wamid-json\u0000z", "category": "free", "wa_id": "1234567"}'),
                 400, "invalid_json")
    resp = c.request("POST", "/v1/tickets", raw=rb'{"subject": "\ud83d\ude00 \\u0000", "body": "x"}')
    check_equal((resp.status, resp.json["subject"]), (201, "\U0001F600 \\u0000"))
    check_equal(len(c.get("/v1/payments").json["data"]), 1, "nothing else was created")
    check_equal(len(c.get("/v1/tickets").json["data"]), 2, "only the two good tickets")

    # An address libsoup cannot take still gets api.md's error body (HTML on checkout).
    status, headers, body = split_response(raw_http(svc, f"GET /v1/payments/pay_%00 HTTP/1.1\r\nHost: x\r\n"
                                                          f"Authorization: Bearer {token}\r\nConnection: close\r\n\r\n")[0])
    check_equal((status, json.loads(body)["error"]["code"]), (400, "invalid_request"))
    status, headers, body = split_response(raw_http(svc, "GET /checkout/ck_%00 HTTP/1.1\r\nHost: x\r\n"
                                                          "Connection: close\r\n\r\n")[0])
    check_equal(status, 400)
    check(headers["content-type"].startswith("text/html"), "an HTML 400 on checkout")


# Business rules

def test_business_rules(t):
    """Limits, GST, account state, crossing notices (no storms)."""
    acc, token = account_create(t)
    usd, usd_token = account_create(t, "USD", name="Dollar Co", email="d@dollar.example")
    svc = t.serve()
    c, u = svc.client(token), svc.client(usd_token)
    key = iter(f"rules-{i}" for i in range(1000))

    for amount, tax, total in (("1000.00", "180.00", "1180.00"), ("100.05", "18.01", "118.06"),
                               ("1000", "180.00", "1180.00"), ("100", "18.00", "118.00"),
                               ("100000", "18000.00", "118000.00"), ("333.33", "60.00", "393.33")):
        p = c.create_payment(amount, key=next(key)).json
        check_equal((p["tax"], p["total"], p["currency"]), (tax, total, "INR"), f"GST on {amount}")
    for amount in ("5", "5.00", "2000.00", "19.99"):
        p = u.create_payment(amount, key=next(key))
        check_equal(p.status, 201, str(p))
        check_equal((p.json["tax"], p.json["total"], p.json["currency"]), ("0.00", p.json["amount"], "USD"))
    expect_error(c.create_payment("99.99"), 422, "amount_below_minimum", "amount")
    expect_error(c.create_payment("100000.01"), 422, "amount_above_maximum", "amount")
    expect_error(u.create_payment("4.99"), 422, "amount_below_minimum", "amount")
    expect_error(u.create_payment("2000.01"), 422, "amount_above_maximum", "amount")
    a, b = c.account(), u.account()
    check_equal((a["recharge_min"], a["recharge_max"], a["low_balance_threshold"]), ("100.00", "100000.00", "100.00"))
    check_equal((b["recharge_min"], b["recharge_max"], b["low_balance_threshold"]), ("5.00", "2000.00", "5.00"))
    check_equal(a["tax"], {"name": "GST", "rate_percent": "18"})
    check_equal(b["tax"], None)
    check_equal(a["rates"], {"free": "0.00", "business_initiated": "0.80", "user_initiated": "0.35"})
    check_equal((a["timezone"], b["timezone"]), ("Asia/Kolkata", "UTC"))

    # State: restricted at <= 0, low at <= threshold, else ok.
    check_equal(a["state"], "restricted", "a new account holds nothing")
    for amount, balance, state in (("100.00", "100.00", "low"), ("0.01", "100.01", "ok"),
                                   ("-100.01", "0.00", "restricted"), ("0.01", "0.01", "low"),
                                   ("-0.02", "-0.01", "restricted"), ("1.01", "1.00", "low")):
        out = adjust(t, acc, amount)
        check_equal((out["balance"], out["state"]), (balance, state), f"after adjusting {amount}")
        check_equal(c.account()["state"], state)
    check_equal(c.patch("/v1/account", {"low_balance_threshold": "0.99"}).json["state"], "ok",
                "the threshold moves the state")

    # Crossing notices: once per crossing, re-armed only above the threshold, none on credits.
    adjust(t, acc, "200.00")                                  # 201.00
    check_equal(c.patch("/v1/account", {"low_balance_threshold": "100.00"}).status, 200)
    low0 = len(notices(c, "low_balance"))
    restricted0 = len(notices(c, "account_restricted"))
    check_equal((low0, restricted0), (1, 2), "the state walk above crossed 100.00 once and zero twice")
    adjust(t, acc, "-101.00")                                 # 100.00: at the threshold
    check_equal(len(notices(c, "low_balance")), low0 + 1, "low_balance when a debit reaches the threshold")
    adjust(t, acc, "-10.00")
    adjust(t, acc, "5.00")
    adjust(t, acc, "-5.00")
    check_equal(len(notices(c, "low_balance")), low0 + 1, "no storm while below the threshold")
    adjust(t, acc, "10.00")                                   # 100.00 again: still not above
    adjust(t, acc, "-1.00")
    check_equal(len(notices(c, "low_balance")), low0 + 1, "re-armed only above the threshold")
    adjust(t, acc, "50.00")                                   # 149.00: above, re-armed
    check_equal(len(notices(c, "low_balance")), low0 + 1, "a credit fires nothing")
    adjust(t, acc, "-49.00")                                  # 100.00
    check_equal(len(notices(c, "low_balance")), low0 + 2, "fires again after re-arming")
    adjust(t, acc, "-100.00")                                 # 0.00
    check_equal(len(notices(c, "account_restricted")), restricted0 + 1, "account_restricted at zero")
    adjust(t, acc, "-1.00")
    check_equal(len(notices(c, "account_restricted")), restricted0 + 1, "once")
    adjust(t, acc, "300.00")                                  # 299.00
    adjust(t, acc, "-400.00")                                 # -101.00: both crossings in one debit
    check_equal(len(notices(c, "low_balance")), low0 + 3)
    check_equal(len(notices(c, "account_restricted")), restricted0 + 2)
    sent = sorted(n["kind"] for n in notices(c))
    check_equal(sent, ["account_restricted"] * 4 + ["low_balance"] * 4, "no other notices")
    for n in notices(c):
        check_equal(n["ref"], None)
    # Each of those also went out as e-mail, with its kind in a header.
    mails = wait_until(lambda: len(outbox_mails(t.db)) >= len(sent) and outbox_mails(t.db), what="the e-mails")
    for text in mails:
        check(re.search(r"^Message-ID: <[^>]+>", text, re.M | re.I), f"a Message-ID in {text[:200]!r}")
    check_equal(mail_kinds(t.db), sent, "one e-mail per notice")
    check_equal(money(c.account()["balance"]),
                sum(money(x["amount"]) for x in c.all_pages("/v1/transactions")), "balance = sum of the ledger")


# Account

def test_account(t):
    acc, token = account_create(t)
    svc = t.serve("--support-phone", "+91 80 4000 0000")
    c = svc.client(token)
    a = c.account()
    shape(a, ACCOUNT, "account")
    check_equal((a["id"], a["name"], a["email"]), (acc, "Acme Traders", "owner@acme.example"))
    check_equal(a["support"], {"phone": "+91 80 4000 0000", "email": None}, "a --support-* not given is null")
    resp = c.patch("/v1/account", {"low_balance_threshold": "250.00"})
    check_equal(resp.status, 200)
    shape(resp.json, ACCOUNT, "patched account")
    check_equal(resp.json["low_balance_threshold"], "250.00")
    check_equal(c.patch("/v1/account", {"low_balance_threshold": "250.5"}).json["low_balance_threshold"], "250.50")
    check_equal(c.patch("/v1/account", {"low_balance_threshold": "0"}).json["low_balance_threshold"], "0.00")
    check_equal(c.patch("/v1/account", {}).json["low_balance_threshold"], "0.00", "an empty PATCH changes nothing")
    for bad in ("-1", "-0.01", "abc", "", "1e3", "+5", "1,000", " 5", "5 ", "0x10", "1.23456", "99999999999999999999"):
        expect_error(c.patch("/v1/account", {"low_balance_threshold": bad}), 400, "invalid_amount",
                     "low_balance_threshold")
    expect_error(c.patch("/v1/account", {"low_balance_threshold": 5}), 400, "invalid_request",
                 "low_balance_threshold")
    check_equal(c.account()["low_balance_threshold"], "0.00", "refused changes changed nothing")


# Idempotency and payments

def test_payments(t):
    acc, token = account_create(t)
    other, other_token = account_create(t, name="Other Co", email="o@other.example")
    svc = t.serve("--public-url", "https://pay.example.com/shop/")
    c, o = svc.client(token), svc.client(other_token)

    # Idempotency-Key: required, 1-255 printable ASCII.
    expect_error(c.post("/v1/payments", {"amount": "1000.00"}), 400, "invalid_request")
    for bad in ("", "x" * 256, "tab\there", "caf\u00e9"):
        expect_error(c.request("POST", "/v1/payments", raw=b'{"amount": "1000.00"}',
                               headers={"Idempotency-Key": bad.encode("latin-1")}), 400, "invalid_request")
    check_equal(c.get("/v1/payments").json["data"], [], "no payment from a refused key")
    check_equal(c.create_payment("100", key="k" * 255).status, 201, "255 characters")
    check_equal(c.create_payment("100", key="a key with spaces ~!").status, 201, "printable ASCII")

    # Validation in api.md's order, each with field amount.
    for bad in ("abc", "", "1e3", "+100", "1,000", " 100", "100 ", "100.", ".5", "0x64", "१००", "１００",
                "100.12345", "922337203685478", "9999999999999999999999", "-922337203685478"):
        expect_error(c.create_payment(bad), 400, "invalid_amount", "amount")
    for bad in ("0", "0.00", "-0", "-5", "-100.00", "-0.001", "-922337203685477"):
        expect_error(c.create_payment(bad), 400, "invalid_amount", "amount")
    for bad in ("100.001", "99.999", "100000.001", "500.1234", "100000.0001"):
        expect_error(c.create_payment(bad), 400, "invalid_amount", "amount")
    # "More than 2 decimals" is read on the value, as replays compare amounts after parsing:
    # trailing zeros that a 4-decimal money writer adds do not make a paisa.
    for written, amount in (("100.000", "100.00"), ("100.5000", "100.50")):
        resp = c.create_payment(written)
        check_equal((resp.status, resp.json["amount"]), (201, amount), f"{written} is {amount}")
        check_equal(c.post(f"/v1/payments/{resp.json['id']}/cancel").status, 200)
    expect_error(c.create_payment("99.99"), 422, "amount_below_minimum", "amount")
    expect_error(c.create_payment("1"), 422, "amount_below_minimum", "amount")
    expect_error(c.create_payment("100000.01"), 422, "amount_above_maximum", "amount")
    expect_error(c.create_payment("922337203685477.58"), 422, "amount_above_maximum", "amount")
    expect_error(c.post("/v1/payments", {}, headers={"Idempotency-Key": "no-amount"}), 400, "invalid_request",
                 "amount")

    # 201 and the object.
    resp = c.create_payment("1000.00", key="order-1")
    check_equal(resp.status, 201, str(resp))
    check(resp.header("Idempotent-Replayed") in (None, "false"), "a first request is not a replay")
    p = resp.json
    shape(p, PAYMENT, "payment")
    check_equal((p["status"], p["amount"], p["tax"], p["total"], p["completed_at"]),
                ("pending", "1000.00", "180.00", "1180.00", None))
    check_equal(parse_time(p["expires_at"]) - parse_time(p["created_at"]), datetime.timedelta(hours=24))
    check(p["checkout_url"].startswith("https://pay.example.com/shop/checkout/ck_"), p["checkout_url"])
    token_part = p["checkout_url"].rsplit("/", 1)[1]
    check(re.match(r"^ck_[0-9a-z]{26,}$", token_part), "a checkout token of 128+ bits")
    check(p["id"] not in p["checkout_url"], "the checkout token is not the payment id")

    # Replays: same body (after parsing) -> 200 + Idempotent-Replayed, the object as it is now.
    again = c.create_payment("1000", key="order-1")
    check_equal(again.status, 200)
    check_equal(again.header("Idempotent-Replayed"), "true")
    check_equal(again.json, p)
    check_equal(c.post("/v1/payments", {"amount": "1000.0", "memo": "x"},
                       headers={"Idempotency-Key": "order-1"}).status, 200)
    expect_error(c.create_payment("1001.00", key="order-1"), 409, "idempotency_conflict")
    # Keys belong to the account that sent them.
    theirs = o.create_payment("2000", key="order-1")
    check_equal(theirs.status, 201, "the same key from another account is its own")
    check(theirs.json["id"] != p["id"], "and another payment")

    # Host header never shapes the checkout link.
    resp = c.request("POST", "/v1/payments", raw=b'{"amount": "100"}',
                     headers={"Idempotency-Key": "host-1", "Host": "evil.example"})
    check(resp.json["checkout_url"].startswith("https://pay.example.com/shop/checkout/"), "public URL only")

    # Lists, filter, get, cancel.
    check_equal(c.account()["pending_payments"], 4)
    listed = check_list(c.get("/v1/payments?status=pending"), PAYMENT, "payments")
    check_equal(len(listed), 4)
    check_equal(c.get(f"/v1/payments/{p['id']}").json, p)
    cancelled = c.post(f"/v1/payments/{p['id']}/cancel")
    check_equal(cancelled.status, 200)
    shape(cancelled.json, PAYMENT, "cancelled payment")
    check_equal(cancelled.json["status"], "cancelled")
    expect_error(c.post(f"/v1/payments/{p['id']}/cancel"), 409, "invalid_state")
    replay = c.create_payment("1000.00", key="order-1")
    check_equal((replay.status, replay.json["status"]), (200, "cancelled"), "a replay shows the object as it is now")
    cancelled = check_list(c.get("/v1/payments?status=cancelled"), PAYMENT, "payments")
    check_equal(len(cancelled), 3)
    check_equal(cancelled[0]["id"], p["id"], "the newest cancelled first")
    everything = c.get("/v1/payments").json["data"]
    check_equal(len(everything), 6, "no status: all of them")
    check_equal(everything[-1]["amount"], "100.00", "newest first")
    check_equal(everything[0]["checkout_url"], resp.json["checkout_url"], "the newest is the last created")
    for status in ("completed", "failed", "expired"):
        check_equal(c.get(f"/v1/payments?status={status}").json["data"], [])
    expect_error(c.get("/v1/payments?status=paid"), 400, "invalid_request")
    check_equal(c.account()["pending_payments"], 3)
    expect_error(c.get("/v1/payments/pay_" + "0" * 26), 404, "not_found")
    expect_error(c.get("/v1/payments/nonsense"), 404, "not_found")


def test_payment_timers(t):
    """Expiry after 24 hours, the pending notice after one, keys that live 24 hours; on a fast clock."""
    env = {"MC_SERVICE_TIME_SCALE": "40000"}
    acc, token = account_create(t)
    svc = t.serve("--webhook-secret-file", secret_file(t, SECRET), env=env)
    c = svc.client(token)
    p = c.create_payment("500", key="timer-1").json
    check_equal(p["status"], "pending")
    # One hour later (90 ms here): payment_pending, once.
    wait_until(lambda: notices(c, "payment_pending"), timeout=10, what="the payment_pending notice")
    # 24 hours later (2.2 s here): expired.
    wait_until(lambda: c.get(f"/v1/payments/{p['id']}").json["status"] == "expired", timeout=15,
               what="expiry after 24 hours")
    pending = notices(c, "payment_pending")
    check_equal(len(pending), 1, "the pending notice fires once per payment")
    check_equal(pending[0]["ref"], p["id"])
    check_equal(c.account()["pending_payments"], 0)
    expect_error(c.post(f"/v1/payments/{p['id']}/cancel"), 409, "invalid_state")
    # The key has lived its 24 hours: it is free for another request.
    fresh = c.create_payment("600", key="timer-1")
    check_equal(fresh.status, 201, "a key older than 24 hours is forgotten")
    # Everything else refuses to leave a final state...
    resp = webhook(c, SECRET, p["id"], "failed", p["total"], "INR")
    check_equal((resp.status, resp.json), (200, {"received": True}))
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "expired")
    check_equal(notices(c, "payment_failed"), [])
    # ...but money that was taken is never dropped: a late paid event still completes and credits.
    resp = webhook(c, SECRET, p["id"], "paid", p["total"], "INR")
    check_equal((resp.status, resp.json), (200, {"received": True}))
    got = c.get(f"/v1/payments/{p['id']}").json
    check_equal(got["status"], "completed")
    check(got["completed_at"] is not None, "completed_at is set")
    check_equal(c.account()["balance"], "500.00", "credited the amount, not the total")


def test_checkout(t):
    acc, token = account_create(t, name="Acme <Traders>")
    svc = t.serve("--sandbox-gateway")
    c = svc.client(token)
    check(c.create_payment("1000").json["checkout_url"].startswith(svc.url + "/checkout/ck_"),
          "default: the address serve listens on")
    p = c.create_payment("100.05").json
    page = c.get(c.checkout_path(p), auth=False)
    expect_html(page, 200)
    check_equal(page.header("Cache-Control"), "no-store")
    check_equal(page.header("Referrer-Policy"), "no-referrer")
    check_equal(page.header("Content-Security-Policy"), "frame-ancestors 'none'")
    for text in ("Acme &lt;Traders&gt;", "100.05", "18.01", "118.06"):
        check(text in page.text, f"the page shows {text}")
    check(re.search(r"pending", page.text, re.I), "and the state")
    check("Acme <Traders>" not in page.text, "escaped")
    unknown = c.get("/checkout/ck_" + "0" * 52, auth=False)
    expect_html(unknown, 404)
    expect_html(c.get("/checkout/" + p["id"], auth=False), 404)
    expect_html(c.get("/checkout/" + urllib.parse.quote("<script>"), auth=False), 404)

    resp = c.sandbox_pay(p)
    check_equal(resp.status, 303)
    check(urllib.parse.urlsplit(resp.header("Location")).path == c.checkout_path(p), "back to the page")
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "completed")
    page = c.get(c.checkout_path(p), auth=False)
    check(re.search(r"paid|completed", page.text, re.I), "the page shows the result")
    check_equal(c.account()["balance"], "100.05")
    expect_html(c.sandbox_pay(p), 409)
    expect_html(c.sandbox_decline(p), 409)
    check_equal(c.account()["balance"], "100.05", "a second pay changes nothing")
    lines = c.get("/v1/transactions").json["data"]
    check_equal([(x["kind"], x["amount"], x["ref"]) for x in lines], [("recharge", "100.05", p["id"])])
    check_equal([n["ref"] for n in notices(c, "payment_completed")], [p["id"]])

    q = c.create_payment("200").json
    check_equal(c.sandbox_decline(q).status, 303)
    check_equal(c.get(f"/v1/payments/{q['id']}").json["status"], "failed")
    check_equal([n["ref"] for n in notices(c, "payment_failed")], [q["id"]])
    expect_html(c.sandbox_pay(q), 409)
    check_equal(c.get(f"/v1/payments/{q['id']}").json["status"], "failed", "409 changed nothing")
    expect_html(c.request("POST", "/checkout/ck_" + "0" * 52 + "/pay", auth=False), 404)
    expect_html(c.request("GET", c.checkout_path(q) + "/pay", auth=False), 405)
    expect_html(c.request("DELETE", c.checkout_path(q), auth=False), 405)
    # Completion and failure are e-mailed too, each once.
    wait_until(lambda: mail_kinds(t.db) == ["payment_completed", "payment_failed"], what="the two e-mails")
    svc.stop()

    # Without --sandbox-gateway the buttons and routes are gone.
    svc = t.serve()
    c = svc.client(token)
    r = c.create_payment("300").json
    page = c.get(c.checkout_path(r), auth=False)
    expect_html(page, 200)
    check("/pay" not in page.text and "/decline" not in page.text, "no buttons")
    expect_html(c.sandbox_pay(r), 404)
    expect_html(c.sandbox_decline(r), 404)
    check_equal(c.get(f"/v1/payments/{r['id']}").json["status"], "pending")


def test_webhook(t):
    acc, token = account_create(t)
    svc = t.serve()
    c = svc.client(token)
    p = c.create_payment("1000").json
    expect_error(webhook(c, SECRET, p["id"], "paid", "1180.00", "INR"), 404, "not_found")
    svc.stop()

    svc = t.serve("--webhook-secret-file", secret_file(t, SECRET + b" \n\t\n"))
    c = svc.client(token)

    def unchanged():
        check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "pending")
        check_equal(c.account()["balance"], "0.00")

    # A bad signature is 401 and changes nothing, whatever the body.
    raw = json.dumps({"payment_id": p["id"], "event": "paid", "amount": "1180.00", "currency": "INR"}).encode()
    for sig in (None, "", "00" * 32, sign(SECRET + b"\n", raw), sign(b"other", raw), sign(SECRET, raw)[:-1]):
        headers = {} if sig is None else {"X-Signature": sig}
        resp = c.request("POST", "/webhooks/gateway", raw=raw, headers=headers, auth=False)
        expect_error(resp, 401, "unauthorized")
    expect_error(c.request("POST", "/webhooks/gateway", raw=b"not json", headers={"X-Signature": "ab"},
                           auth=False), 401, "unauthorized")
    unchanged()

    def signed(body):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return c.request("POST", "/webhooks/gateway", raw=raw, headers={"X-Signature": sign(SECRET, raw)},
                         auth=False)

    # Then, in order: not JSON; missing or mistyped fields or another event.
    expect_error(signed(b"not json"), 400, "invalid_json")
    good = {"payment_id": p["id"], "event": "paid", "amount": "1180.00", "currency": "INR"}
    for name in good:
        expect_error(signed({k: v for k, v in good.items() if k != name}), 400, "invalid_request")
        expect_error(signed(dict(good, **{name: 1180})), 400, "invalid_request")
    expect_error(signed(dict(good, event="refunded")), 400, "invalid_request")
    expect_error(signed([good]), 400, "invalid_request")
    # An unknown payment id: received, nothing changes (even with a wrong amount).
    for pid in ("pay_" + "0" * 26, "pay_nope", "anything"):
        resp = signed(dict(good, payment_id=pid, amount="1.00"))
        check_equal((resp.status, resp.json), (200, {"received": True}))
    # An amount or currency that does not match: 409 invalid_state.
    expect_error(signed(dict(good, amount="1000.00")), 409, "invalid_state")
    expect_error(signed(dict(good, currency="USD")), 409, "invalid_state")
    expect_error(signed(dict(good, event="failed", amount="1180.01")), 409, "invalid_state")
    unchanged()
    # The event, then its replays.
    for _ in range(3):
        resp = signed(dict(good, amount="1180"))
        check_equal((resp.status, resp.json), (200, {"received": True}))
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "completed")
    check_equal(c.account()["balance"], "1000.00", "credited once")
    resp = signed(dict(good, event="failed"))
    check_equal((resp.status, resp.json), (200, {"received": True}), "failed after paid changes nothing")
    check_equal(c.get(f"/v1/payments/{p['id']}").json["status"], "completed")

    # failed on a pending payment, then a late paid completes it.
    q = c.create_payment("100").json
    qb = {"payment_id": q["id"], "event": "failed", "amount": q["total"], "currency": "INR"}
    check_equal(signed(qb).json, {"received": True})
    check_equal(c.get(f"/v1/payments/{q['id']}").json["status"], "failed")
    check_equal(len(notices(c, "payment_failed")), 1)
    check_equal(signed(qb).json, {"received": True})
    check_equal(len(notices(c, "payment_failed")), 1, "a replay changes nothing")
    check_equal(signed(dict(qb, event="paid")).json, {"received": True})
    check_equal(c.get(f"/v1/payments/{q['id']}").json["status"], "completed", "late payment after failure")
    # A cancelled one too.
    r = c.create_payment("200").json
    check_equal(c.post(f"/v1/payments/{r['id']}/cancel").status, 200)
    check_equal(signed({"payment_id": r["id"], "event": "paid", "amount": r["total"],
                        "currency": "INR"}).json, {"received": True})
    check_equal(c.get(f"/v1/payments/{r['id']}").json["status"], "completed", "late payment after cancel")
    check_equal(c.account()["balance"], "1300.00")
    recharges = [x for x in c.all_pages("/v1/transactions") if x["kind"] == "recharge"]
    check_equal(sorted(x["ref"] for x in recharges), sorted([p["id"], q["id"], r["id"]]), "one line each")


# Ledger

def test_ledger(t):
    acc, token = account_create(t)
    adjust(t, acc, "10.00", reason="=HYPERLINK(\"x\")")
    svc = t.serve("--sandbox-gateway")
    c = svc.client(token)
    p = c.create_payment("100").json
    c.sandbox_pay(p)
    cv = conv(c, "wamid-ledger").json
    b = c.post("/v1/broadcasts", {"name": "Diwali offer", "recipient_count": 5}).json
    adjust(t, acc, "-1.00", reason="Correction")
    lines = check_list(c.get("/v1/transactions"), LEDGER_LINE, "transactions")
    check_equal([(x["kind"], x["amount"], x["ref"]) for x in lines],
                [("adjustment", "-1.00", None), ("broadcast", "-4.00", b["id"]),
                 ("conversation", "-0.80", cv["id"]), ("recharge", "100.00", p["id"]),
                 ("adjustment", "10.00", None)])
    check_equal(lines[1]["description"], "Diwali offer", "a broadcast's line has its name")
    check_equal(lines[0]["description"], "Correction")
    check_equal(lines[0]["balance_after"], "104.20")
    check_equal(sum(money(x["amount"]) for x in lines), money(c.account()["balance"]))
    today = datetime.datetime.now(UTC).date()
    # from and to are optional and not bound to the six-month window.
    for q in ("from=2001-01-01", f"to={today + datetime.timedelta(days=400)}",
              f"from=2001-01-01&to={today + datetime.timedelta(days=1)}",
              f"from={today - datetime.timedelta(days=1)}&to={today + datetime.timedelta(days=1)}"):
        check_equal(len(check_list(c.get(f"/v1/transactions?{q}"), LEDGER_LINE, "transactions")), 5, q)
    check_equal(c.get("/v1/transactions?to=2001-01-01").json["data"], [])
    check_equal(c.get(f"/v1/transactions?from={today + datetime.timedelta(days=2)}").json["data"], [])
    expect_error(c.get("/v1/transactions?from=2026-02-02&to=2026-02-01"), 422, "range_invalid")
    for bad in ("2026-02-30", "2026-2-1", "yesterday", "2026-02-01T00:00:00Z"):
        expect_error(c.get(f"/v1/transactions?from={bad}"), 400, "invalid_date")


# Conversations

def test_conversations(t):
    acc, token = account_create(t, extra=("--rates", "user_initiated=0.50"))
    adjust(t, acc, "4.00")
    svc = t.serve()
    c = svc.client(token)
    now = datetime.datetime.now(UTC)
    r = conv(c, "wamid-1")
    check_equal(r.status, 201)
    shape(r.json, CONVERSATION, "conversation")
    check_equal((r.json["category"], r.json["cost"], r.json["balance"]), ("business_initiated", "0.80", "3.20"))
    check_equal(conv(c, "wamid-2", "user_initiated").json["cost"], "0.50", "the account's own rate")
    check_equal(conv(c, "wamid-3", "free").json["cost"], "0.00")
    # Repeats: same body -> 200 and the same conversation (balance now), no debit.
    again = conv(c, "wamid-1")
    check_equal(again.status, 200)
    check_equal(again.header("Idempotent-Replayed"), "true", "idempotent the same way as a key")
    check(r.header("Idempotent-Replayed") in (None, "false"), "the first is no replay")
    check_equal((again.json["id"], again.json["cost"], again.json["balance"]), (r.json["id"], "0.80", "2.70"))
    expect_error(conv(c, "wamid-1", "user_initiated"), 409, "idempotency_conflict")
    expect_error(conv(c, "wamid-1", wa_id="911111111111"), 409, "idempotency_conflict")
    check_equal(c.account()["balance"], "2.70")
    other, other_token = account_create(t, name="Other Co", email="o@other.example")
    adjust(t, other, "1.00")
    theirs = conv(svc.client(other_token), "wamid-1")
    check_equal(theirs.status, 201, "an external_id belongs to its account")
    check(theirs.json["id"] != r.json["id"], "another conversation")

    # wa_id: 7 to 15 digits, no +.
    for bad in ("123456", "1234567890123456", "+919876543210", "91 98765 43210", "91987654321a", "",
                "\u0669\u0661\u0669\u0668\u0667\u0666\u0665\u0664\u0663"):
        expect_error(conv(c, f"wamid-phone-{bad}", wa_id=bad), 400, "invalid_phone", "wa_id")
    # started_at: optional, at most 5 minutes ahead, at most 24 hours old.
    for bad in (now + datetime.timedelta(minutes=6), now - datetime.timedelta(hours=24, minutes=1)):
        expect_error(conv(c, f"wamid-when-{bad.timestamp()}", started_at=rfc3339(bad)), 400, "invalid_date",
                     "started_at")
    for bad in ("yesterday", "2026-11-26", "2026-11-26T25:00:00Z", "2026-11-26T10:00:00"):
        expect_error(conv(c, f"wamid-when-{bad}", started_at=bad), 400, "invalid_date", "started_at")
    check_equal(c.account()["balance"], "2.70", "refused conversations cost nothing")
    ist = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    kolkata = (now - datetime.timedelta(hours=2)).astimezone(ist)
    ok = conv(c, "wamid-7digits", wa_id="1234567", started_at=kolkata.strftime("%Y-%m-%dT%H:%M:%S.123+05:30"))
    check_equal(ok.status, 201, f"an offset and a fraction are accepted: {ok}")
    check_equal(conv(c, "wamid-15digits", wa_id="123456789012345",
                     started_at=rfc3339(now + datetime.timedelta(minutes=4))).status, 201)
    check_equal(conv(c, "wamid-old", started_at=rfc3339(now - datetime.timedelta(hours=23))).status, 201)
    check_equal(c.account()["balance"], "0.30")
    # A debit may take the balance below zero; then the account is restricted.
    check_equal(conv(c, "wamid-negative").json["balance"], "-0.50")
    check_equal(c.account()["state"], "restricted")
    expect_error(conv(c, "wamid-402"), 402, "account_restricted")
    expect_error(conv(c, "wamid-402-free", "free"), 402, "account_restricted")
    # A repeat is looked up before any other check, restricted or not.
    check_equal(conv(c, "wamid-1").status, 200)
    expect_error(conv(c, "wamid-1", wa_id="bad"), 409, "idempotency_conflict")
    check_equal(c.account()["balance"], "-0.50")
    # Until a recharge lifts the balance above zero.
    adjust(t, acc, "0.50")
    expect_error(conv(c, "wamid-402"), 402, "account_restricted")
    adjust(t, acc, "0.01")
    check_equal(conv(c, "wamid-402").status, 201)


# Reports and export

NOW = datetime.datetime(2028, 8, 31, 20, 0, 0, tzinfo=UTC)   # 1 September 01:30 in Kolkata


def test_reports(t):
    env = {"MC_SERVICE_NOW": rfc3339(NOW)}
    inr, inr_token = account_create(t, env=env)
    usd, usd_token = account_create(t, "USD", name="Dollar Co", email="d@dollar.example", env=env)
    adjust(t, inr, "100", env=env)
    adjust(t, usd, "100", env=env)
    svc = t.serve(env=env)
    i, u = svc.client(inr_token), svc.client(usd_token)
    for c in (i, u):
        check_equal(conv(c, "a", "business_initiated", started_at="2028-08-30T20:30:00Z").status, 201)
        check_equal(conv(c, "b", "user_initiated", started_at="2028-08-31T19:00:00Z").status, 201)
        check_equal(conv(c, "c", "free", started_at="2028-08-31T10:00:00Z").status, 201)

    # The window: from >= today - 6 months (day clamped), to <= today, from <= to.
    # USD (UTC): today 2028-08-31, earliest 2028-02-29. INR (Kolkata): today 2028-09-01, earliest 2028-03-01.
    base = "/v1/reports/conversations"
    check_equal(u.get(f"{base}?from=2028-02-29&to=2028-08-31").status, 200)
    expect_error(u.get(f"{base}?from=2028-02-28&to=2028-08-31"), 422, "range_too_old")
    expect_error(u.get(f"{base}?from=2028-08-01&to=2028-09-01"), 422, "range_invalid")
    check_equal(i.get(f"{base}?from=2028-03-01&to=2028-09-01").status, 200, "today is the account's own day")
    expect_error(i.get(f"{base}?from=2028-02-29&to=2028-09-01"), 422, "range_too_old")
    expect_error(i.get(f"{base}?from=2028-08-31&to=2028-08-30"), 422, "range_invalid")
    for bad in ("2028-02-30", "28-08-01", "2028-8-1", "today"):
        expect_error(u.get(f"{base}?from={bad}&to=2028-08-31"), 400, "invalid_date")
    expect_error(u.get(f"{base}?from=2028-08-01&to=2028-08-31&group=year"), 400, "invalid_request")

    # Days in the account's time zone, zero rows, totals.
    day = u.get(f"{base}?from=2028-08-29&to=2028-08-31&group=day").json
    shape(day, {"currency": one_of("USD"), "from": one_of("2028-08-29"), "to": one_of("2028-08-31"),
                "group": one_of("day"), "rows": lambda v: isinstance(v, list),
                "totals": {"free": CELL, "business_initiated": CELL, "user_initiated": CELL}}, "report")
    for n, row in enumerate(day["rows"]):
        shape(row, REPORT_ROW, f"row {n}")
    counts = [(r["period"], r["free"]["count"], r["business_initiated"]["count"], r["user_initiated"]["count"])
              for r in day["rows"]]
    check_equal(counts, [("2028-08-29", 0, 0, 0), ("2028-08-30", 0, 1, 0), ("2028-08-31", 1, 0, 1)])
    check_equal(day["rows"][1]["business_initiated"]["cost"], "0.0147")
    check_equal(day["totals"], {"free": {"count": 1, "cost": "0.00"},
                                "business_initiated": {"count": 1, "cost": "0.0147"},
                                "user_initiated": {"count": 1, "cost": "0.006"}})
    inr_days = i.get(f"{base}?from=2028-08-30&to=2028-09-01").json
    check_equal([(r["period"], r["free"]["count"], r["business_initiated"]["count"], r["user_initiated"]["count"])
                 for r in inr_days["rows"]],
                [("2028-08-30", 0, 0, 0), ("2028-08-31", 1, 1, 0), ("2028-09-01", 0, 0, 1)],
                "a conversation belongs to its day in Asia/Kolkata")
    check_equal(inr_days["currency"], "INR")
    check_equal(inr_days["group"], "day", "day is the default group")

    # Weeks start on Monday; the first period may start before from; rows count only days in range.
    week = u.get(f"{base}?from=2028-08-31&to=2028-08-31&group=week").json
    check_equal([r["period"] for r in week["rows"]], ["2028-08-28"], "2028-08-28 is a Monday")
    check_equal(week["rows"][0]["business_initiated"]["count"], 0, "the 30th is outside the range")
    check_equal(week["rows"][0]["user_initiated"]["count"], 1)
    weeks = u.get(f"{base}?from=2028-08-02&to=2028-08-31&group=week").json
    check_equal([r["period"] for r in weeks["rows"]],
                ["2028-07-31", "2028-08-07", "2028-08-14", "2028-08-21", "2028-08-28"])
    months = u.get(f"{base}?from=2028-03-15&to=2028-08-31&group=month").json
    check_equal([r["period"] for r in months["rows"]],
                ["2028-03-01", "2028-04-01", "2028-05-01", "2028-06-01", "2028-07-01", "2028-08-01"])
    check_equal(months["totals"], day["totals"])
    check_equal(sum(r["business_initiated"]["count"] for r in months["rows"]), 1)


def strict_csv(body, header):
    text = body.decode("utf-8")
    check(text.endswith("\r\n"), "CRLF line ends")
    lines = text.split("\r\n")[:-1]
    check("\n" not in "".join(lines), "no bare LF")
    check_equal(lines[0], header, "header row")
    import csv
    import io
    return list(csv.reader(io.StringIO("\r\n".join(lines[1:]) + "\r\n" if lines[1:] else "")))


def test_export(t):
    env = {"MC_SERVICE_NOW": rfc3339(NOW)}
    usd, token = account_create(t, "USD", name="Dollar Co", email="d@dollar.example", env=env)
    adjust(t, usd, "100", reason="-Opening", env=env)
    adjust(t, usd, "-1", reason="\tTabbed", env=env)
    adjust(t, usd, "-1", reason="\rReturn", env=env)
    adjust(t, usd, "1", reason='A plain reason, = - + @ "inside"', env=env)
    svc = t.serve(env=env)
    c = svc.client(token)
    c1 = conv(c, "a", "business_initiated", started_at="2028-08-30T20:30:00Z").json
    c2 = conv(c, "b", "user_initiated", wa_id="1234567", started_at="2028-08-31T19:00:00.999+00:00").json
    check_equal(c.post("/v1/broadcasts", {"name": "=SUM(A1)", "recipient_count": 10}).status, 201)
    check_equal(c.post("/v1/broadcasts", {"name": "@cmd +x", "recipient_count": 1}).status, 201)
    check_equal(c.post("/v1/broadcasts", {"name": "+91 offer", "recipient_count": 1}).status, 201)
    base = "/v1/usage/export?from=2028-08-30&to=2028-08-31"

    resp = c.get(base + "&kind=conversations")
    check_equal(resp.status, 200, str(resp))
    check_equal(resp.header("Content-Type").replace(" ", "").lower(), "text/csv;charset=utf-8")
    check(re.match(r"^attachment;\s*filename=", resp.header("Content-Disposition")), "an attachment")
    rows = strict_csv(resp.body, "conversation_id,started_at,category,wa_id,cost,currency")
    check_equal(rows, [[c1["id"], "2028-08-30T20:30:00Z", "business_initiated", "919876543210", "0.0147", "USD"],
                       [c2["id"], "2028-08-31T19:00:00Z", "user_initiated", "1234567", "0.006", "USD"]],
                "oldest first; a fraction of a second is dropped, not rounded")

    rows = strict_csv(c.get(base + "&kind=daily").body, "date,category,count,cost,currency")
    check_equal(rows, [["2028-08-30", "free", "0", "0.00", "USD"],
                       ["2028-08-30", "business_initiated", "1", "0.0147", "USD"],
                       ["2028-08-30", "user_initiated", "0", "0.00", "USD"],
                       ["2028-08-31", "free", "0", "0.00", "USD"],
                       ["2028-08-31", "business_initiated", "0", "0.00", "USD"],
                       ["2028-08-31", "user_initiated", "1", "0.006", "USD"]])

    rows = strict_csv(c.get(base + "&kind=transactions").body,
                      "transaction_id,at,kind,amount,balance_after,description,ref,currency")
    check_equal([r[2] for r in rows], ["adjustment"] * 4 + ["conversation"] * 2 + ["broadcast"] * 3,
                "oldest first")
    check_equal([r[5] for r in rows][:4], ["'-Opening", "'\tTabbed", "'\rReturn", 'A plain reason, = - + @ "inside"'],
                "free text is guarded, and quoted as RFC 4180 wants")
    check_equal([r[5] for r in rows][6:], ["'=SUM(A1)", "'@cmd +x", "'+91 offer"])
    check_equal([r[3] for r in rows], ["100.00", "-1.00", "-1.00", "1.00", "-0.0147", "-0.006", "-0.147", "-0.0147",
                                       "-0.0147"], "numbers such as -0.80 stay as they are")
    check(all(re.match(r"^txn_", r[0]) and TIME_RE.match(r[1]) and r[7] == "USD" for r in rows), "ids, times")
    check_equal(rows[4][6], c1["id"])

    expect_error(c.get("/v1/usage/export?from=2028-02-28&to=2028-08-31&kind=daily"), 422, "range_too_old")
    expect_error(c.get("/v1/usage/export?from=2028-08-01&to=2028-09-01&kind=daily"), 422, "range_invalid")
    expect_error(c.get("/v1/usage/export?from=2028-08-02&to=2028-08-01&kind=daily"), 422, "range_invalid")
    expect_error(c.get(base + "&kind=everything"), 400, "invalid_request")


def test_export_concurrency(t):
    """At most two exports run at once per account; a third is 429 too_many_requests."""
    seeded = json.loads(t.cli("bench-seed", "--db", t.db, "--conversations", "60000").stdout)
    svc = t.serve()
    c = svc.client(seeded["token"])
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=5, minutes=30))).date()
    frm = today - datetime.timedelta(days=150)
    path = f"/v1/usage/export?kind=conversations&from={frm}&to={today}"
    held = []
    for _ in range(2):
        s = socket.create_connection((svc.host, svc.port), timeout=10)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {seeded['token']}\r\n\r\n".encode())
        head = s.recv(512)
        check(head.startswith(b"HTTP/1.1 200"), f"an export starts: {head[:40]!r}")
        held.append(s)
    expect_error(c.get(path), 429, "too_many_requests")
    for s in held:
        s.close()
    wait_until(lambda: c.get(path.replace("conversations&", "daily&")).status == 200, what="a slot back")


# Broadcasts

def test_broadcasts(t):
    acc, token = account_create(t)
    adjust(t, acc, "10.00")
    svc = t.serve()
    c = svc.client(token)
    est = c.post("/v1/broadcasts/estimate", {"recipients": ["919876543210", "919876543211", "919876543210"]})
    check_equal(est.status, 200)
    shape(est.json, ESTIMATE, "estimate")
    check_equal(est.json, {"recipients": 2, "rate": "0.80", "estimated_cost": "1.60", "balance": "10.00",
                           "sufficient": True, "shortfall": "0.00"}, "recipients are de-duplicated")
    est = c.post("/v1/broadcasts/estimate", {"recipient_count": 1200}).json
    check_equal(est, {"recipients": 1200, "rate": "0.80", "estimated_cost": "960.00", "balance": "10.00",
                      "sufficient": False, "shortfall": "950.00"})
    check_equal(c.post("/v1/broadcasts/estimate", {"recipient_count": 1000000}).status, 200)
    check_equal(c.post("/v1/broadcasts/estimate", {"recipients": ["9198765" + str(10000000 + n)[1:]
                                                                  for n in range(50000)]}).status, 200)
    for body in ({"recipient_count": 0}, {"recipient_count": 1000001}, {"recipient_count": -1},
                 {"recipients": []}, {"recipients": ["919876543210"] * 50001}, {}):
        expect_error(c.post("/v1/broadcasts/estimate", body), 400, "invalid_request")
    for bad in ("+919876543210", "12345", "91987654321x", "1234567890123456"):
        expect_error(c.post("/v1/broadcasts/estimate", {"recipients": ["919876543210", bad]}), 400, "invalid_phone")
    check_equal(c.get("/v1/broadcasts").json["data"], [], "the estimate changes nothing")
    check_equal(len(c.get("/v1/transactions").json["data"]), 1)
    check_equal(c.get("/v1/notifications").json["data"], [])

    # Send now: inside the request.
    before = datetime.datetime.now(UTC).replace(microsecond=0)
    resp = c.post("/v1/broadcasts", {"name": "Diwali offer", "recipients": ["919876543210", "919876543210"],
                                     "scheduled_at": None})
    after = datetime.datetime.now(UTC)
    check_equal(resp.status, 201)
    b = resp.json
    shape(b, BROADCAST, "broadcast")
    check_equal((b["status"], b["recipients"], b["estimated_cost"], b["failure_reason"]), ("sent", 1, "0.80", None))
    check(before <= parse_time(b["scheduled_at"]) <= after, "scheduled_at is the time of creation")
    check(b["sent_at"] is not None, "sent_at")
    check_equal(c.account()["balance"], "9.20")
    past = c.post("/v1/broadcasts", {"name": "Past", "recipient_count": 1,
                                     "scheduled_at": "2020-01-01T00:00:00Z"}).json
    check_equal(past["status"], "sent", "a time in the past means now")
    check(parse_time(past["scheduled_at"]) >= before, "and says so")
    # Not enough: failed, reason, notice; nothing debited.
    poor = c.post("/v1/broadcasts", {"name": "Too big", "recipient_count": 100}).json
    check_equal((poor["status"], poor["failure_reason"], poor["sent_at"]), ("failed", "insufficient_credits", None))
    check_equal(c.account()["balance"], "8.40")
    check_equal([n["ref"] for n in notices(c, "broadcast_failed")], [poor["id"]])
    check_equal(notices(c, "insufficient_balance"), [], "a send-now broadcast fails instead of warning")
    # Scheduled in the future: insufficient -> insufficient_balance now; sufficient -> nothing yet.
    soon = datetime.datetime.now(UTC) + datetime.timedelta(seconds=2)
    ok = c.post("/v1/broadcasts", {"name": "Soon", "recipient_count": 2, "scheduled_at": rfc3339(soon)},
                headers={"Idempotency-Key": "bc-1"}).json
    check_equal(ok["status"], "scheduled")
    check_equal(ok["scheduled_at"], rfc3339(soon))
    later = rfc3339(datetime.datetime.now(UTC) + datetime.timedelta(days=3))
    big = c.post("/v1/broadcasts", {"name": "Big", "recipient_count": 100, "scheduled_at": later}).json
    check_equal(big["status"], "scheduled")
    check_equal([n["ref"] for n in notices(c, "insufficient_balance")], [big["id"]], "warned at once")
    offset = c.post("/v1/broadcasts", {"name": "Offset", "recipient_count": 1,
                                       "scheduled_at": "2099-01-01T10:00:00.75+05:30"})
    check_equal(offset.status, 400, "more than a year ahead is the implementer's refusal")
    ahead = (datetime.datetime.now(UTC) + datetime.timedelta(days=5)).replace(microsecond=0)
    ist = ahead.astimezone(datetime.timezone(datetime.timedelta(hours=5, minutes=30)))
    offset = c.post("/v1/broadcasts", {"name": "Offset", "recipient_count": 1,
                                       "scheduled_at": ist.strftime("%Y-%m-%dT%H:%M:%S.75+05:30")}).json
    check_equal(offset["scheduled_at"], rfc3339(ahead), "an offset is read, the answer is UTC with Z")
    check_equal(c.post(f"/v1/broadcasts/{offset['id']}/cancel").status, 200)
    # Cancel only while scheduled.
    resp = c.post(f"/v1/broadcasts/{big['id']}/cancel")
    check_equal((resp.status, resp.json["status"]), (200, "cancelled"))
    shape(resp.json, BROADCAST, "cancelled broadcast")
    expect_error(c.post(f"/v1/broadcasts/{big['id']}/cancel"), 409, "invalid_state")
    expect_error(c.post(f"/v1/broadcasts/{b['id']}/cancel"), 409, "invalid_state")
    expect_error(c.post(f"/v1/broadcasts/{poor['id']}/cancel"), 409, "invalid_state")
    # The scheduler sends within 5 seconds of the time.
    done = wait_until(lambda: (lambda x: x if x["status"] != "scheduled" else None)(
        c.get(f"/v1/broadcasts/{ok['id']}").json), timeout=10, what="the scheduled send")
    check_equal(done["status"], "sent")
    check(parse_time(done["sent_at"]) - parse_time(done["scheduled_at"]) <= datetime.timedelta(seconds=5),
          "within 5 seconds")
    check_equal(c.account()["balance"], "6.80")
    # Idempotent replays compare recipient lists as sets.
    r1 = c.post("/v1/broadcasts", {"name": "Set", "recipients": ["9111111", "9222222", "9111111"]},
                headers={"Idempotency-Key": "bc-set"})
    check_equal(r1.status, 201)
    r2 = c.post("/v1/broadcasts", {"name": "Set", "recipients": ["9222222", "9111111"]},
                headers={"Idempotency-Key": "bc-set"})
    check_equal((r2.status, r2.header("Idempotent-Replayed"), r2.json["id"]), (200, "true", r1.json["id"]))
    expect_error(c.post("/v1/broadcasts", {"name": "Set", "recipients": ["9222222", "9333333"]},
                        headers={"Idempotency-Key": "bc-set"}), 409, "idempotency_conflict")
    expect_error(c.post("/v1/broadcasts", {"name": "Set", "recipient_count": 1},
                        headers={"Idempotency-Key": "x" * 256}), 400, "invalid_request")
    check_equal(c.account()["balance"], "5.20", "a replay sends nothing again")
    # name: 1-200 characters.
    check_equal(c.post("/v1/broadcasts", {"name": "é" * 200, "recipient_count": 1}).status, 201)
    for bad in ("", "é" * 201):
        expect_error(c.post("/v1/broadcasts", {"name": bad, "recipient_count": 1}), 400, "invalid_request", "name")
    expect_error(c.post("/v1/broadcasts", {"recipient_count": 1}), 400, "invalid_request", "name")
    # A restricted account's broadcast fails with that reason.
    adjust(t, acc, "-5.00")
    adjust(t, acc, "-0.20")
    est = c.post("/v1/broadcasts/estimate", {"recipient_count": 1}).json
    check_equal((est["sufficient"], est["balance"]), (False, "-0.80"))
    r = c.post("/v1/broadcasts", {"name": "Locked", "recipient_count": 1}).json
    check_equal((r["status"], r["failure_reason"]), ("failed", "account_restricted"))
    wait_until(lambda: mail_kinds(t.db).count("broadcast_failed") == 2, what="an e-mail per failed broadcast")
    # Restricted is never sufficient, even for a cost of zero.
    zero, zero_token = account_create(t, extra=("--rates", "business_initiated=0"), name="Zero",
                                      email="z@zero.example")
    est = svc.client(zero_token).post("/v1/broadcasts/estimate", {"recipient_count": 5}).json
    check_equal((est["estimated_cost"], est["balance"], est["sufficient"]), ("0.00", "0.00", False))
    # Lists and lookups.
    items = check_list(c.get("/v1/broadcasts"), BROADCAST, "broadcasts")
    check_equal(items[0]["id"], r["id"], "newest first")
    check_equal(c.get(f"/v1/broadcasts/{ok['id']}").json["status"], "sent")
    expect_error(c.get("/v1/broadcasts/bc_" + "0" * 26), 404, "not_found")
    reports = c.get("/v1/reports/conversations?from={0}&to={0}".format(
        datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=5, minutes=30))).date())).json
    check(all(v["count"] == 0 for v in reports["totals"].values()), "broadcasts are not conversations")


# Notifications and tickets

def test_broadcasts_due_while_down(t):
    """At start-up the scheduler sends or fails what fell due while the service was down."""
    acc, token = account_create(t)
    adjust(t, acc, "5.00")
    svc = t.serve()
    c = svc.client(token)
    now = datetime.datetime.now(UTC)
    ok = c.post("/v1/broadcasts", {"name": "Fits", "recipient_count": 2,
                                   "scheduled_at": rfc3339(now + datetime.timedelta(hours=1))}).json
    big = c.post("/v1/broadcasts", {"name": "Too big", "recipient_count": 10,
                                    "scheduled_at": rfc3339(now + datetime.timedelta(hours=2))}).json
    check_equal((ok["status"], big["status"]), ("scheduled", "scheduled"))
    svc.stop()
    later = t.serve(env={"MC_SERVICE_NOW": rfc3339(now + datetime.timedelta(hours=3))})
    c = later.client(token)
    got = wait_until(lambda: (lambda a, b: (a, b) if "scheduled" not in (a["status"], b["status"]) else None)(
        c.get(f"/v1/broadcasts/{ok['id']}").json, c.get(f"/v1/broadcasts/{big['id']}").json),
        timeout=5, what="the broadcasts due while down")
    check_equal((got[0]["status"], got[1]["status"], got[1]["failure_reason"]),
                ("sent", "failed", "insufficient_credits"))
    check_equal(c.account()["balance"], "3.40")


def test_events(t):
    """One message per change, seq growing by one, on the account's own socket."""
    acc, token = account_create(t)
    svc = t.serve("--sandbox-gateway")
    c = svc.client(token)
    ws = WebSocket(svc.host, svc.port, "/v1/events", token)
    check_equal(ws.status, 101)
    p = c.create_payment("100").json
    c.sandbox_pay(p)
    seen = []
    while not any(m["type"] == "notification" for m in seen):
        seen.append(ws.receive(timeout=5))
    for m in seen:
        check_equal(sorted(m), sorted(["seq", "type", m["type"]]), f"event keys {m}")
        check(m["type"] in ("account", "payment", "notification", "broadcast"), m["type"])
        check(integer(m["seq"]), "seq is a number")
    spec = {"account": ACCOUNT, "payment": PAYMENT, "notification": NOTIFICATION}
    for m in seen:
        shape(m[m["type"]], spec[m["type"]], f"{m['type']} event")
    seqs = [m["seq"] for m in seen]
    check_equal(seqs, list(range(seqs[0], seqs[0] + len(seqs))), "seq grows by one")
    check(any(m["type"] == "payment" and m["payment"]["status"] == "completed" for m in seen), "the completion")
    ws.close()


def test_notifications_and_tickets(t):
    acc, token = account_create(t)
    adjust(t, acc, "101.00")
    adjust(t, acc, "-1.00")       # low_balance
    adjust(t, acc, "-100.00")     # account_restricted
    svc = t.serve()
    c = svc.client(token)
    all_ = check_list(c.get("/v1/notifications"), NOTIFICATION, "notifications")
    check_equal([n["kind"] for n in all_], ["account_restricted", "low_balance"], "newest first")
    check_equal([n["read"] for n in all_], [False, False])
    resp = c.post(f"/v1/notifications/{all_[1]['id']}/read")
    check_equal(resp.status, 200)
    shape(resp.json, NOTIFICATION, "read notification")
    check_equal((resp.json["id"], resp.json["read"]), (all_[1]["id"], True))
    check_equal(c.post(f"/v1/notifications/{all_[1]['id']}/read").json["read"], True, "marking twice is fine")
    unread = check_list(c.get("/v1/notifications?unread=true"), NOTIFICATION, "unread")
    check_equal([n["id"] for n in unread], [all_[0]["id"]])
    check_equal(len(c.get("/v1/notifications").json["data"]), 2)
    expect_error(c.post("/v1/notifications/ntf_" + "0" * 26 + "/read"), 404, "not_found")

    # Tickets: subject 1-200 characters, body 1-10,000 (characters, not bytes).
    resp = c.post("/v1/tickets", {"subject": "€" * 200, "body": "€" * 10000, "payment_id": None})
    check_equal(resp.status, 201, str(resp))
    shape(resp.json, TICKET, "ticket")
    check_equal((resp.json["status"], resp.json["subject"]), ("open", "€" * 200))
    for body in ({"subject": "€" * 201, "body": "b"}, {"subject": "", "body": "b"}, {"subject": "s", "body": ""},
                 {"subject": "s", "body": "€" * 10001}, {"body": "b"}, {"subject": "s"}):
        expect_error(c.post("/v1/tickets", body), 400, "invalid_request")
    second = c.post("/v1/tickets", {"subject": "Second", "body": "b"}).json
    listed = check_list(c.get("/v1/tickets"), TICKET, "tickets")
    check_equal([x["id"] for x in listed], [second["id"], resp.json["id"]], "newest first")


# Operating the service (the demo's content is test-usage-demo.py's, sentence by sentence)

def test_healthz_and_routes(t):
    svc = t.serve()
    c = svc.client()
    resp = c.get("/healthz")
    check_equal((resp.status, resp.json), (200, {"status": "ok"}))
    expect_html(c.get("/checkout/", auth=False), 404)


def test_cli(t):
    # account create: --timezone, --rates (a key left out keeps its default).
    check_equal(account_create(t, extra=("--timezone", "America/Argentina/Buenos_Aires"))[0][:4], "acc_")
    check_equal(account_create(t, extra=("--timezone", "Etc/GMT+5"))[0][:4], "acc_")
    acc, token = account_create(t, "USD", extra=("--timezone", "Europe/Berlin", "--rates",
                                                 "business_initiated=0.02,free=0.001"))
    for bad in (("--timezone", "Mars/Olympus"), ("--timezone", "+05:30"), ("--timezone", "CET-1CEST,M3.5.0,M10.5.0/3"),
                ("--rates", "bogus=1"), ("--rates", "free=-1"),
                ("--currency", "EUR")):
        args = ["account", "create", "--db", t.db, "--name", "X", "--email", "x@x.example", "--currency", "INR"]
        proc = t.cli(*(args + list(bad)), check_rc=False)
        check(proc.returncode != 0, f"account create refuses {bad}")
        check_equal(proc.stdout, "", "and prints no token")
    svc = t.serve()
    c = svc.client(token)
    a = c.account()
    check_equal((a["timezone"], a["currency"], a["rates"]),
                ("Europe/Berlin", "USD", {"free": "0.001", "business_initiated": "0.02", "user_initiated": "0.006"}))
    check_equal(a["support"], {"phone": None, "email": None})

    # rotate-token: the old one stops at once, while serve runs.
    out = json.loads(t.cli("account", "rotate-token", "--db", t.db, "--account", acc).stdout)
    check_equal(sorted(out), ["id", "token"])
    check_equal(out["id"], acc)
    expect_error(c.get("/v1/account"), 401, "unauthorized")
    check_equal(svc.client(out["token"]).get("/v1/account").status, 200)
    check(t.cli("account", "rotate-token", "--db", t.db, "--account", "acc_" + "0" * 26,
                check_rc=False).returncode != 0, "an unknown account")

    # Tokens only as hashes; no token, checkout token or e-mail body in the log.
    stored = b""
    for path in glob.glob(t.db + "*"):
        with open(path, "rb") as f:
            stored += f.read()
    check(out["token"].encode() not in stored and token.encode() not in stored, "no token in the database")
    p = svc.client(out["token"]).create_payment("5").json
    svc.client(out["token"]).get("/v1/nothing")
    svc.client().get("/v1/account", headers={"Authorization": f"Bearer {out['token']}x"}, auth=False)
    svc.client().get(urllib.parse.urlsplit(p["checkout_url"]).path + "x")
    log = svc.stderr_all()
    check(out["token"] not in log and p["checkout_url"].rsplit("/", 1)[1] not in log, "no secret in the log")

    # adjust prints the account as GET /v1/account does.
    printed = adjust(t, acc, "12.50", reason="Goodwill")
    shape(printed, ACCOUNT, "adjust output")
    check_equal(printed, svc.client(out["token"]).account())
    check_equal(printed["balance"], "12.50")
    check(t.cli("account", "adjust", "--db", t.db, "--account", acc, "--amount", "ten", "--reason", "x",
                check_rc=False).returncode != 0, "a bad amount")

    # serve: the URL first, one per database, a killed one does not block a restart.
    second = t.cli("serve", "--db", t.db, "--listen", "127.0.0.1:0", check_rc=False)
    check(second.returncode != 0 and second.stdout == "", "a second serve refuses to start")
    check(re.match(r"^http://127\.0\.0\.1:[0-9]+$", svc.url), f"first line is the URL: {svc.url}")
    svc.kill9()
    again = t.serve("--support-email", "help@provider.example")
    check_equal(again.client(out["token"]).account()["support"], {"phone": None, "email": "help@provider.example"})


if __name__ == "__main__":
    sys.exit(run_tests([
        ("conventions: 401 on every /v1/ route", test_conventions_auth),
        ("conventions: ids, times, money; 404 across accounts", test_conventions_forms_and_isolation),
        ("conventions: lists", test_conventions_lists),
        ("conventions: 413 body_too_large", test_conventions_body_too_large),
        ("conventions: JSON types and unknown fields", test_conventions_json),
        ("business rules: limits, GST, state, crossing notices", test_business_rules),
        ("account: GET and PATCH", test_account),
        ("idempotency and payments", test_payments),
        ("payment timers on a fast clock", test_payment_timers),
        ("checkout page and sandbox gateway", test_checkout),
        ("gateway webhook", test_webhook),
        ("ledger", test_ledger),
        ("conversations", test_conversations),
        ("reports", test_reports),
        ("export", test_export),
        ("export: a third at once is 429", test_export_concurrency),
        ("broadcasts", test_broadcasts),
        ("broadcasts due while the service was down", test_broadcasts_due_while_down),
        ("live events", test_events),
        ("notifications and tickets", test_notifications_and_tickets),
        ("healthz", test_healthz_and_routes),
        ("operating: the command line", test_cli),
    ]))
