#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reports and exports on a big account, beside SQLite alone.

On an account with MC_BENCH_CONVERSATIONS conversations (default 5,000,000)
over six months, written by `message-credits-service bench-seed` (the
demo's bulk path):

1. GET /v1/reports/conversations over the whole window, grouped by day:
   the median and worst time per request (the daily rollup keeps it
   independent of the number of conversations).
2. GET /v1/usage/export?kind=conversations of the last days holding at
   least MC_BENCH_EXPORT_ROWS rows (default 1,000,000), downloaded to a file
   by curl: rows per second and the service's peak RSS (VmHWM), and the
   longest a /healthz ping waited meanwhile; beside `sqlite3 -csv` writing
   the same rows (same columns, same order) from the same database file,
   with its own peak RSS.

Set MC_BENCH_DB to a path to keep the seeded database between runs.
Figures go to standard output as text and, last, one line of JSON.
"""

import datetime
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mcservice  # noqa: E402

CONVERSATIONS = int(os.environ.get("MC_BENCH_CONVERSATIONS", "5000000"))
EXPORT_ROWS = int(os.environ.get("MC_BENCH_EXPORT_ROWS", "1000000"))
REPORTS = int(os.environ.get("MC_BENCH_REPORTS", "50"))


def vm_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def timed(cmd, stdout=subprocess.DEVNULL):
    """Runs @cmd under /usr/bin/time; returns (seconds, peak RSS in KiB)."""
    start = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=stdout, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {proc.stderr}")
    return elapsed, int(proc.stderr.strip().splitlines()[-1])


def main():
    binary = mcservice.service_binary()
    work = tempfile.mkdtemp(prefix="mc-bench-usage-")
    db = os.environ.get("MC_BENCH_DB") or os.path.join(work, "bench.db")
    meta = db + ".json"
    results = {"conversations": CONVERSATIONS}

    if os.path.exists(meta) and json.load(open(meta)).get("conversations") == CONVERSATIONS:
        seeded = json.load(open(meta))
        print(f"reusing {db} ({CONVERSATIONS:,} conversations)")
    else:
        for suffix in ("", "-wal", "-shm", ".json"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        start = time.monotonic()
        out = subprocess.run([binary, "bench-seed", "--db", db, "--conversations", str(CONVERSATIONS)],
                             capture_output=True, text=True, check=True).stdout
        seeded = json.loads(out)
        seeded["conversations"] = CONVERSATIONS
        json.dump(seeded, open(meta, "w"))
        results["seed_seconds"] = round(time.monotonic() - start, 1)
        print(f"seeded {CONVERSATIONS:,} conversations in {results['seed_seconds']} s")
    results["db_mib"] = round(os.path.getsize(db) / 2**20)

    svc = mcservice.Service(db, [])
    svc.start()
    try:
        c = svc.client(seeded["token"])
        today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=5, minutes=30))).date()
        frm = today - datetime.timedelta(days=200)
        while c.get(f"/v1/reports/conversations?from={frm}&to={today}").status != 200:
            frm += datetime.timedelta(days=1)

        # 1. The six-month report by day.
        times = []
        for _ in range(REPORTS):
            start = time.monotonic()
            resp = c.get(f"/v1/reports/conversations?from={frm}&to={today}&group=day")
            times.append(time.monotonic() - start)
            assert resp.status == 200
        rows = resp.json["rows"]
        total = sum(v["count"] for v in resp.json["totals"].values())
        results["report_days"] = len(rows)
        results["report_conversations"] = total
        results["report_median_ms"] = round(statistics.median(times) * 1000, 2)
        results["report_max_ms"] = round(max(times) * 1000, 2)
        print(f"report, {len(rows)} days, {total:,} conversations: median {results['report_median_ms']} ms, "
              f"worst {results['report_max_ms']} ms over {REPORTS} requests")

        # 2. The export: the last days that hold EXPORT_ROWS rows.
        count, start_day = 0, len(rows)
        while count < EXPORT_ROWS and start_day > 0:
            start_day -= 1
            count += sum(rows[start_day][k]["count"] for k in ("free", "business_initiated", "user_initiated"))
        export_from = rows[start_day]["period"]
        url = (f"{svc.url}/v1/usage/export?kind=conversations&from={export_from}&to={today}")
        out_file = os.path.join(work, "export.csv")

        pings, stop = [], threading.Event()

        def ping():
            while not stop.is_set():
                t0 = time.monotonic()
                urllib.request.urlopen(f"{svc.url}/healthz").read()
                pings.append(time.monotonic() - t0)
                time.sleep(0.005)

        pinger = threading.Thread(target=ping)
        pinger.start()
        elapsed, curl_rss = timed(["curl", "-sS", "--fail", "-o", out_file,
                                   "-H", f"Authorization: Bearer {seeded['token']}", url])
        stop.set()
        pinger.join()
        with open(out_file, "rb") as f:
            exported = sum(1 for _ in f) - 1
        assert exported == count, (exported, count)
        results["export_rows"] = exported
        results["export_mib"] = round(os.path.getsize(out_file) / 2**20, 1)
        results["export_seconds"] = round(elapsed, 3)
        results["export_rows_per_second"] = round(exported / elapsed)
        results["service_vmhwm_mib"] = round(vm_kib(svc.proc.pid, "VmHWM") / 1024, 1)
        results["ping_max_ms"] = round(max(pings) * 1000, 1)
        results["ping_median_ms"] = round(statistics.median(pings) * 1000, 2)
        print(f"export over HTTP: {exported:,} rows ({results['export_mib']} MiB) in {elapsed:.2f} s = "
              f"{results['export_rows_per_second']:,} rows/s; service VmHWM {results['service_vmhwm_mib']} MiB; "
              f"/healthz meanwhile: median {results['ping_median_ms']} ms, worst {results['ping_max_ms']} ms "
              f"({len(pings)} pings)")
    finally:
        svc.stop(check_clean=False)

    # 3. sqlite3 -csv: the same rows, columns and order, from the same file.
    conn = sqlite3.connect(db)
    account, zone = conn.execute("SELECT id, timezone FROM accounts WHERE id = ?", (seeded["id"],)).fetchone()
    conn.close()
    from_at = int(datetime.datetime.combine(datetime.date.fromisoformat(export_from), datetime.time(),
                                            datetime.timezone(datetime.timedelta(hours=5, minutes=30))).timestamp())
    to_at = int(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(),
                                          datetime.timezone(datetime.timedelta(hours=5, minutes=30))).timestamp())
    assert zone == "Asia/Kolkata"
    query = ("SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', started_at, 'unixepoch'), category, wa_id,"
             " printf('%d.%02d', cost / 10000, cost % 10000 / 100), 'INR' FROM conversations"
             f" WHERE account_id = '{account}' AND started_at >= {from_at} AND started_at < {to_at}"
             " ORDER BY started_at, seq;")
    sqlite_file = os.path.join(work, "sqlite.csv")
    with open(sqlite_file, "wb") as out:
        sq_elapsed, sq_rss = timed(["sqlite3", "-csv", "-newline", "\r\n", "-readonly", db, query], stdout=out)
    with open(sqlite_file, "rb") as a, open(out_file, "rb") as b:
        b.readline()  # our header row
        same = a.read() == b.read()
    results["sqlite3_seconds"] = round(sq_elapsed, 3)
    results["sqlite3_rows_per_second"] = round(exported / sq_elapsed)
    results["sqlite3_maxrss_mib"] = round(sq_rss / 1024, 1)
    results["service_vs_sqlite3"] = round(elapsed / sq_elapsed, 2)
    results["same_bytes_as_sqlite3"] = same
    print(f"sqlite3 -csv: the same rows in {sq_elapsed:.2f} s = {results['sqlite3_rows_per_second']:,} rows/s, "
          f"max RSS {results['sqlite3_maxrss_mib']} MiB; the service takes {results['service_vs_sqlite3']}× "
          f"as long; files {'identical' if same else 'DIFFERENT'} after the header row")

    for name in ("export.csv", "sqlite.csv"):
        os.remove(os.path.join(work, name))
    if not os.environ.get("MC_BENCH_DB"):
        for suffix in ("", "-wal", "-shm", ".json", ".lock"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        os.rmdir(work)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
