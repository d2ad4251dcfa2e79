#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What survives a crash: kill -9 in the middle of a burst of completions,
restart, and every acknowledged completion is there exactly once."""

import sys
import threading
import time

from mcservice import Client, check, check_equal, db_query, money, run_tests, webhook

SECRET = b"durable-secret"


def test_kill_during_burst(t):
    with open(t.file("secret"), "wb") as f:
        f.write(SECRET)
    acc, token = t.create_account()
    svc = t.serve("--webhook-secret-file", t.file("secret"))
    c = svc.client(token)
    payments = [c.create_payment(str(100 + i)).json for i in range(200)]
    acked = []
    lock = threading.Lock()
    stop = threading.Event()

    def worker(mine):
        client = Client(svc.host, svc.port, token)
        for p in mine:
            if stop.is_set():
                break
            try:
                resp = webhook(client, SECRET, p["id"], "paid", p["total"], "INR")
            except OSError:
                break
            if resp.status == 200:
                with lock:
                    acked.append(p["id"])
        client.close()

    threads = [threading.Thread(target=worker, args=(payments[i::4],)) for i in range(4)]
    for th in threads:
        th.start()
    # Kill once a good part of the burst is acknowledged, with requests in flight.
    deadline = time.monotonic() + 20
    while len(acked) < 60 and time.monotonic() < deadline:
        time.sleep(0.002)
    svc.kill9()
    stop.set()
    for th in threads:
        th.join()
    check(len(acked) >= 60, f"the burst was under way ({len(acked)} acknowledged)")
    check(len(acked) < len(payments), "the kill came before the end of the burst")

    # Restart on the same database: the killed service left no lock behind.
    svc2 = t.serve("--webhook-secret-file", t.file("secret"))
    c2 = svc2.client(token)
    by_id = {p["id"]: p for p in c2.all_pages("/v1/payments")}
    for pid in acked:
        check_equal(by_id[pid]["status"], "completed", f"acknowledged {pid} survived")
    rows = db_query(t.db, "SELECT ref, count(*) FROM ledger WHERE kind = 'recharge' GROUP BY ref")
    check(all(n == 1 for _, n in rows), "no payment credited twice")
    completed = {pid for pid, p in by_id.items() if p["status"] == "completed"}
    check_equal({ref for ref, _ in rows}, completed, "a recharge line for each completed payment and no other")
    account = c2.account()
    lines = c2.all_pages("/v1/transactions")
    check_equal(money(account["balance"]), sum(money(line["amount"]) for line in lines), "balance = sum(ledger)")
    check_equal(money(account["balance"]), sum(money(by_id[pid]["amount"]) for pid in completed))
    (notices,) = db_query(t.db, "SELECT count(*) FROM notifications WHERE kind = 'payment_completed'")[0]
    check_equal(notices, len(completed), "one notice per completion, none lost")
    (mails,) = db_query(t.db, "SELECT count(*) FROM outbox WHERE kind = 'payment_completed'")[0]
    check_equal(mails, len(completed), "one e-mail per completion, none lost")

    # The gateway retries everything: the rest completes, nothing twice.
    for p in payments:
        check_equal(webhook(c2, SECRET, p["id"], "paid", p["total"], "INR").status, 200)
    check_equal(money(c2.account()["balance"]), sum(money(p["amount"]) for p in payments))
    (count,) = db_query(t.db, "SELECT count(*) FROM ledger")[0]
    check_equal(count, len(payments))
    check(db_query(t.db, "PRAGMA integrity_check")[0][0] == "ok", "database intact")
    check_equal(db_query(t.db, "PRAGMA journal_mode")[0][0], "wal")


def test_lock(t):
    acc, token = t.create_account()
    svc = t.serve()
    proc = t.cli("serve", "--db", t.db, "--listen", "127.0.0.1:0", check_rc=False)
    check(proc.returncode != 0, "a second serve on the same database refuses to start")
    check("already" in proc.stderr, f"and says why: {proc.stderr}")
    check_equal(proc.stdout, "", "without printing an address")
    check_equal(svc.client(token).account()["id"], acc, "the first one still serves")
    check_equal(svc.stop(), 0, "clean exit on SIGTERM")
    svc2 = t.serve()
    check_equal(svc2.client(token).account()["id"], acc, "a stopped service leaves nothing that blocks a restart")
    svc2.kill9()
    svc3 = t.serve()
    check_equal(svc3.client(token).account()["id"], acc, "nor does a killed one")


if __name__ == "__main__":
    sys.exit(run_tests([
        ("kill -9 during a burst of completions", test_kill_during_burst),
        ("one serve per database", test_lock),
    ]))
