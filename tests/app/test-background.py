#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run in Background, as a person uses it: switch it on in Preferences,
close the window with its Close button, and the app keeps running and
notifying (a low-balance crossing reaches the desktop, checked with
python-dbusmock's notification daemon); starting the app again shows the
window. Switched off again, closing the window quits the app.

On a desktop of its own (journey.py): session bus, display and accessibility
bus."""

import os
import subprocess

import journey as t


def notifications():
    """Summaries of the Notify calls the mock daemon received."""
    return [n["summary"] for n in t.notifications()]


def set_run_in_background(test, app, on):
    """Preferences (Ctrl+,), the Run in Background switch, Close."""
    t.press_keys("ctrl+comma")
    preferences = test.wait_until("Preferences", lambda: t.window_named(app, "Preferences"))
    # GTK 4.8 gives a GtkSwitch the role of a check box.
    switch = test.wait_until("the Run in Background switch",
                             lambda: t.find_shown(preferences, "Run in Background", "check box"))
    if switch.checked != on:
        t.click(switch, action="toggle")
        test.wait_until(f"the switch to be {'on' if on else 'off'}", lambda: switch.checked == on)
    close_window(test, preferences)
    test.wait_until("Preferences to close", lambda: t.window_named(app, "Preferences") is None)


def close_window(test, window):
    """The header bar's Close button, as a person closes the window."""
    close = test.wait_until("the Close button", lambda: t.find_shown(window, "Close", "push button"))
    t.click(close)


def background(test):
    tmp = test.tmpdir("mc-background-")

    test.step("an account with ₹150.00 and its low-balance alert at ₹149.50")
    _, account, _, url = t.served_account(test, tmp, "150.00")
    token = account["token"]
    t.api(url, token, "/v1/account", "PATCH", {"low_balance_threshold": "149.50"})

    test.step("the app, with --server and the token in its environment")
    env = t.app_environment(tmp, MESSAGE_CREDITS_TOKEN=token)
    log = os.path.join(tmp, "app.log")
    process = t.start_app(test, ["--server", url], env, log)
    app = t.application(test)
    window = test.wait_until("the main window", lambda: t.window_named(app, "Message Credits"))
    test.wait_until("the balance ₹150.00", lambda: t.labelled(window, "Balance", "₹150.00"))

    test.step("switch Run in Background on, and close the window")
    set_run_in_background(test, app, True)
    close_window(test, window)
    test.wait_until("the window to go", lambda: not t.window_shown())
    if process.poll() is not None:
        test.fail(f"the app quit (status {process.returncode})")

    test.step("a conversation takes the balance under ₹149.50: the desktop is told")
    t.api(url, token, "/v1/conversations", "POST",
          {"external_id": "wamid-background-1", "category": "business_initiated",
           "wa_id": "919876543210"})
    test.wait_until("the Low balance notification", lambda: "Low balance" in notifications())
    if process.poll() is not None:
        test.fail(f"the app quit (status {process.returncode})")

    test.step("start the app again: the same app shows its window, with the new balance")
    again = subprocess.run([t.APP], env=env, capture_output=True, timeout=30)
    if again.returncode != 0:
        test.fail(f"the second start failed: {again.stderr.decode(errors='replace')}")
    test.wait_until("the window to be back", t.window_shown)
    window = test.wait_until("the main window on screen",
                             lambda: next((w for w in [t.window_named(app, "Message Credits")]
                                           if w is not None and t.on_screen(w)), None))
    test.wait_until("the balance ₹149.20", lambda: t.labelled(window, "Balance", "₹149.20"))
    t.screenshot("background-back.png")

    test.step("switched off, closing the window quits the app")
    set_run_in_background(test, app, False)
    close_window(test, window)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        test.fail("the app still runs after its window was closed")
    if process.returncode != 0:
        test.fail(f"the app ended with status {process.returncode}")
    t.check_log(test, log)


if __name__ == "__main__":
    t.run(t.Test("run-in-background", notifications=True), background)
