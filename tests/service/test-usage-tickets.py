#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Support tickets: create with api.md's limits (counted in characters, not
bytes) and list, newest first, each account its own."""

import sys

from mcservice import check, check_equal, db_query, run_tests
from mcusage import create_account, expect_error, parse_time


def test_create_and_list(t):
    acc, token = create_account(t)
    other_acc, other_token = create_account(t, name="Other", email="o@other.example")
    svc = t.serve()
    c = svc.client(token)

    resp = c.post("/v1/tickets", {"subject": "Recharge not credited", "body": "I paid but see no credits."})
    check_equal(resp.status, 201)
    first = resp.json
    check(first["id"].startswith("tkt_") and len(first["id"]) >= 30, "a tkt_ id")
    check_equal(sorted(first), ["created_at", "id", "status", "subject"], "api.md's ticket object")
    check_equal((first["status"], first["subject"]), ("open", "Recharge not credited"))
    parse_time(first["created_at"])

    payment = c.create_payment("500").json
    second = c.post("/v1/tickets", {"subject": "About this one", "body": "Pending for long.",
                                    "payment_id": payment["id"]}).json
    check_equal(db_query(t.db, "SELECT payment_id FROM tickets WHERE id = ?", second["id"])[0][0], payment["id"],
                "the ticket keeps the payment it is about")

    # Limits in characters: 200 and 10,000 multi-byte characters fit.
    long_subject = "₹" * 200
    long_body = "न" * 10000
    third = c.post("/v1/tickets", {"subject": long_subject, "body": long_body})
    check_equal(third.status, 201, "200 / 10,000 characters of three bytes each")
    check_equal(third.json["subject"], long_subject)
    check_equal(db_query(t.db, "SELECT body FROM tickets WHERE id = ?", third.json["id"])[0][0], long_body)

    listed = c.all_pages("/v1/tickets")
    check_equal([x["id"] for x in listed], [third.json["id"], second["id"], first["id"]], "newest first")
    page = c.get("/v1/tickets?limit=1").json
    check_equal([x["id"] for x in page["data"]], [third.json["id"]])
    check(page["next_cursor"], "a next page")
    check_equal(svc.client(other_token).all_pages("/v1/tickets"), [], "each account sees its own")


def test_limits(t):
    acc, token = create_account(t)
    other_acc, other_token = create_account(t, name="Other", email="o@other.example")
    svc = t.serve()
    c = svc.client(token)
    foreign = svc.client(other_token).create_payment("500").json["id"]
    for body, field in (
        ({"body": "x"}, "subject"),
        ({"subject": "", "body": "x"}, "subject"),
        ({"subject": "  ", "body": "x"}, "subject"),
        ({"subject": "s" * 201, "body": "x"}, "subject"),
        ({"subject": "₹" * 201, "body": "x"}, "subject"),
        ({"subject": 5, "body": "x"}, "subject"),
        ({"subject": "s"}, "body"),
        ({"subject": "s", "body": ""}, "body"),
        ({"subject": "s", "body": "न" * 10001}, "body"),
        ({"subject": "s", "body": "x", "payment_id": 12}, "payment_id"),
    ):
        expect_error(c.post("/v1/tickets", body), 400, "invalid_request", field)
    # Another account's payment is not found, exactly like one that never existed (api.md: 404, never 403).
    for payment_id in ("pay_doesnotexist", foreign):
        expect_error(c.post("/v1/tickets", {"subject": "s", "body": "x", "payment_id": payment_id}), 404,
                     "not_found", "payment_id")
    expect_error(c.post("/v1/tickets", raw=b"not json"), 400, "invalid_json")
    expect_error(c.post("/v1/tickets", {"subject": "s", "body": "b"}, token="mct_nope"), 401, "unauthorized")
    expect_error(c.get("/v1/tickets?limit=501"), 400, "invalid_request", "limit")
    check_equal(db_query(t.db, "SELECT count (*) FROM tickets")[0][0], 0, "nothing was stored")
    check_equal(c.post("/v1/tickets", {"subject": "s", "body": "x", "payment_id": None}).status, 201)


if __name__ == "__main__":
    sys.exit(run_tests([
        ("create and list", test_create_and_list),
        ("limits", test_limits),
    ]))
