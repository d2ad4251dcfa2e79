#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Live events: /v1/events pushes every change of the account, numbered."""

import socket
import sys

from mcservice import WebSocket, check, check_equal, run_tests


def connect(svc, token):
    ws = WebSocket(svc.host, svc.port, "/v1/events", token)
    check_equal(ws.status, 101, "the upgrade is accepted")
    return ws


def test_completion_events(t):
    acc, token = t.create_account()
    svc = t.serve("--sandbox-gateway")
    c = svc.client(token)
    ws = connect(svc, token)
    p = c.create_payment("1000").json
    created = [ws.receive(), ws.receive()]
    check_equal([e["type"] for e in created], ["payment", "account"])
    check_equal(created[0]["payment"], c.get(f"/v1/payments/{p['id']}").json, "the payment as the API shows it")
    check_equal(created[1]["account"]["pending_payments"], 1)

    c.sandbox_pay(p)
    events = [ws.receive() for _ in range(3)]
    by_type = {e["type"]: e for e in events}
    check_equal(sorted(by_type), ["account", "notification", "payment"])
    check_equal(by_type["payment"]["payment"]["status"], "completed")
    check_equal(by_type["payment"]["payment"]["id"], p["id"])
    check_equal(by_type["account"]["account"]["balance"], "1000.00")
    check_equal(by_type["account"]["account"]["state"], "ok")
    check_equal(by_type["account"]["account"]["pending_payments"], 0)
    check_equal(by_type["notification"]["notification"]["kind"], "payment_completed")
    check_equal(by_type["account"]["account"], c.account(), "the account as the API shows it")
    seqs = [e["seq"] for e in created + events]
    check_equal(seqs, list(range(seqs[0], seqs[0] + 5)), "seq grows by one per message")

    # Marking read and changing the threshold are changes too.
    c.post(f"/v1/notifications/{by_type['notification']['notification']['id']}/read")
    e = ws.receive()
    check_equal((e["type"], e["notification"]["read"], e["seq"]), ("notification", True, seqs[-1] + 1))
    c.patch("/v1/account", {"low_balance_threshold": "2000"})
    e = ws.receive()
    check_equal((e["type"], e["account"]["state"], e["seq"]), ("account", "low", seqs[-1] + 2))
    ws.close()


def test_isolation_and_auth(t):
    acc_a, token_a = t.create_account(name="A", email="a@a.example")
    acc_b, token_b = t.create_account(name="B", email="b@b.example")
    svc = t.serve()
    for token in (None, "mct_nope"):
        ws = WebSocket(svc.host, svc.port, "/v1/events", token)
        check_equal(ws.status, 401, "no socket without a valid token")
        ws.sock.close()
    plain = svc.client(token_a).get("/v1/events")
    check_equal((plain.status, plain.json["error"]["code"]), (400, "invalid_request"), "a plain GET is refused")
    check_equal(svc.client().get("/v1/events").status, 401)
    ws_b = connect(svc, token_b)
    ws_a1 = connect(svc, token_a)
    ws_a2 = connect(svc, token_a)
    a = svc.client(token_a)
    a.create_payment("100")
    for ws in (ws_a1, ws_a2):
        check_equal(ws.receive()["type"], "payment", "every connected client of the account gets it")
    try:
        ws_b.receive(timeout=0.5)
        raise AssertionError("another account's change reached B")
    except socket.timeout:
        pass
    # B's own change reaches B, with B's own sequence.
    svc.client(token_b).create_payment("100")
    e = ws_b.receive()
    check_equal((e["type"], e["seq"]), ("payment", 1))
    for ws in (ws_a1, ws_a2, ws_b):
        ws.close()


def test_seq_survives_restart(t):
    acc, token = t.create_account()
    svc = t.serve()
    ws = connect(svc, token)
    svc.client(token).create_payment("100")
    last = [ws.receive(), ws.receive()][-1]["seq"]
    ws.close()
    svc.stop()
    svc2 = t.serve()
    ws = connect(svc2, token)
    svc2.client(token).create_payment("100")
    check_equal(ws.receive()["seq"], last + 1, "no reuse of numbers after a restart")
    ws.close()


if __name__ == "__main__":
    sys.exit(run_tests([
        ("a completion pushes payment, notification and account", test_completion_events),
        ("events go only to the account's own clients", test_isolation_and_auth),
        ("seq goes on after a restart", test_seq_survives_restart),
    ]))
