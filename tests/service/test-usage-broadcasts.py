#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Broadcasts: the estimate (no side effects), create now or later with an
optional Idempotency-Key, the scheduler (on time, and at start-up for what
fell due while the service was down), cancel, list and get, events."""

import datetime
import sys

from mcservice import WebSocket, check, check_equal, db_query, mail_kinds, run_tests, wait_until
from mcusage import (UTC, check_ledger, clock_env, create_account, expect_error, fund, parse_time, rfc3339)


def counts(db):
    return [db_query(db, f"SELECT count (*) FROM {table}")[0][0]
            for table in ("ledger", "notifications", "broadcasts", "outbox", "idempotency_keys")]


def test_estimate(t):
    acc, token = create_account(t, "INR")
    fund(t, acc, "500")
    svc = t.serve()
    c = svc.client(token)
    before = counts(t.db)
    seq_before = db_query(t.db, "SELECT event_seq FROM accounts")[0][0]

    numbers = ["919876543210", "919876543211", "919876543210", "14155550123", "919876543211"]
    resp = c.post("/v1/broadcasts/estimate", {"recipients": numbers})
    check_equal(resp.status, 200)
    e = resp.json
    check_equal((e["recipients"], e["rate"], e["estimated_cost"], e["balance"], e["sufficient"], e["shortfall"]),
                (3, "0.80", "2.40", "500.00", True, "0.00"), "recipients de-duplicated")
    e = c.post("/v1/broadcasts/estimate", {"recipient_count": 1200}).json
    check_equal((e["recipients"], e["estimated_cost"], e["sufficient"], e["shortfall"]),
                (1200, "960.00", False, "460.00"), "api.md's example")
    e = c.post("/v1/broadcasts/estimate", {"recipient_count": 625}).json
    check_equal((e["estimated_cost"], e["sufficient"], e["shortfall"]), ("500.00", True, "0.00"),
                "exactly the balance is enough")
    many = [f"9198765{n:05d}" for n in range(25000)] * 2
    check_equal(c.post("/v1/broadcasts/estimate", {"recipients": many}).json["recipients"], 25000,
                "50,000 numbers before de-duplication are allowed")

    for body, code, field in (
        ({"recipients": many + ["919876543210"]}, "invalid_request", "recipients"),
        ({"recipients": []}, "invalid_request", "recipients"),
        ({"recipients": "919876543210"}, "invalid_request", "recipients"),
        ({"recipients": [919876543210]}, "invalid_request", "recipients"),
        ({"recipients": ["919876543210", "+919876543211"]}, "invalid_phone", "recipients"),
        ({"recipients": ["12345"]}, "invalid_phone", "recipients"),
        ({"recipient_count": 0}, "invalid_request", "recipient_count"),
        ({"recipient_count": 1000001}, "invalid_request", "recipient_count"),
        ({"recipient_count": "12"}, "invalid_request", "recipient_count"),
        ({"recipient_count": 12.5}, "invalid_request", "recipient_count"),
        ({"recipient_count": 12, "recipients": ["919876543210"]}, "invalid_request", None),
        ({}, "invalid_request", None),
    ):
        expect_error(c.post("/v1/broadcasts/estimate", body), 400, code, field)
    check_equal(c.post("/v1/broadcasts/estimate", {"recipient_count": 1000000}).json["estimated_cost"],
                "800000.00")
    expect_error(c.post("/v1/broadcasts/estimate", raw=b"{"), 400, "invalid_json")
    check_equal(counts(t.db), before, "an estimate writes nothing")
    check_equal(db_query(t.db, "SELECT event_seq FROM accounts")[0][0], seq_before, "and sends no event")

    fund(t, acc, "-500", reason="Empty")
    e = c.post("/v1/broadcasts/estimate", {"recipient_count": 1}).json
    check_equal((e["balance"], e["sufficient"], e["shortfall"]), ("0.00", False, "0.80"), "restricted: not sufficient")


def test_send_now(t):
    acc, token = create_account(t, "INR")
    fund(t, acc, "100")
    svc = t.serve()
    c = svc.client(token)
    ws = WebSocket(svc.host, svc.port, "/v1/events", token)

    before = datetime.datetime.now(UTC).replace(microsecond=0)
    resp = c.post("/v1/broadcasts", {"name": "Diwali offer", "recipients": ["919876543210", "919876543211"],
                                     "scheduled_at": None})
    check_equal(resp.status, 201)
    b = resp.json
    check(b["id"].startswith("bc_"), "a bc_ id")
    check_equal(resp.header("Location"), f"/v1/broadcasts/{b['id']}", "Location of the new broadcast")
    check_equal((b["name"], b["recipients"], b["estimated_cost"], b["status"], b["failure_reason"]),
                ("Diwali offer", 2, "1.60", "sent", None), "sent inside the request")
    check(before <= parse_time(b["scheduled_at"]) <= datetime.datetime.now(UTC), "scheduled_at is the creation")
    check_equal(b["sent_at"], b["scheduled_at"])
    line = [l for l in c.all_pages("/v1/transactions") if l["kind"] == "broadcast"]
    check_equal([(l["amount"], l["description"], l["ref"]) for l in line], [("-1.60", "Diwali offer", b["id"])],
                "one broadcast line named after it")
    events = {e["type"]: e for e in (ws.receive(), ws.receive())}
    check_equal(events["broadcast"]["broadcast"], c.get(f"/v1/broadcasts/{b['id']}").json)
    check_equal(events["account"]["account"]["balance"], "98.40")

    past = rfc3339(datetime.datetime.now(UTC) - datetime.timedelta(days=2))
    b = c.post("/v1/broadcasts", {"name": "Late", "recipient_count": 10, "scheduled_at": past}).json
    check_equal(b["status"], "sent", "a time not in the future means now")
    check(parse_time(b["scheduled_at"]) > parse_time(past), "…and the response says when it really was")

    # Not enough credits: failed at once, nothing charged, a notice and an e-mail.
    resp = c.post("/v1/broadcasts", {"name": "Too big", "recipient_count": 500})
    check_equal(resp.status, 201)
    check_equal((resp.json["status"], resp.json["failure_reason"], resp.json["sent_at"]),
                ("failed", "insufficient_credits", None))
    check_equal(c.account()["balance"], "90.40")
    notices = [n for n in c.all_pages("/v1/notifications") if n["kind"] == "broadcast_failed"]
    check_equal([n["ref"] for n in notices], [resp.json["id"]])
    wait_until(lambda: "broadcast_failed" in mail_kinds(t.db), what="the broadcast_failed e-mail")

    # A restricted account: failed for that reason.
    fund(t, acc, "-95", reason="Correction")
    resp = c.post("/v1/broadcasts", {"name": "Anyway", "recipient_count": 1})
    check_equal((resp.json["status"], resp.json["failure_reason"]), ("failed", "account_restricted"))
    check_ledger(c)
    ws.close()
    svc.stop()


def test_idempotency(t):
    acc, token = create_account(t, "INR")
    fund(t, acc, "100")
    svc = t.serve()
    c = svc.client(token)
    key = {"Idempotency-Key": "campaign-42"}
    first = c.post("/v1/broadcasts", {"name": "Sale", "recipients": ["919876543210", "919876543211"]}, headers=key)
    check_equal(first.status, 201)
    again = c.post("/v1/broadcasts", {"name": "Sale", "recipients": ["919876543211", "919876543210",
                                                                     "919876543211"]}, headers=key)
    check_equal((again.status, again.header("Idempotent-Replayed"), again.json["id"]),
                (200, "true", first.json["id"]), "lists compare as de-duplicated sets")
    check_equal(c.account()["balance"], "98.40", "charged once")
    for body in ({"name": "Sale!", "recipients": ["919876543210", "919876543211"]},
                 {"name": "Sale", "recipients": ["919876543210"]},
                 {"name": "Sale", "recipient_count": 2},
                 {"name": "Sale", "recipients": ["919876543210", "919876543211"],
                  "scheduled_at": rfc3339(datetime.datetime.now(UTC) + datetime.timedelta(days=10))}):
        expect_error(c.post("/v1/broadcasts", body, headers=key), 409, "idempotency_conflict")
    for bad in ("", "x" * 256, "clé"):
        expect_error(c.post("/v1/broadcasts", {"name": "S", "recipient_count": 1},
                            headers={"Idempotency-Key": bad}), 400, "invalid_request", "Idempotency-Key")
    other_acc, other_token = create_account(t, name="Other", email="o@other.example")
    fund(t, other_acc, "10")
    check_equal(svc.client(other_token).post("/v1/broadcasts", {"name": "Sale", "recipient_count": 3},
                                             headers=key).status, 201, "keys are per account")
    a = c.post("/v1/broadcasts", {"name": "Plain", "recipient_count": 1}).json["id"]
    b = c.post("/v1/broadcasts", {"name": "Plain", "recipient_count": 1}).json["id"]
    check(a != b, "without a key, each request is a new broadcast")
    check_ledger(c)


def test_validation(t):
    acc, token = create_account(t, "USD")
    fund(t, acc, "100")
    svc = t.serve()
    c = svc.client(token)
    before = counts(t.db)
    for body, status, code, field in (
        ({"recipient_count": 1}, 400, "invalid_request", "name"),
        ({"name": "", "recipient_count": 1}, 400, "invalid_request", "name"),
        ({"name": "   ", "recipient_count": 1}, 400, "invalid_request", "name"),
        ({"name": "x" * 201, "recipient_count": 1}, 400, "invalid_request", "name"),
        ({"name": 7, "recipient_count": 1}, 400, "invalid_request", "name"),
        ({"name": "Two\nlines", "recipient_count": 1}, 400, "invalid_request", "name"),
        ({"name": "ok", "recipient_count": 0}, 400, "invalid_request", "recipient_count"),
        ({"name": "ok", "recipients": ["abc"]}, 400, "invalid_phone", "recipients"),
        ({"name": "ok", "recipient_count": 1, "scheduled_at": "tomorrow"}, 400, "invalid_date", "scheduled_at"),
        ({"name": "ok", "recipient_count": 1, "scheduled_at": "2027-01-01"}, 400, "invalid_date", "scheduled_at"),
        ({"name": "ok", "recipient_count": 1, "scheduled_at": 1893456000}, 400, "invalid_request", "scheduled_at"),
    ):
        expect_error(c.post("/v1/broadcasts", body), status, code, field)
    check_equal(counts(t.db), before, "refused requests change nothing")
    resp = c.post("/v1/broadcasts", {"name": "ü" * 200, "recipient_count": 1})
    check_equal((resp.status, resp.json["estimated_cost"]), (201, "0.0147"), "200 characters, not bytes")


def test_scheduled(t):
    acc, token = create_account(t, "INR")
    fund(t, acc, "10")
    svc = t.serve()
    c = svc.client(token)
    soon = datetime.datetime.now(UTC).replace(microsecond=0) + datetime.timedelta(seconds=3)

    # One the balance covers: no warning. One it cannot: a notice at once.
    ok = c.post("/v1/broadcasts", {"name": "Small", "recipient_count": 5, "scheduled_at": rfc3339(soon)}).json
    check_equal((ok["status"], ok["sent_at"], ok["scheduled_at"]), ("scheduled", None, rfc3339(soon)))
    check_equal([n["kind"] for n in c.all_pages("/v1/notifications")], [])
    big = c.post("/v1/broadcasts", {"name": "Big", "recipient_count": 100,
                                    "scheduled_at": rfc3339(soon + datetime.timedelta(hours=5))}).json
    check_equal(big["status"], "scheduled")
    warned = [n for n in c.all_pages("/v1/notifications") if n["kind"] == "insufficient_balance"]
    check_equal([n["ref"] for n in warned], [big["id"]], "insufficient_balance at once, for that broadcast")
    check_equal(c.account()["balance"], "10.00", "nothing charged before its time")

    # The scheduler sends it within 5 seconds of its time.
    sent = wait_until(lambda: (lambda b: b if b["status"] != "scheduled" else None)(
        c.get(f"/v1/broadcasts/{ok['id']}").json), timeout=15, interval=0.1, what="the scheduled send")
    seen = datetime.datetime.now(UTC)
    check_equal(sent["status"], "sent")
    lag = (parse_time(sent["sent_at"]) - soon).total_seconds()
    check(0 <= lag <= 5, f"sent {lag:.0f} s after its time")
    check((seen - soon).total_seconds() <= 6, "and seen sent soon after")
    check_equal(c.account()["balance"], "6.00")
    check_ledger(c)


def service_time(c):
    """The service's own clock (sped up in this test), from a new object's time."""
    return parse_time(c.post("/v1/tickets", {"subject": "Clock", "body": "What time is it?"}).json["created_at"])


def test_scheduler_failures_and_cancel(t):
    acc, token = create_account(t, "INR")
    fund(t, acc, "50")
    # 60× time: a minute of the service's clock per real second.
    svc = t.serve(env={"MC_SERVICE_TIME_SCALE": "60"})
    c = svc.client(token)

    def schedule(name, count, minutes):
        when = service_time(c) + datetime.timedelta(minutes=minutes)
        return c.post("/v1/broadcasts", {"name": name, "recipient_count": count, "scheduled_at": rfc3339(when)}).json

    covered = schedule("Covered", 10, 2)            # 8.00
    later_short = schedule("Short later", 40, 3)    # 32.00: fits the 50.00 now, not the 22.00 left by then
    cancelled = schedule("Cancelled", 1, 2)
    check_equal(c.post(f"/v1/broadcasts/{cancelled['id']}/cancel").json["status"], "cancelled")
    expect_error(c.post(f"/v1/broadcasts/{cancelled['id']}/cancel"), 409, "invalid_state")
    fund(t, acc, "-20", reason="Correction")

    for b in (covered, later_short):
        wait_until(lambda: c.get(f"/v1/broadcasts/{b['id']}").json["status"] != "scheduled", timeout=15,
                   interval=0.1, what=f"{b['name']} to be handled")
    got = {b["name"]: c.get(f"/v1/broadcasts/{b['id']}").json for b in (covered, later_short, cancelled)}
    check_equal((got["Covered"]["status"], got["Short later"]["status"], got["Short later"]["failure_reason"]),
                ("sent", "failed", "insufficient_credits"))
    check_equal(got["Cancelled"]["status"], "cancelled", "a cancelled broadcast is never sent")
    lag = (parse_time(got["Covered"]["sent_at"]) - parse_time(got["Covered"]["scheduled_at"])).total_seconds()
    check(0 <= lag <= 5, f"sent {lag:.0f} s after its time (service clock)")
    failed = [n for n in c.all_pages("/v1/notifications") if n["kind"] == "broadcast_failed"]
    check_equal([n["ref"] for n in failed], [later_short["id"]])
    expect_error(c.post(f"/v1/broadcasts/{covered['id']}/cancel"), 409, "invalid_state")
    check_equal(c.account()["balance"], "22.00")
    check_ledger(c)
    svc.stop()


def test_due_while_down(t):
    start = datetime.datetime(2028, 3, 10, 9, 0, tzinfo=UTC)
    env = clock_env(start)
    acc, token = create_account(t, "INR", env=env)
    fund(t, acc, "100", env=env)
    svc = t.serve(env=env)
    c = svc.client(token)
    due = rfc3339(start + datetime.timedelta(minutes=30))
    sent = c.post("/v1/broadcasts", {"name": "Morning", "recipient_count": 50, "scheduled_at": due}).json
    failed = c.post("/v1/broadcasts", {"name": "Too big", "recipient_count": 200, "scheduled_at": due}).json
    future = c.post("/v1/broadcasts", {"name": "Next week", "recipient_count": 1,
                                       "scheduled_at": rfc3339(start + datetime.timedelta(days=7))}).json
    svc.stop()

    # The service comes back two hours later: both are handled at start-up.
    later = start + datetime.timedelta(hours=2)
    svc = t.serve(env=clock_env(later))
    c = svc.client(token)
    got = {b["name"]: b for b in c.all_pages("/v1/broadcasts")}
    check_equal((got["Morning"]["status"], got["Too big"]["status"], got["Too big"]["failure_reason"],
                 got["Next week"]["status"]), ("sent", "failed", "insufficient_credits", "scheduled"),
                "handled before the first request was answered")
    check((parse_time(got["Morning"]["sent_at"]) - later).total_seconds() < 60, "sent now, late")
    check_equal(c.account()["balance"], "60.00")
    check_equal([n["ref"] for n in c.all_pages("/v1/notifications") if n["kind"] == "broadcast_failed"],
                [failed["id"]])
    check_ledger(c)
    check_equal(got["Morning"]["id"], sent["id"])
    check_equal(got["Next week"]["id"], future["id"])


def test_list_get_cancel(t):
    acc, token = create_account(t, "INR")
    fund(t, acc, "100")
    other_acc, other_token = create_account(t, name="Other", email="o@other.example")
    svc = t.serve()
    c = svc.client(token)
    later = rfc3339(datetime.datetime.now(UTC) + datetime.timedelta(days=1))
    made = [c.post("/v1/broadcasts", {"name": f"B{n}", "recipient_count": 1,
                                      "scheduled_at": later if n % 2 else None}).json for n in range(5)]
    listed = c.all_pages("/v1/broadcasts")
    check_equal([b["id"] for b in listed], [b["id"] for b in reversed(made)], "newest first")
    page = c.get("/v1/broadcasts?limit=2").json
    check_equal(len(page["data"]), 2)
    rest = c.get(f"/v1/broadcasts?limit=500&cursor={page['next_cursor']}").json
    check_equal([b["id"] for b in page["data"] + rest["data"]], [b["id"] for b in listed])
    check_equal(rest["next_cursor"], None)
    check_equal({b["id"] for b in c.all_pages("/v1/broadcasts?status=scheduled")}, {made[1]["id"], made[3]["id"]})
    expect_error(c.get("/v1/broadcasts?status=gone"), 400, "invalid_request", "status")
    expect_error(c.get("/v1/broadcasts?limit=0"), 400, "invalid_request", "limit")
    check_equal(c.get(f"/v1/broadcasts/{made[0]['id']}").json, listed[-1])

    o = svc.client(other_token)
    for path in (f"/v1/broadcasts/{made[1]['id']}", "/v1/broadcasts/bc_nope", "/v1/broadcasts/pay_x"):
        expect_error(o.get(path), 404, "not_found")
    expect_error(o.post(f"/v1/broadcasts/{made[1]['id']}/cancel"), 404, "not_found")
    check_equal(c.get(f"/v1/broadcasts/{made[1]['id']}").json["status"], "scheduled", "untouched by the other account")
    check_equal(c.post(f"/v1/broadcasts/{made[1]['id']}/cancel").json["status"], "cancelled")
    expect_error(c.post(f"/v1/broadcasts/{made[0]['id']}/cancel"), 409, "invalid_state")
    expect_error(c.get("/v1/broadcasts", token="mct_nope"), 401, "unauthorized")


if __name__ == "__main__":
    sys.exit(run_tests([
        ("the estimate", test_estimate),
        ("sent or failed inside the request", test_send_now),
        ("Idempotency-Key", test_idempotency),
        ("validation", test_validation),
        ("scheduled: the warning, then sent on time", test_scheduled),
        ("the scheduler's failures, and cancel", test_scheduler_failures_and_cancel),
        ("broadcasts due while the service was down", test_due_while_down),
        ("list, get and cancel", test_list_get_cancel),
    ]))
