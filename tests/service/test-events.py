#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Live events: /v1/events pushes every change of the account, numbered."""

import json
import socket
import sys
import threading
import time

from mcservice import Failure, WebSocket, check, check_equal, db_query, mail_kinds, outbox_mails, run_tests, wait_until
from mcusage import conversation, fund

# api.md: a change pushes its messages "promptly"; changes committed by
# another process (the operator's commands) are held to this too.
PROMPT_SECONDS = 2.0


def connect(svc, token):
    ws = WebSocket(svc.host, svc.port, "/v1/events", token)
    check_equal(ws.status, 101, "the upgrade is accepted")
    return ws


def receive_by(ws, deadline, what):
    """The next message, which must arrive before the monotonic @deadline."""
    try:
        return ws.receive(timeout=max(deadline - time.monotonic(), 0.01))
    except socket.timeout:
        raise Failure(f"{what}: nothing within {PROMPT_SECONDS} s") from None


def check_quiet(ws, what):
    try:
        e = ws.receive(timeout=0.4)
    except socket.timeout:
        return
    raise Failure(f"{what}: unexpected {e}")


def cli_adjust(t, acc, amount, reason="Operator adjustment"):
    """Runs `account adjust`; returns what it printed and when it started and ended."""
    start = time.monotonic()
    printed = fund(t, acc, amount, reason=reason)
    return printed, start, time.monotonic()


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


def test_other_process_changes(t):
    acc, token = t.create_account()
    svc = t.serve("--support-phone", "+91 80 4000 0000", "--support-email", "help@provider.example")
    c = svc.client(token)
    ws = connect(svc, token)
    latencies = []

    def adjust(amount, types):
        printed, start, end = cli_adjust(t, acc, amount)
        events = []
        for _ in types:
            events.append(receive_by(ws, end + PROMPT_SECONDS, f"adjust {amount}"))
            latencies.append(time.monotonic() - start)
        check_equal([e["type"] for e in events], types, f"the messages of adjust {amount}")
        check_equal(events[-1]["account"], printed, "the account event is the account the command printed")
        return events

    # serve's own change, then the operator's, then serve's again: one sequence.
    c.create_payment("100")
    events = [ws.receive(), ws.receive()]
    events += adjust("150.00", ["account"])
    check_equal(events[-1]["account"]["balance"], "150.00")
    check_equal(events[-1]["account"]["state"], "ok")
    check_equal(events[-1]["account"]["support"], {"phone": "+91 80 4000 0000", "email": "help@provider.example"},
                "another process's account event shows serve's support contact")
    check_equal(events[-1]["account"], c.account(), "the account as the API shows it")

    # Crossing the threshold: the notice and the new state, as for any debit.
    crossing = adjust("-60.00", ["notification", "account"])
    check_equal(crossing[0]["notification"]["kind"], "low_balance")
    check_equal((crossing[1]["account"]["balance"], crossing[1]["account"]["state"]), ("90.00", "low"))
    listed = c.get("/v1/notifications").json["data"][0]
    check_equal(crossing[0]["notification"], listed, "the notification as the API shows it")
    events += crossing

    c.patch("/v1/account", {"low_balance_threshold": "50.00"})
    events.append(ws.receive())
    check_equal((events[-1]["type"], events[-1]["account"]["state"]), ("account", "ok"))

    crossing = adjust("-100.00", ["notification", "notification", "account"])
    check_equal([e["notification"]["kind"] for e in crossing[:2]], ["low_balance", "account_restricted"])
    check_equal(crossing[2]["account"]["state"], "restricted")
    events += crossing
    check_quiet(ws, "after the last change")

    seqs = [e["seq"] for e in events]
    check_equal(seqs, list(range(seqs[0], seqs[0] + len(seqs))), "one sequence, by one, across processes")

    # The e-mails the command queued leave through serve's mailer, with serve's footer.
    mails = wait_until(lambda: len(outbox_mails(t.db)) == 3 and outbox_mails(t.db), timeout=5,
                       what="the command's three e-mails")
    for text in mails:
        check("+91 80 4000 0000" in text, "the e-mail's footer names serve's support phone")
    check_equal(mail_kinds(t.db), ["account_restricted", "low_balance", "low_balance"])

    print(f"# latency from the command's start to each message (s): "
          f"max {max(latencies):.3f}, median {sorted(latencies)[len(latencies) // 2]:.3f}", flush=True)
    ws.close()


def test_concurrent_writers(t):
    """Operator adjustments committed while serve commits its own changes: every client
    message arrives once, in one gap-free order, and the last one is the account now."""
    acc, token = t.create_account()
    svc = t.serve()
    c = svc.client(token)
    ws = connect(svc, token)
    errors = []

    def operator():
        try:
            for _ in range(6):
                cli_adjust(t, acc, "1000.00")
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)

    thread = threading.Thread(target=operator)
    thread.start()
    payments = 0
    while thread.is_alive() or payments < 6:
        check_equal(c.create_payment("100").status, 201)
        payments += 1
    thread.join()
    check_equal(errors, [], "the operator's commands")

    want = 6 + 2 * payments  # adjust: account; payment: payment + account
    events = [ws.receive(timeout=PROMPT_SECONDS + 1) for _ in range(want)]
    check_quiet(ws, "after every change")
    seqs = [e["seq"] for e in events]
    check_equal(seqs, list(range(seqs[0], seqs[0] + want)), "gap-free and in order")
    check_equal(events[-1]["account"], c.account(), "the last message is the account as it is")
    ws.close()


def test_journal_stays_small(t):
    """serve deletes the journal rows it has sent, and writes none for accounts nobody listens to."""
    acc, token = t.create_account()
    cli_adjust(t, acc, "1000.00")
    svc = t.serve()
    c = svc.client(token)
    for i in range(50):
        check_equal(conversation(c, f"quiet-{i}", "user_initiated").status, 201)
    rows = db_query(t.db, "SELECT count (*) FROM event_journal")[0][0]
    check_equal(rows, 1, "no rows while nobody listens (the command's one stays)")
    ws = connect(svc, token)
    n = 600
    for i in range(n):
        check_equal(conversation(c, f"wamid-{i}", "user_initiated").status, 201)
    events = [ws.receive() for _ in range(n)]
    check_equal(events[-1]["account"]["balance"], "772.50", "1000.00 less 650 conversations at 0.35")
    seqs = [e["seq"] for e in events]
    check_equal(seqs, list(range(seqs[0], seqs[0] + n)), "gap-free")
    rows = db_query(t.db, "SELECT count (*) FROM event_journal")[0][0]
    check(rows <= 300, f"the journal holds {rows} rows after {n} events")
    ws.close()


def rotate(t, acc):
    return json.loads(t.cli("account", "rotate-token", "--db", t.db, "--account", acc).stdout)["token"]


def check_closed_by(ws, deadline, what):
    try:
        e = receive_by(ws, deadline, what)
        raise Failure(f"{what}: a message instead of the close: {e}")
    except ConnectionError:
        pass
    check_equal(ws.close_code, 1008, f"{what}: closed as a policy violation")
    ws.sock.close()


def test_rotate_token_closes_sockets(t):
    acc, token = t.create_account()
    acc_b, token_b = t.create_account(name="B", email="b@b.example")
    svc = t.serve()
    old = svc.client(token)
    ws = connect(svc, token)
    ws_b = connect(svc, token_b)

    start = time.monotonic()
    new_token = rotate(t, acc)
    check_closed_by(ws, time.monotonic() + PROMPT_SECONDS, "the old token's socket")
    closed_after = time.monotonic() - start

    check_equal(old.get("/v1/account").status, 401, "the old token is refused at once")
    refused = WebSocket(svc.host, svc.port, "/v1/events", token)
    check_equal(refused.status, 401, "no new socket with the old token")
    refused.sock.close()

    # A client that reconnects with the newest token at once, before serve has
    # seen the rotation, keeps its socket; the one before it does not.
    ws_new = connect(svc, new_token)
    newest_token = rotate(t, acc)
    ws_newest = connect(svc, newest_token)
    check_closed_by(ws_new, time.monotonic() + PROMPT_SECONDS, "the replaced token's socket")

    svc.client(newest_token).create_payment("100")
    check_equal(ws_newest.receive()["type"], "payment", "the newest token's socket stays open")
    svc.client(token_b).create_payment("100")
    check_equal(ws_b.receive()["type"], "payment", "another account's socket stays open")
    print(f"# socket closed {closed_after:.3f} s after rotate-token started", flush=True)
    ws_newest.close()
    ws_b.close()


if __name__ == "__main__":
    sys.exit(run_tests([
        ("a completion pushes payment, notification and account", test_completion_events),
        ("events go only to the account's own clients", test_isolation_and_auth),
        ("seq goes on after a restart", test_seq_survives_restart),
        ("another process's changes are pushed promptly, in sequence", test_other_process_changes),
        ("serve and the operator's commands writing at once", test_concurrent_writers),
        ("rotate-token closes the old token's sockets", test_rotate_token_closes_sockets),
        ("the journal stays small", test_journal_stays_small),
    ]))
