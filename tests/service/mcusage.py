# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the tests of conversations, reports, exports, broadcasts and tickets."""

import csv
import datetime
import io
import json
import os
import re
import socket

from mcservice import Failure, check, check_equal, money

UTC = datetime.timezone.utc


def expect_error(resp, status, code, field=None):
    check_equal(resp.status, status, f"status of {resp}")
    err = resp.json["error"]
    check_equal(err["code"], code, f"error code of {resp}")
    check(isinstance(err["message"], str) and err["message"], f"error message present in {resp}")
    if field is not None:
        check_equal(err.get("field"), field, f"error field of {resp}")


def rfc3339(when):
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def clock_env(now):
    """The service's test-only clock override, starting at @now (a datetime)."""
    return {"MC_SERVICE_NOW": rfc3339(now)}


def create_account(t, currency="INR", name="Acme Traders", email="owner@acme.example", extra=(), env=None):
    """`account create`, optionally on the test clock."""
    proc = t.cli("account", "create", "--db", t.db, "--name", name, "--email", email, "--currency", currency,
                 *extra, env=env)
    obj = json.loads(proc.stdout)
    return obj["id"], obj["token"]


def fund(t, acc, amount, env=None, reason="Opening credit"):
    """Credits (or debits) an account through the operator's command."""
    proc = t.cli("account", "adjust", "--db", t.db, "--account", acc, "--amount", amount, "--reason", reason,
                 env=env)
    return json.loads(proc.stdout)


def conversation(c, external_id, category="business_initiated", wa_id="919876543210", started_at=None, **extra):
    body = {"external_id": external_id, "category": category, "wa_id": wa_id}
    if started_at is not None:
        body["started_at"] = started_at
    body.update(extra)
    return c.post("/v1/conversations", body)


def ledger_sum(c):
    return sum(money(line["amount"]) for line in c.all_pages("/v1/transactions"))


def check_ledger(c):
    """balance = sum(ledger), as the API shows both."""
    balance = money(c.account()["balance"])
    check_equal(balance, ledger_sum(c), "balance = sum(ledger)")
    return balance


def strict_csv(raw, header):
    """Parses an export as RFC 4180 with CRLF line ends, strictly: every
    record ends in CRLF (no bare LF or CR outside the data), quoting is
    well-formed, and every row has the header's number of cells."""
    check(raw.endswith(b"\r\n"), "the file ends with CRLF")
    text = raw.decode("utf-8")
    # No field here holds a line break, so any LF without its CR (or CR
    # without its LF) is a broken line end.
    bad = re.search(r"(?<!\r)\n|\r(?!\n)", text)
    check(bad is None, f"only CRLF line ends (found one at offset {bad.start() if bad else -1})")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    check_equal(rows[0], header, "the header row")
    for i, row in enumerate(rows):
        if len(row) != len(header):
            raise Failure(f"row {i} has {len(row)} cells: {row!r}")
    return rows[1:]


def raw_request(svc, path, token):
    """Sends a GET on a socket of its own and returns it once the status line
    and headers are in, leaving the body unread (a slow client)."""
    sock = socket.create_connection((svc.host, svc.port), timeout=30)
    sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {svc.host}:{svc.port}\r\n"
                  f"Authorization: Bearer {token}\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        if not chunk:
            raise Failure("connection closed before the headers")
        head += chunk
    status = int(head.split(b" ", 2)[1])
    return sock, status, head.decode("latin-1")


def vm_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise Failure(f"no {field} in /proc/{pid}/status")


def under_sanitizer():
    return bool(os.environ.get("ASAN_OPTIONS") or os.environ.get("UBSAN_OPTIONS"))
