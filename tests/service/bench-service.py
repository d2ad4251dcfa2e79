#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Throughput of the service beside the same work without its layers.

1. Payment completions per second through POST /checkout/{token}/pay (the
   sandbox route: one durable transaction per completion with its ledger
   line, notice, outbox e-mail and events), beside the same transaction run
   directly on SQLite (WAL, synchronous=FULL) from Python.
2. GET /v1/account requests per second under 8 connections (wrk), beside a
   bare libsoup server answering the same JSON bytes.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mcservice  # noqa: E402

DURATION = os.environ.get("MC_BENCH_SECONDS", "4")
WRK_LUA = r"""
local paths = {}
local n = 0
local threads = tonumber(os.getenv("MC_BENCH_THREADS"))
function setup(thread)
  thread:set("id", n)
  n = n + 1
end
function init(args)
  for line in io.lines(os.getenv("MC_BENCH_PATHS")) do paths[#paths + 1] = line end
  i = tonumber(id) + 1
end
function request()
  local path = paths[i] or paths[#paths]
  i = i + threads
  return wrk.format("POST", path)
end
"""


def wrk(url, connections, threads, extra=(), env=None):
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{DURATION}s", "--latency", *extra, url]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p50, p99, int(errors.group(1)) if errors else 0


def seed_payments(db, n, per_account=50):
    """n pending payments spread over accounts of realistic size (written directly, not timed)."""
    conn = sqlite3.connect(db)
    now = int(time.time())
    tokens = []
    with conn:
        for a in range((n + per_account - 1) // per_account):
            conn.execute("INSERT INTO accounts (id, name, email, currency, timezone, token_hash,"
                         " low_balance_threshold, rate_free, rate_business_initiated, rate_user_initiated,"
                         " created_at) VALUES (?, 'Bench', 'bench@example.com', 'INR', 'Asia/Kolkata', ?,"
                         " 1000000, 0, 8000, 3500, ?)", (f"acc_bench{a:017d}", f"hash{a}", now))
        for i in range(n):
            token = f"ck_bench{i:044d}"
            tokens.append(token)
            conn.execute("INSERT INTO payments (id, account_id, status, currency, amount, tax, total,"
                         " checkout_token, created_at, expires_at) VALUES (?, ?, 'pending', 'INR', 1000000,"
                         " 180000, 1180000, ?, ?, ?)",
                         (f"pay_bench{i:017d}", f"acc_bench{i // per_account:017d}", token, now, now + 86400))
    conn.close()
    return tokens


def direct_completions(db, n):
    """The completion's SQL, straight on SQLite: one durable transaction each."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    rows = conn.execute("SELECT p.id, p.account_id, a.balance FROM payments p JOIN accounts a"
                        " ON a.id = p.account_id WHERE p.status = 'pending' LIMIT ?", (n,)).fetchall()
    balances = {acc: bal for _, acc, bal in rows}
    start = time.perf_counter()
    for i, (pid, account_id, _) in enumerate(rows):
        now = int(time.time())
        balances[account_id] += 1000000
        balance = balances[account_id]
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE payments SET status = 'completed', completed_at = ? WHERE id = ?", (now, pid))
        conn.execute("UPDATE accounts SET event_seq = event_seq + 1 WHERE id = ?", (account_id,))
        conn.execute("INSERT INTO ledger (id, account_id, at, kind, amount, balance_after, description, ref)"
                     " VALUES (?, ?, ?, 'recharge', 1000000, ?, 'Recharge', ?)",
                     (f"txn_d{i}", account_id, now, balance, pid))
        conn.execute("UPDATE accounts SET event_seq = event_seq + 1 WHERE id = ?", (account_id,))
        conn.execute("INSERT INTO notifications (id, account_id, at, kind, title, body, ref)"
                     " VALUES (?, ?, ?, 'payment_completed', 'Payment received', 'body', ?)",
                     (f"ntf_d{i}", account_id, now, pid))
        conn.execute("UPDATE accounts SET event_seq = event_seq + 1 WHERE id = ?", (account_id,))
        conn.execute("INSERT INTO outbox (message_id, account_id, kind, recipient, subject, body, created_at,"
                     " next_attempt_at) VALUES (?, ?, 'payment_completed', 'a@b.example', 's', 'b', ?, ?)",
                     (f"m{i}@bench", account_id, now, now))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return len(rows) / elapsed


def main():
    binary = mcservice.service_binary()
    static_server = sys.argv[2]
    os.environ["MC_SERVICE_BIN"] = binary
    results = {}
    with mcservice.TestDir() as t:
        acc, token = t.create_account()
        tokens = seed_payments(t.db, 12000)
        paths_file = t.file("paths")
        with open(paths_file, "w") as f:
            f.write("".join(f"/checkout/{tok}/pay\n" for tok in tokens))

        # 1. Completions through the checkout route.
        svc = t.serve("--sandbox-gateway")
        lua = t.file("pay.lua")
        with open(lua, "w") as f:
            f.write(WRK_LUA)
        env = dict(os.environ, MC_BENCH_PATHS=paths_file, MC_BENCH_THREADS="2")
        before = time.perf_counter()
        rps, p50, p99, errors = wrk(svc.url + "/", 4, 2, ["-s", lua], env=env)
        (completed,) = mcservice.db_query(t.db, "SELECT count(*) FROM payments WHERE status = 'completed'")[0]
        results["completions_per_s_service"] = round(rps, 1)
        results["completions_total"] = completed
        results["completions_p50"] = p50
        results["completions_p99"] = p99
        results["completions_non_3xx"] = errors
        balance, ledger = mcservice.db_query(t.db, "SELECT sum(balance), (SELECT sum(amount) FROM ledger)"
                                                   " FROM accounts")[0]
        assert balance == ledger, "balance = sum(ledger) after the benchmark"

        # 2. GET /v1/account under 8 connections.
        rps, p50, p99, errors = wrk(svc.url + "/v1/account", 8, 2, ["-H", f"Authorization: Bearer {token}"])
        results["account_get_per_s_service"] = round(rps, 1)
        results["account_get_p50"] = p50
        results["account_get_p99"] = p99
        assert errors == 0, f"{errors} failed GETs"
        account_json = svc.client(token).get("/v1/account").body
        svc.stop()

        # Baselines: the same transaction on SQLite alone; the same bytes from bare libsoup.
        results["completions_per_s_sqlite_direct"] = round(direct_completions(t.db, 3000), 1)
        static_file = t.file("account.json")
        with open(static_file, "wb") as f:
            f.write(account_json)
        proc = subprocess.Popen([static_server, static_file], stdout=subprocess.PIPE, text=True)
        t.processes.append(proc)
        url = proc.stdout.readline().strip()
        rps, p50, p99, errors = wrk(url.rstrip("/") + "/v1/account", 8, 2)
        results["account_get_per_s_static_libsoup"] = round(rps, 1)
        results["account_get_static_p50"] = p50
        proc.terminate()
        proc.wait()

    results["completions_ratio_service_to_sqlite"] = round(
        results["completions_per_s_service"] / results["completions_per_s_sqlite_direct"], 2)
    results["account_get_ratio_service_to_static"] = round(
        results["account_get_per_s_service"] / results["account_get_per_s_static_libsoup"], 2)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
