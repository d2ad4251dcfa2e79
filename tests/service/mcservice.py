# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the credit service's integration tests.

Each test starts the real `message-credits-service` on a free loopback port
with a temporary database and talks to it over HTTP, exactly as the app and
the payment gateway do. Output is TAP, for meson's `protocol: 'tap'`.
"""

import base64
import glob
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse


def service_binary():
    path = os.environ.get("MC_SERVICE_BIN")
    if not path and len(sys.argv) > 1:
        path = sys.argv[1]
    if not path or not os.path.exists(path):
        raise RuntimeError("set MC_SERVICE_BIN (or pass the binary) to the built message-credits-service")
    return path


class Failure(AssertionError):
    pass


def check(condition, message="check failed"):
    if not condition:
        raise Failure(message)


def check_equal(got, want, what="value"):
    if got != want:
        raise Failure(f"{what}: got {got!r}, want {want!r}")


def run_tests(tests):
    """Runs (name, function) pairs and prints TAP. Each function gets a fresh TestDir."""
    print(f"1..{len(tests)}", flush=True)
    failed = 0
    for number, (name, func) in enumerate(tests, start=1):
        start = time.monotonic()
        with TestDir() as work:
            try:
                func(work)
            except Exception:  # noqa: BLE001 (a test's failure of any kind is reported)
                failed += 1
                print(f"not ok {number} - {name}", flush=True)
                for line in traceback.format_exc().splitlines():
                    print(f"# {line}", flush=True)
                for svc in work.services:
                    for line in svc.stderr_tail().splitlines():
                        print(f"# service: {line}", flush=True)
                continue
        print(f"ok {number} - {name} # {time.monotonic() - start:.2f}s", flush=True)
    return 1 if failed else 0


class TestDir:
    """A temporary folder for one test, with everything it started stopped at the end."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="mc-service-test-")
        self.services = []
        self.processes = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for svc in self.services:
            svc.stop(check_clean=False)
        for proc in self.processes:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(self.path, ignore_errors=True)
        return False

    def file(self, name):
        return os.path.join(self.path, name)

    @property
    def db(self):
        return self.file("credits.db")

    def serve(self, *args, env=None, db=None):
        svc = Service(db or self.db, list(args), env=env)
        self.services.append(svc)
        svc.start()
        return svc

    def cli(self, *args, check_rc=True, env=None):
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        proc = subprocess.run([service_binary(), *args], capture_output=True, text=True, env=full_env,
                              timeout=60)
        if check_rc and proc.returncode != 0:
            raise Failure(f"{' '.join(args)} exited {proc.returncode}: {proc.stderr}")
        return proc

    def create_account(self, currency="INR", name="Acme Traders", email="owner@acme.example", extra=()):
        proc = self.cli("account", "create", "--db", self.db, "--name", name, "--email", email,
                        "--currency", currency, *extra)
        obj = json.loads(proc.stdout)
        return obj["id"], obj["token"]


class Service:
    def __init__(self, db, args, env=None):
        self.db = db
        self.args = args
        self.env = dict(os.environ)
        if env:
            self.env.update(env)
        self.proc = None
        self.url = None
        self.host = None
        self.port = None
        self._stderr = []

    def start(self):
        cmd = [service_binary(), "serve", "--db", self.db, "--listen", "127.0.0.1:0", *self.args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env,
                                     text=True)
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http://"):
            self.proc.wait(timeout=10)
            raise Failure(f"serve printed {line!r} and exited {self.proc.returncode}: {self.stderr_tail()}")
        self.url = line
        parsed = urllib.parse.urlsplit(line)
        self.host, self.port = parsed.hostname, parsed.port
        return self

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self._stderr.append(line)

    def stderr_tail(self, n=30):
        return "".join(self._stderr[-n:])

    def stderr_all(self):
        return "".join(self._stderr)

    def stop(self, check_clean=True):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Failure("serve did not stop on SIGTERM")
        if check_clean:
            check_equal(rc, 0, "exit status after SIGTERM")
        return rc

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def client(self, token=None):
        return Client(self.host, self.port, token)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def text(self):
        return self.body.decode("utf-8")

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def error_code(self):
        return self.json["error"]["code"]

    def __repr__(self):
        return f"<Response {self.status} {self.body[:300]!r}>"


class Client:
    """A keep-alive HTTP/1.1 client for one service (not shared between threads)."""

    def __init__(self, host, port, token=None):
        self.host = host
        self.port = port
        self.token = token
        self.conn = None

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None, token=None, raw=None, auth=True):
        all_headers = {}
        tok = token if token is not None else self.token
        if auth and tok:
            all_headers["Authorization"] = f"Bearer {tok}"
        if body is not None:
            raw = json.dumps(body).encode("utf-8")
        if raw is not None and not any(k.lower() == "content-type" for k in (headers or {})):
            all_headers["Content-Type"] = "application/json; charset=utf-8"
        if headers:
            all_headers.update(headers)
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=raw, headers=all_headers)
                resp = self.conn.getresponse()
                data = resp.read()
                result = Response(resp.status, resp.getheaders(), data)
                if (resp.getheader("Connection") or "").lower() == "close":
                    self.close()
                return result
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    # Shortcuts for the common journeys

    def create_payment(self, amount, key=None):
        key = key or base64.urlsafe_b64encode(os.urandom(12)).decode()
        return self.post("/v1/payments", {"amount": amount}, headers={"Idempotency-Key": key})

    def checkout_path(self, payment):
        return urllib.parse.urlsplit(payment["checkout_url"]).path

    def sandbox_pay(self, payment):
        return self.request("POST", self.checkout_path(payment) + "/pay", auth=False)

    def sandbox_decline(self, payment):
        return self.request("POST", self.checkout_path(payment) + "/decline", auth=False)

    def account(self):
        resp = self.get("/v1/account")
        check_equal(resp.status, 200, f"GET /v1/account {resp}")
        return resp.json

    def all_pages(self, path):
        items, cursor = [], None
        while True:
            sep = "&" if "?" in path else "?"
            url = path + (f"{sep}limit=500" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""))
            resp = self.get(url)
            check_equal(resp.status, 200, f"GET {url}")
            page = resp.json
            items.extend(page["data"])
            cursor = page["next_cursor"]
            if cursor is None:
                return items


def sign(secret, raw):
    return hmac.new(secret, raw, hashlib.sha256).hexdigest()


def webhook(client, secret, payment_id, event, amount, currency, signature=None):
    raw = json.dumps({"payment_id": payment_id, "event": event, "amount": amount,
                      "currency": currency}).encode()
    sig = signature if signature is not None else sign(secret, raw)
    return client.request("POST", "/webhooks/gateway", raw=raw, headers={"X-Signature": sig}, auth=False)


def money(text):
    """A money string as an integer count of 1/10,000 units (for exact sums in tests)."""
    negative = text.startswith("-")
    if negative:
        text = text[1:]
    whole, _, frac = text.partition(".")
    value = int(whole) * 10000 + int((frac + "0000")[:4])
    return -value if negative else value


def db_query(db, sql, *params):
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def outbox_mails(db):
    """The text of every .eml file the service wrote in the outbox/ folder beside @db."""
    texts = []
    for path in sorted(glob.glob(os.path.join(os.path.dirname(db), "outbox", "*.eml"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            texts.append(f.read())
    return texts


def mail_kinds(db):
    """The X-Notice-Kind of every e-mail in the outbox beside @db, sorted."""
    return sorted(kind for text in outbox_mails(db) for kind in re.findall(r"^X-Notice-Kind: (\S+)", text, re.M))


def wait_until(predicate, timeout=10.0, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise Failure(f"timed out waiting for {what}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebSocket:
    """A minimal RFC 6455 client: enough to read the service's text events."""

    def __init__(self, host, port, path, token):
        self.sock = socket.create_connection((host, port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n")
        if token:
            request += f"Authorization: Bearer {token}\r\n"
        self.sock.sendall((request + "\r\n").encode())
        self.buf = b""
        self.close_code = None
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            self.buf += chunk
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
        self.headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        if self.status == 101:
            accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                                   .encode()).digest()).decode()
            check_equal(self.headers.get("sec-websocket-accept"), accept, "Sec-WebSocket-Accept")

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("WebSocket closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def _send_frame(self, opcode, payload):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def receive(self, timeout=10.0):
        """The next text message as JSON, answering pings on the way."""
        self.sock.settimeout(timeout)
        while True:
            b0, b1 = self._read(2)
            opcode = b0 & 0x0F
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                raise ConnectionError(f"WebSocket closed by the server ({self.close_code})")
            if opcode == 0x1:
                return json.loads(payload.decode("utf-8"))

    def close(self):
        try:
            self._send_frame(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()
