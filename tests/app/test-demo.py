#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The embedded default, --demo: the app runs message-credits-service serve
--sandbox-gateway as its child on a free loopback port, with its database
under $XDG_DATA_HOME/message-credits/, creates the demo account on first run
and keeps its token (here in a file only the user may read: no keyring
answers in this session). A child that dies is restarted, the user is told,
nothing is lost; the child dies with the app; a second start uses the same
account, and a payment put off with Later is not alerted again.

On a desktop of its own (journey.py): session bus, display and accessibility
bus."""

import os
import signal
import stat
import time

import journey as t

RESTARTED = "The demo service stopped and was restarted. Nothing was lost."


def demo(test):
    tmp = test.tmpdir("mc-demo-")
    # keyfile, so that what the app remembers survives to its second start
    env = t.app_environment(tmp, MESSAGE_CREDITS_SERVICE=t.SERVICE, GSETTINGS_BACKEND="keyfile")
    state = os.path.join(tmp, "data", "message-credits")

    test.step(f"start the app with --demo (accessibility bus {os.environ['AT_SPI_BUS_ADDRESS']})")
    log = os.path.join(tmp, "app.log")
    app_process = t.start_app(test, ["--demo"], env, log)
    app = t.application(test)
    window = test.wait_until("the main window", lambda: t.find(app, "Message Credits", "frame"))
    t.put_off_pending_alert(test, app)

    test.step("the child service: serve --sandbox-gateway on loopback, database in XDG_DATA_HOME")
    pid, argv = test.wait_until("the serve child", lambda: t.serve_child(app_process.pid))
    db = os.path.join(state, "demo.db")
    for expected in ("--sandbox-gateway", "--db", db, "--listen", "127.0.0.1:0"):
        if expected not in argv:
            test.fail(f"the child was started without {expected}: {argv}")
    if not os.path.exists(db):
        test.fail(f"no database at {db}")

    test.step("the demo token is kept in a file only the user may read")
    token_file = os.path.join(state, "demo.token")
    mode = stat.S_IMODE(os.stat(token_file).st_mode)
    if mode != 0o600:
        test.fail(f"{token_file} has mode {oct(mode)}")
    with open(token_file) as f:
        token = f.read().strip()
    port = test.wait_until("the child to listen", lambda: t.listening_port(pid))
    url = f"http://127.0.0.1:{port}"
    account = t.api(url, token, "/v1/account")
    balance = t.format_inr(account["balance"])
    test.wait_until(f"the balance {balance}", lambda: t.labelled(window, "Balance", balance))

    test.step("the child dies: it is restarted, the user is told, nothing is lost")
    os.kill(pid, signal.SIGKILL)
    new_pid, _ = test.wait_until("a new serve child",
                                 lambda: next((c for c in [t.serve_child(app_process.pid)]
                                               if c and c[0] != pid), None))
    test.wait_until("the toast", lambda: t.find(window, RESTARTED, "label"), timeout=20)
    t.screenshot("demo-restarted.png")
    new_port = test.wait_until("the new child to listen", lambda: t.listening_port(new_pid))
    if new_port != port:
        test.fail(f"the restarted child listens on {new_port}, not {port}")
    again = t.api(url, token, "/v1/account")
    if again["id"] != account["id"] or again["balance"] != account["balance"]:
        test.fail(f"the account changed across the restart: {account} -> {again}")

    test.step("the app dies: its child goes with it")
    app_process.send_signal(signal.SIGKILL)
    app_process.wait(timeout=5)
    test.wait_until("the child to end", lambda: not t.alive(new_pid), timeout=5)

    test.step("a second start: the same account, and no alert for the payment put off")
    app_process = t.start_app(test, ["--demo"], env, log)
    window = t.main_window(test)
    app = window.parent
    third, _ = test.wait_until("the serve child", lambda: t.serve_child(app_process.pid))
    port = test.wait_until("the child to listen", lambda: t.listening_port(third))
    url = f"http://127.0.0.1:{port}"
    with open(token_file) as f:
        if f.read().strip() != token:
            test.fail("the demo token changed on a second start")
    if t.api(url, token, "/v1/account")["id"] != account["id"]:
        test.fail("a second start made another demo account")
    test.wait_until("the balance", lambda: t.labelled(window, "Balance", balance))
    time.sleep(1.5)
    if t.find(app, "Pending Payment", "label") is not None:
        test.fail("the payment put off with Later was alerted again")

    test.step("Quit (app.quit, as Ctrl+Q does) stops the child")
    t.activate("quit")
    app_process.wait(timeout=10)
    test.wait_until("the child to end", lambda: not t.alive(third), timeout=5)
    t.check_log(test, log, allowed=["The demo service stopped unexpectedly"])


if __name__ == "__main__":
    t.run(t.Test("demo"), demo)
