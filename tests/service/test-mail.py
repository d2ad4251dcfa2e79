#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""E-mail: .eml files by default; with --smtp, delivery to a real SMTP server
(aiosmtpd), retried until it is up, never twice."""

import email
import email.policy
import glob
import mailbox
import os
import subprocess
import sys
import time

from mcservice import check, check_equal, db_query, free_port, run_tests, wait_until


def start_smtp(t, port, maildir):
    proc = subprocess.Popen(["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                             "-c", "aiosmtpd.handlers.Mailbox", maildir],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t.processes.append(proc)
    import socket
    def listening():
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0
    wait_until(listening, timeout=10, what="the SMTP server")
    return proc


def messages(maildir):
    if not os.path.isdir(os.path.join(maildir, "new")):
        return []
    return [email.message_from_bytes(m.as_bytes(), policy=email.policy.default)
            for m in mailbox.Maildir(maildir, create=False)]


def body_text(msg):
    return msg.get_content()


def test_eml_files(t):
    acc, token = t.create_account(name="Acme Traders", email="owner@acme.example")
    svc = t.serve("--sandbox-gateway", "--support-email", "help@provider.example",
                  "--support-phone", "+91 80 4000 0000")
    c = svc.client(token)
    p = c.create_payment("1000").json
    c.sandbox_pay(p)
    q = c.create_payment("200").json
    c.sandbox_decline(q)
    outbox = os.path.join(t.path, "outbox")
    files = wait_until(lambda: len(glob.glob(outbox + "/*.eml")) == 2 and sorted(glob.glob(outbox + "/*.eml")),
                       timeout=5, what="two .eml files")
    parsed = {}
    for path in files:
        with open(path, "rb") as f:
            raw = f.read()
        check(b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parsed[msg["X-Notice-Kind"]] = msg
    check_equal(sorted(parsed), ["payment_completed", "payment_failed"])
    done = parsed["payment_completed"]
    check_equal(done["To"].addresses[0].addr_spec, "owner@acme.example")
    check(done["Message-ID"].startswith("<") and "@" in done["Message-ID"], "a Message-ID")
    check(done["Date"], "a Date")
    text = body_text(done)
    for part in ("₹1,000.00", "₹180.00", "₹1,180.00", "GST", p["id"], "help@provider.example"):
        check(part in text, f"{part} in the confirmation")
    check(p["checkout_url"].rsplit("/", 1)[1] not in text, "no checkout token in the mail")
    ids = db_query(t.db, "SELECT message_id FROM outbox ORDER BY seq")
    check_equal({f"<{i}>" for (i,) in ids}, {m["Message-ID"] for m in parsed.values()}, "stable Message-IDs")
    sent = db_query(t.db, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL")[0][0]
    check_equal(sent, 2)
    token_text = token
    log = svc.stderr_all()
    check(token_text not in log and "ck_" not in log and "Hello" not in log, "no secrets or mail in the log")


def test_smtp(t):
    port = free_port()
    maildir = t.file("maildir")
    start_smtp(t, port, maildir)
    acc, token = t.create_account(email="owner@acme.example")
    svc = t.serve("--sandbox-gateway", "--smtp", f"smtp://127.0.0.1:{port}")
    c = svc.client(token)
    p = c.create_payment("1000").json
    c.sandbox_pay(p)
    got = wait_until(lambda: messages(maildir), timeout=5, what="the confirmation over SMTP")
    check_equal(len(got), 1)
    msg = got[0]
    check_equal(msg["X-Notice-Kind"], "payment_completed")
    check("₹1,180.00" in body_text(msg), "the total in the mail")
    check_equal(os.path.isdir(os.path.join(t.path, "outbox")), False, "no .eml files with --smtp")


def test_smtp_down_then_up(t):
    port = free_port()
    maildir = t.file("maildir")
    acc, token = t.create_account(email="owner@acme.example")
    env = {"MC_SERVICE_MAIL_MAX_BACKOFF": "1"}
    svc = t.serve("--sandbox-gateway", "--smtp", f"smtp://127.0.0.1:{port}", env=env)
    c = svc.client(token)
    p = c.create_payment("1000").json
    c.sandbox_pay(p)
    wait_until(lambda: db_query(t.db, "SELECT attempts FROM outbox")[0][0] >= 2, timeout=10,
               what="failed attempts")
    check_equal(db_query(t.db, "SELECT count(*) FROM outbox WHERE sent_at IS NULL")[0][0], 1, "still queued")
    # The relay comes back after a restart of the service: nothing is lost.
    svc.stop()
    svc = t.serve("--sandbox-gateway", "--smtp", f"smtp://127.0.0.1:{port}", env=env)
    start_smtp(t, port, maildir)
    got = wait_until(lambda: messages(maildir), timeout=10, what="the mail after the server came back")
    check_equal([m["X-Notice-Kind"] for m in got], ["payment_completed"])
    wait_until(lambda: db_query(t.db, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL")[0][0] == 1,
               timeout=5, what="the message marked sent")
    # A restart does not send it again.
    svc.stop()
    svc = t.serve("--sandbox-gateway", "--smtp", f"smtp://127.0.0.1:{port}", env=env)
    time.sleep(1.5)
    check_equal(len(messages(maildir)), 1, "sent once")


if __name__ == "__main__":
    sys.exit(run_tests([
        (".eml files in outbox/", test_eml_files),
        ("SMTP delivery", test_smtp),
        ("SMTP down, then up", test_smtp_down_then_up),
    ]))
