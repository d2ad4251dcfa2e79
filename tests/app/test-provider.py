#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""First start with nothing configured: the welcome page offers Try the Demo
and Connect to Your Provider. The provider form checks the address as it is
typed, says so when the token is refused, and connects with the right one;
the token is kept (here in a file only the user may read, as no keyring
answers in this session), Preferences says where, and the next start goes
straight to the dashboard.

On a desktop of its own (journey.py): session bus, display and accessibility
bus."""

import configparser
import os
import stat

import journey as t


def label_starting(root, prefix):
    return next((n for n in t.find_all(root, role="label") if n.name.startswith(prefix)), None)


def provider(test):
    tmp = test.tmpdir("mc-provider-")
    db = os.path.join(tmp, "credits.db")
    account = t.demo_database(db)
    _, url = t.serve(test, db)
    balance = t.format_inr(t.api(url, account["token"], "/v1/account")["balance"])
    env = t.app_environment(tmp, GSETTINGS_BACKEND="keyfile")
    env.pop("MESSAGE_CREDITS_TOKEN", None)
    log = os.path.join(tmp, "app.log")

    test.step("first start: the welcome page")
    process = t.start_app(test, [], env, log)
    app = t.application(test)
    window = test.wait_until("the main window", lambda: t.find(app, "Message Credits", "frame"))
    test.wait_until("Try the Demo", lambda: t.find(window, "Try the Demo", "push button"))
    connect_to = t.find(window, "Connect to Your Provider", "push button")
    t.screenshot("welcome.png")

    test.step("Connect to Your Provider: the address is checked as it is typed")
    t.click(connect_to)
    address = test.wait_until("the Server Address field",
                              lambda: t.find(window, "Server Address", "text"))
    token = test.wait_until("the API Token field",
                            lambda: next((n for n in t.find_all(window, "API Token")
                                          if n.roleName in ("password text", "text")), None))
    connect = t.find(window, "Connect", "push button")
    address.text = "http://credits.example.com"
    token.text = "whatever"
    test.wait_until("plain http to another host to be refused",
                    lambda: t.visible_label(window, "Plain http:// is only allowed to this computer; "
                                                    "use https://."))
    if connect.sensitive:
        test.fail("Connect is sensitive for plain http to another host")
    address.text = "credits example"
    test.wait_until("a malformed address to be refused",
                    lambda: not connect.sensitive
                    and not t.visible_label(window, "Plain http:// is only allowed to this "
                                                    "computer; use https://."))

    test.step("a wrong token is refused, and the form says so")
    address.text = url
    token.text = "mct_wrong"
    test.wait_until("Connect to become sensitive", lambda: connect.sensitive)
    t.click(connect)
    test.wait_until("the refusal", lambda: t.find(window, "The service did not accept this API token.",
                                                  "label"), timeout=20)

    test.step("the right token connects")
    address = test.wait_until("the Server Address field",
                              lambda: t.find(window, "Server Address", "text"))
    token = next(n for n in t.find_all(window, "API Token") if n.roleName in ("password text", "text"))
    token.text = account["token"]
    connect = t.find(window, "Connect", "push button")
    test.wait_until("Connect to become sensitive", lambda: connect.sensitive)
    t.click(connect)
    t.put_off_pending_alert(test, app)
    test.wait_until(f"the balance {balance}", lambda: t.labelled(window, "Balance", balance))

    test.step("the token is kept in a file only the user may read; Preferences says so")
    token_file = os.path.join(tmp, "data", "message-credits", "server.token")
    test.wait_until("the token file", lambda: os.path.exists(token_file))
    mode = stat.S_IMODE(os.stat(token_file).st_mode)
    if mode != 0o600:
        test.fail(f"{token_file} has mode {oct(mode)}")
    with open(token_file) as f:
        if f.read().strip() != account["token"]:
            test.fail("the file does not hold the token")
    t.activate("preferences")
    preferences = test.wait_until("Preferences", lambda: t.window_named(app, "Preferences"))
    test.wait_until("where the token is kept",
                    lambda: label_starting(preferences, f"A file only you can read, {token_file}"))
    t.screenshot("preferences.png")

    test.step("the choice is remembered: the next start goes straight to the dashboard")
    t.activate("quit")
    process.wait(timeout=10)
    keyfile = configparser.ConfigParser()
    keyfile.read(os.path.join(tmp, "config", "glib-2.0", "settings", "keyfile"))
    section = keyfile[keyfile.sections()[0]]
    if section.get("connection") != "'server'":
        test.fail(f"the connection remembered is {section.get('connection')}")
    process = t.start_app(test, [], env, log)
    window = t.main_window(test)
    test.wait_until(f"the balance {balance}", lambda: t.labelled(window, "Balance", balance))
    if t.find(window, "Try the Demo", "push button") is not None and \
            t.on_screen(t.find(window, "Try the Demo", "push button")):
        test.fail("the welcome page was shown again")
    t.activate("quit")
    process.wait(timeout=10)
    t.check_log(test, log)


if __name__ == "__main__":
    t.run(t.Test("provider"), provider)
