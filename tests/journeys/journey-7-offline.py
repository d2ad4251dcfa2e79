#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Journey 7, the service dies: the app shows the balance; the service is
killed (SIGKILL, no goodbye on the event stream); the app says it is offline
(the bar, and the dashboard's "Offline: these figures are from …") and keeps
the last figures. While the service is down the operator debits the account
(`account adjust` on its database), so the figures the app holds go stale.
The service is started again on the same address; without anyone pressing
Retry Now the app comes back online by itself, the offline bar goes, and it
shows what only reading again could tell it: the balance after the
operator's adjustment (the API's) and its ledger line. Then the messaging
platform posts conversations and the dashboard follows live: the balance
and this month's usage."""

import decimal
import os
import signal
import uuid

import journey as t

START = "5000.00"
DEBIT = "-1234.56"
CONVERSATIONS = 3


def shown(node):
    """On screen, and so is every container up to the window: a revealer
    that closed keeps its child's last size, only the revealer is 0 high."""
    while node is not None and node.roleName != "frame":
        try:
            if not t.on_screen(node):
                return False
        except NotImplementedError:  # a node that is no component
            pass
        node = node.parent
    return True


def shown_text(window, start):
    return next((n for n in t.find_all(window, role="label")
                 if n.name.startswith(start) and shown(n)), None)


def offline_bar(window):
    return shown_text(window, "Offline: the credit service does not answer.")


def stale_note(window):
    return shown_text(window, "Offline: these figures are from ")


def post_conversation(url, token):
    return t.api(url, token, "/v1/conversations", "POST",
                 {"external_id": f"wamid-{uuid.uuid4().hex}", "category": "business_initiated",
                  "wa_id": "919876543210"})


def journey(test):
    tmp = test.tmpdir("mc-journey-7-")

    test.step(f"an account holding ₹{START}, served on loopback")
    db, account, serve, url = t.served_account(test, tmp, START)
    token = account["token"]
    port = url.rsplit(":", 1)[1].split("/")[0]
    before = t.api(url, token, "/v1/account")
    if decimal.Decimal(before["balance"]) != decimal.Decimal(START):
        test.fail(f"the account holds {before['balance']}, not {START}")

    test.step("the app, with --server and the token in its environment, shows the balance")
    log = os.path.join(tmp, "app.log")
    t.start_app(test, ["--server", url], t.app_environment(tmp, MESSAGE_CREDITS_TOKEN=token), log)
    window = t.main_window(test)
    shown = t.format_inr(START)
    test.wait_until(f"the balance {shown}", lambda: t.labelled(window, "Balance", shown),
                    timeout=30)
    if offline_bar(window) or stale_note(window):
        test.fail("the app says it is offline while the service answers")

    test.step("the service is killed (SIGKILL): the app says it is offline, the figures kept")
    serve.send_signal(signal.SIGKILL)
    serve.wait(timeout=10)
    test.wait_until("the offline bar", lambda: offline_bar(window), timeout=30)
    test.wait_until("the dashboard to say how old its figures are",
                    lambda: stale_note(window), timeout=30)
    if t.labelled(window, "Balance", shown) is None:
        test.fail("the balance was not kept while offline")

    test.step(f"while the service is down, the operator adjusts the account by {DEBIT}")
    t.adjust(db, account["id"], DEBIT)
    t.screenshot("journey-7-offline.png")
    if t.labelled(window, "Balance", shown) is None or offline_bar(window) is None:
        test.fail("the app changed its figures or its offline bar while nothing answered")

    test.step("the service comes back on the same address")
    serve, again = t.serve(test, db, listen=f"127.0.0.1:{port}")
    if again != url:
        test.fail(f"the service came back on {again}, not {url}")
    recovered = t.api(url, token, "/v1/account")
    if decimal.Decimal(recovered["balance"]) != decimal.Decimal(START) + decimal.Decimal(DEBIT):
        test.fail(f"the service holds {recovered['balance']} after the operator's {DEBIT}")

    test.step("no click: the app is online again by itself and has read the new figures")
    test.wait_until("the offline bar to go",
                    lambda: offline_bar(window) is None and stale_note(window) is None,
                    timeout=60)
    # What a screen reader reads: the bar's label is gone from what is
    # drawn, not just squeezed to nothing inside a closed revealer.
    test.wait_until("the bar's words to leave what a screen reader finds",
                    lambda: not any(n.name.startswith("Offline: the credit service")
                                    and n.getState().contains(t.pyatspi.STATE_VISIBLE)
                                    and t.on_screen(n)
                                    for n in t.find_all(window, role="label")),
                    timeout=10)
    # Only reading the account again tells the app of a change made while
    # nothing answered: no event announced it.
    recovered_text = t.format_inr(recovered["balance"])
    test.wait_until(f"the balance {recovered_text} (the API's)",
                    lambda: t.labelled(window, "Balance", recovered_text), timeout=30)
    debit_text = t.format_inr(DEBIT)
    test.wait_until(f"the operator's {debit_text} in Latest Activity",
                    lambda: t.visible_label(window, debit_text), timeout=30)
    t.screenshot("journey-7-recovered.png")

    test.step(f"the platform posts {CONVERSATIONS} conversations: the dashboard follows live")
    for _ in range(CONVERSATIONS):
        post_conversation(url, token)
    after = t.api(url, token, "/v1/account")
    rate = decimal.Decimal(after["rates"]["business_initiated"])
    if decimal.Decimal(after["balance"]) != \
            decimal.Decimal(recovered["balance"]) - CONVERSATIONS * rate:
        test.fail(f"the service holds {after['balance']} after {CONVERSATIONS} conversations")
    expected_text = t.format_inr(after["balance"])
    test.wait_until(f"the balance {expected_text} (the API's)",
                    lambda: t.labelled(window, "Balance", expected_text), timeout=45)
    counted = f"{CONVERSATIONS} conversations"
    test.wait_until(f"this month's usage to count {counted}",
                    lambda: t.find_text(window, counted), timeout=45)

    test.step("the dashboard's balance is still the API's")
    now = t.api(url, token, "/v1/account")
    label = t.labelled(window, "Balance")
    if label is None or label.name != t.format_inr(now["balance"]):
        test.fail(f"the dashboard shows {label.name if label else None}, "
                  f"the service {now['balance']}")
    if offline_bar(window) or stale_note(window):
        test.fail("the offline bar came back")
    # Nothing crossed a threshold and there are no payments: coming back
    # must not tell the desktop anything.
    if t.notifications():
        test.fail(f"the desktop was notified: {t.notifications()}")

    t.check_log(test, log)


if __name__ == "__main__":
    t.run(t.Test("journey-7-offline", notifications=True), journey)
