#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Journey 4: usage crosses the low-balance threshold.

An account a little above its ₹100.00 threshold; the app (--server) shows it
Active. The messaging platform then opens conversations (POST
/v1/conversations): one stays above the threshold, the next lands on it. The
desktop is told once (*Low balance*), the dashboard turns to the low state
by itself with the service's balance, and the notice is in the app's notices
list. More conversations after the crossing move the balance but notify
nobody again."""

import decimal
import os
import time

import journey as t

OK_TEXT = "Active: replies and broadcasts go out as usual"
LOW_TEXT = "Low balance"


def low_balance_notifications():
    return [n for n in t.notifications() if n["summary"] == "Low balance"]


def shows(window, balance, state):
    """The dashboard shows this balance and this state text."""
    return (t.labelled(window, "Balance", t.format_inr(balance)) is not None
            and t.labelled(window, "Account state", state) is not None)


def converse(test, url, token, external_id, category, expected_balance):
    status, body = t.post_conversation(url, token, external_id, category)
    if status != 201:
        test.fail(f"the service answered {status} to conversation {external_id}: {body}")
    if decimal.Decimal(body["balance"]) != decimal.Decimal(expected_balance):
        test.fail(f"after {external_id} the balance is {body['balance']}, not {expected_balance}")


def low_balance(test):
    tmp = test.tmpdir("mc-journey-4-")

    test.step("an account with ₹101.60, its low-balance threshold the default ₹100.00")
    _, account, _, url = t.served_account(test, tmp, "101.60")
    token = account["token"]
    before = t.api(url, token, "/v1/account")
    if (decimal.Decimal(before["low_balance_threshold"]) != decimal.Decimal("100.00")
            or before["state"] != "ok"):
        test.fail(f"unexpected account: {before}")

    test.step("the app, with --server: the dashboard shows ₹101.60 and the account Active")
    env = t.app_environment(tmp, MESSAGE_CREDITS_TOKEN=token)
    log = os.path.join(tmp, "app.log")
    t.start_app(test, ["--server", url], env, log)
    window = t.main_window(test)
    test.wait_until("₹101.60 and the Active state", lambda: shows(window, "101.60", OK_TEXT),
                    timeout=30)
    threshold = t.find_text(window, "You are alerted when the balance falls to")
    if threshold is None or "₹100.00" not in threshold.name:
        test.fail(f"the threshold is not shown: {threshold and threshold.name}")

    test.step("a business-initiated conversation (₹0.80): ₹100.80, still Active, nobody told")
    converse(test, url, token, "wamid-j4-1", "business_initiated", "100.80")
    test.wait_until("the dashboard to show ₹100.80, Active",
                    lambda: shows(window, "100.80", OK_TEXT))
    if low_balance_notifications():
        test.fail("a Low balance notification before the threshold was crossed")

    test.step("another one takes the balance to ₹100.00, at the threshold: the low state, live")
    converse(test, url, token, "wamid-j4-2", "business_initiated", "100.00")
    test.wait_until("the dashboard to show ₹100.00 and Low balance",
                    lambda: shows(window, "100.00", LOW_TEXT))
    shown = test.wait_until("the Low balance notification", low_balance_notifications)
    if "₹100.00" not in shown[0]["body"]:
        test.fail(f"the notification does not say the balance: {shown[0]['body']}")
    print(f"# notified: {shown[0]['summary']}: {shown[0]['body']}", flush=True)
    after = t.api(url, token, "/v1/account")
    if after["state"] != "low" or decimal.Decimal(after["balance"]) != decimal.Decimal("100.00"):
        test.fail(f"the service says {after['state']} {after['balance']}")
    t.screenshot("journey-4-low.png")

    test.step("more conversations after the crossing: the balance follows, nobody is told again")
    converse(test, url, token, "wamid-j4-3", "user_initiated", "99.65")
    converse(test, url, token, "wamid-j4-4", "business_initiated", "98.85")
    converse(test, url, token, "wamid-j4-5", "free", "98.85")
    test.wait_until("the dashboard to show ₹98.85, still Low balance",
                    lambda: shows(window, "98.85", LOW_TEXT))
    final = t.api(url, token, "/v1/account")
    if final["state"] != "low" or not shows(window, final["balance"], LOW_TEXT):
        test.fail(f"the dashboard does not match the service's {final['balance']} "
                  f"({final['state']})")
    notices = t.api(url, token, "/v1/notifications")["data"]
    low = [n for n in notices if n["kind"] == "low_balance"]
    if len(low) != 1:
        test.fail(f"the service recorded {len(low)} low_balance notices")
    # The app read the notice once it told the desktop; then, for a few
    # seconds more, no second Low balance may arrive.
    test.wait_until("the app to mark the notice read",
                    lambda: t.api(url, token, "/v1/notifications?unread=true")["data"] == [])
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        count = len(low_balance_notifications())
        if count != 1:
            test.fail(f"{count} Low balance notifications, not one")
        time.sleep(0.2)

    test.step("the notice is in the app's notices list")
    # The menu button and the toggle inside it share the name; the toggle clicks.
    test.wait_until("the Notices button",
                    lambda: any(n.name.startswith("Notices") and t.on_screen(n)
                                for n in t.find_all(window, role="push button")))
    for node in t.find_all(window):
        try:
            if node.name.startswith("Notices") and t.on_screen(node):
                t.click(node)
                break
        except Exception:
            continue
    row = test.wait_until("the low-balance notice in the list",
                          lambda: next((n for n in t.find_all(window, role="list item")
                                        if n.name.endswith(low[0]["title"]) and t.on_screen(n)),
                                       None))
    if row.description != low[0]["body"]:
        test.fail(f"the notice says {row.description!r}, the service {low[0]['body']!r}")
    t.screenshot("journey-4-notices.png")
    t.press_keys("Escape")
    t.check_log(test, log)


if __name__ == "__main__":
    t.run(t.Test("journey-4-low-balance", notifications=True), low_balance)
