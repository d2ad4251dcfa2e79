#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Journey 5: the balance goes below zero.

An account with ₹2.00. While the balance covers it, a one-number broadcast
(₹0.80) is scheduled through New Broadcast for a minute or so ahead, and a
second one is being written. Then the messaging platform opens
conversations (POST /v1/conversations) until a debit takes the balance
below zero: the open New Broadcast refuses to send and says why, and so
does the Broadcasts page, nothing more reaches the service, the service
refuses further conversations, the dashboard says restricted and the desktop
is told. When its time comes the scheduled broadcast fails: the Broadcasts
page gives the reason, the desktop is told (*Broadcast failed*) and the
service agrees (failed, account_restricted), with nothing debited.

The app runs in Asia/Kolkata time; the schedule is picked as a keyboard user
picks it (GTK 4.8's calendar offers assistive technology no actions)."""

import datetime
import decimal
import os
import subprocess
import time
import zoneinfo

import journey as t

ZONE = "Asia/Kolkata"
RESTRICTED_TEXT = "Account restricted: replies and broadcasts are paused until you recharge"
BLOCKED_TEXT = "Your account is restricted: add credits to create broadcasts."
SCHEDULED_NAME = "Weekend offer"
REFUSED_NAME = "Flash sale"
# From pressing Schedule to the conversations that restrict the account.
MARGIN = datetime.timedelta(seconds=30)


def summaries():
    return [n["summary"] for n in t.notifications()]


def now():
    return datetime.datetime.now(zoneinfo.ZoneInfo(ZONE))


def due_time():
    """The first whole minute at least MARGIN from now."""
    earliest = now() + MARGIN
    minute = earliest.replace(second=0, microsecond=0)
    return minute if minute == earliest else minute + datetime.timedelta(minutes=1)


def dialog_press(*keys):
    """Keys pressed in New Broadcast, one after the other (journey.press_keys
    sends one)."""
    subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^New Broadcast$",
                    "windowfocus", "--sync", "key", "--clearmodifiers", *keys], check=True)


def shown_date(dialog):
    """The day the Date button shows ("26 Nov 2026")."""
    for node in t.find_all(dialog, role="push button"):
        try:
            return datetime.datetime.strptime(node.name, "%d %b %Y").date()
        except ValueError:
            continue
    return None


def calendar(dialog):
    return next((n for n in t.find_all(dialog, "Date") if n.roleName != "push button"), None)


def pick_day(test, dialog, day):
    """Opens the Date popover and moves the selection a day at a time with
    the arrow keys and Space (a day of the next or previous month switches
    the month), until the Date button shows day."""
    first = test.wait_until("the Date button", lambda: shown_date(dialog))
    if first == day:
        return
    button = next(n for n in t.find_all(dialog, role="push button")
                  if n.name == first.strftime("%-d %b %Y"))
    t.click(button)
    test.wait_until("the calendar", lambda: t.on_screen(calendar(dialog)))
    # Nothing in the calendar has the keyboard focus yet: Left puts it on
    # the grid, Space selects that day; from there each Left or Right is a
    # day.
    dialog_press("Left", "space")
    selected = test.wait_until("a day to be selected",
                               lambda: shown_date(dialog) != first and shown_date(dialog))
    if selected != day:
        steps = (selected - day).days
        dialog_press(*["Left" if steps > 0 else "Right", "space"] * abs(steps))
        test.wait_until(f"the Date button to show {day:%-d %b %Y}",
                        lambda: shown_date(dialog) == day)
    button = next(n for n in t.find_all(dialog, role="push button")
                  if n.name == day.strftime("%-d %b %Y"))
    t.click(button)
    test.wait_until("the calendar to close",
                    lambda: calendar(dialog) is None or not t.on_screen(calendar(dialog)))


def sensitive_button(dialog, name):
    button = t.find_shown(dialog, name, "push button")
    return button if button is not None and button.sensitive else None


def set_spin(test, dialog, name, value):
    spin = test.wait_until(f"the {name} field", lambda: t.find_shown(dialog, name, "spin button"))
    spin.queryValue().currentValue = value
    test.wait_until(f"{name} {value}", lambda: int(spin.queryValue().currentValue) == value)


def fill(test, app, window, name, numbers):
    t.click(test.wait_until("New Broadcast", lambda: t.find_shown(window, "New Broadcast",
                                                                  "push button")))
    dialog = test.wait_until("the New Broadcast dialog",
                             lambda: t.window_named(app, "New Broadcast"))
    test.wait_until("the Name entry", lambda: t.find_shown(dialog, "Name", "text")).text = name
    t.find_shown(dialog, "Recipients", "text").text = "\n".join(numbers)
    test.wait_until("the estimate ₹0.80", lambda: t.find_shown(dialog, "₹0.80", "label"))
    return dialog


def restricted(test):
    tmp = test.tmpdir("mc-journey-5-")

    test.step("an account with ₹2.00; the app, with --server, in Asia/Kolkata time")
    _, account, _, url = t.served_account(test, tmp, "2.00")
    token = account["token"]
    env = t.app_environment(tmp, MESSAGE_CREDITS_TOKEN=token, TZ=ZONE)
    log = os.path.join(tmp, "app.log")
    t.start_app(test, ["--server", url], env, log)
    app = t.application(test)
    window = t.main_window(test)
    test.wait_until("the balance ₹2.00", lambda: t.labelled(window, "Balance", "₹2.00"),
                    timeout=30)

    test.step("Broadcasts → New Broadcast: one number, scheduled a minute or so ahead")
    t.press_keys("alt+4")
    dialog = fill(test, app, window, SCHEDULED_NAME, ["919800000001"])
    dialog_press("alt+h")  # Sc_hedule
    test.wait_until("Schedule to be chosen",
                    lambda: t.find_shown(dialog, "Schedule", "check box").checked)
    # The first whole minute at least MARGIN ahead (past midnight it is
    # tomorrow, the dialog's default day); picked again if that took long.
    for _ in range(3):
        due = due_time()
        pick_day(test, dialog, due.date())
        set_spin(test, dialog, "Hour", due.hour)
        set_spin(test, dialog, "Minute", due.minute)
        schedule = test.wait_until("the Schedule button to be sensitive",
                                   lambda: sensitive_button(dialog, "Schedule"))
        if now() + MARGIN / 2 < due:
            break
    else:
        test.fail(f"it is {now():%H:%M:%S} already, and the broadcast due at {due:%H:%M}")
    t.click(schedule)
    test.wait_until("the dialog to close", lambda: t.window_named(app, "New Broadcast") is None)
    test.wait_until("the scheduled broadcast in the list, Scheduled",
                    lambda: t.find_shown(t.find_shown(window, SCHEDULED_NAME, "list item"),
                                         "Scheduled", "label"))
    listed = t.api(url, token, "/v1/broadcasts")["data"]
    if len(listed) != 1 or listed[0]["status"] != "scheduled":
        test.fail(f"the service holds {listed}")
    scheduled = listed[0]
    at = datetime.datetime.fromisoformat(scheduled["scheduled_at"].replace("Z", "+00:00"))
    if at != due:
        test.fail(f"scheduled for {scheduled['scheduled_at']}, not {due.isoformat()}")
    print(f"# {SCHEDULED_NAME} ({scheduled['id']}) is due at {due:%H:%M} {ZONE}, "
          f"now {now():%H:%M:%S}", flush=True)

    test.step("another New Broadcast, ready to send while ₹2.00 covers it")
    dialog = fill(test, app, window, REFUSED_NAME, ["919800000002"])
    send = test.wait_until("Send Now to be sensitive",
                           lambda: sensitive_button(dialog, "Send Now"))

    test.step("conversations take the balance below zero: ₹1.20, ₹0.40, −₹0.40")
    for n, balance in enumerate(["1.20", "0.40", "-0.40"], 1):
        status, body = t.post_conversation(url, token, f"wamid-j5-{n}")
        if status != 201 or decimal.Decimal(body["balance"]) != decimal.Decimal(balance):
            test.fail(f"conversation {n}: {status} {body}, expected the balance {balance}")
    if now() >= due:
        test.fail(f"the account was restricted only at {now():%H:%M:%S}, after {due:%H:%M}")
    status, body = t.post_conversation(url, token, "wamid-j5-4")
    if status != 402 or body["error"]["code"] != "account_restricted":
        test.fail(f"a conversation on a restricted account: {status} {body}")

    test.step("the open New Broadcast refuses to send, and says why")
    test.wait_until("the restriction in the dialog",
                    lambda: t.find_text(dialog, "Your account is restricted: nothing can be sent"))
    if t.find_text(dialog, "Your account is restricted: broadcasts cannot be created") is None:
        test.fail("the dialog does not say the account is restricted at its top")
    test.wait_until("Send Now to be insensitive", lambda: not send.sensitive)
    if t.find_shown(dialog, "Add Credits", "push button") is None:
        test.fail("no Add Credits beside the reason")
    t.screenshot("journey-5-dialog.png")
    send.doActionNamed("click")  # pressed anyway: nothing may go out
    t.click(t.find_shown(dialog, "Cancel", "push button"))
    test.wait_until("the dialog to close", lambda: t.window_named(app, "New Broadcast") is None)

    test.step("the Broadcasts page blocks New Broadcast with the reason")
    reason = test.wait_until("the reason on the Broadcasts page",
                             lambda: t.find_text(window, BLOCKED_TEXT))
    button = t.find_shown(window, "New Broadcast", "push button")
    if button is None or button.sensitive:
        test.fail("New Broadcast is still offered")
    button.doActionNamed("click")
    # Its shortcut says why in a toast, beside the reason on the page.
    t.press_keys("ctrl+n")
    test.wait_until("the reason in a toast",
                    lambda: len([n for n in t.find_all(window, BLOCKED_TEXT, "label")
                                 if t.on_screen(n)]) == 2)
    print(f"# {reason.name}", flush=True)
    t.screenshot("journey-5-broadcasts.png")
    test.wait_until("the Account restricted notification",
                    lambda: "Account restricted" in summaries())
    deadline = time.monotonic() + 2  # a dialog opened on the presses would show by then
    while time.monotonic() < deadline:
        if t.window_named(app, "New Broadcast") is not None:
            test.fail("New Broadcast opened on a restricted account")
        time.sleep(0.2)
    names = [b["name"] for b in t.api(url, token, "/v1/broadcasts")["data"]]
    if names != [SCHEDULED_NAME]:
        test.fail(f"the service holds the broadcasts {names}")

    test.step("the dashboard says restricted, with the service's balance")
    t.press_keys("alt+1")
    test.wait_until("the restricted state",
                    lambda: t.labelled(window, "Account state", RESTRICTED_TEXT))
    api_account = t.api(url, token, "/v1/account")
    if api_account["state"] != "restricted":
        test.fail(f"the service says {api_account['state']}")
    test.wait_until(f"the balance {api_account['balance']}",
                    lambda: t.labelled(window, "Balance", t.format_inr(api_account["balance"])))
    t.screenshot("journey-5-dashboard.png")

    test.step(f"at {due:%H:%M} the scheduled broadcast fails: shown, notified, recorded")
    t.press_keys("alt+4")
    wait = (due - now()).total_seconds() + 30
    # The list is rebuilt on each change: look the row up afresh each time.
    test.wait_until("its failure with the reason",
                    lambda: t.find_shown(t.find_shown(window, SCHEDULED_NAME, "list item"),
                                         "Failed: the account was restricted", "label"),
                    timeout=max(wait, 30))
    test.wait_until("the Broadcast failed notification", lambda: "Broadcast failed" in summaries())
    failed = next(n for n in t.notifications() if n["summary"] == "Broadcast failed")
    if SCHEDULED_NAME not in failed["body"] or "restricted" not in failed["body"]:
        test.fail(f"the notification does not say what failed and why: {failed['body']}")
    print(f"# notified: {failed['summary']}: {failed['body']}", flush=True)
    t.screenshot("journey-5-failed.png")
    broadcast = t.api(url, token, "/v1/broadcasts/" + scheduled["id"])
    if broadcast["status"] != "failed" or broadcast["failure_reason"] != "account_restricted":
        test.fail(f"the service says {broadcast['status']} ({broadcast['failure_reason']})")
    ledger = t.api(url, token, "/v1/transactions")["data"]
    if any(line["kind"] == "broadcast" for line in ledger):
        test.fail("the failed broadcast was charged")
    final = t.api(url, token, "/v1/account")
    if decimal.Decimal(final["balance"]) != decimal.Decimal("-0.40"):
        test.fail(f"the balance moved to {final['balance']}")
    t.check_log(test, log)


if __name__ == "__main__":
    t.run(t.Test("journey-5-restricted", notifications=True), restricted)
