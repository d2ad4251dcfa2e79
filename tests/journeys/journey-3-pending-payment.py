#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Journey 3, a pending payment: the demo account has a payment started and
not completed. At start-up the app alerts it; the person chooses Recharge
Different Amount. The payment is cancelled on the service (the window says
so), the Add Credits dialog opens ready for a new amount (the Amount entry
empty, Add Credits not yet pressable), the dashboard no longer offers the
payment, and typing 1000 shows the GST and the total. Once the dialog is
closed, no alert comes back.

The service is served with --sandbox-gateway and read only as a cross-check
(GET with the account's token). Screenshots of the alert and of the dialog.

On a desktop of its own (journey.py): session bus with the notification
daemon, display and accessibility bus."""

import decimal
import os
import time

import journey as t

PENDING_ROW = "1 payment is waiting to be completed"


def toast(window, text):
    """A toast on the window: AdwToastOverlay keeps it a few levels down. A
    toast lasts five seconds, and a walk of the whole window (hidden pages
    included) can take longer than that on a loaded machine, so look only
    near the top."""
    level = [window]
    for _ in range(6):
        below = []
        for node in level:
            for child in node.children:
                if child.roleName == "label" and child.name == text:
                    return child
                below.append(child)
        level = below
    return None


def alert_of(app):
    return next((w for w in app.children if t.find(w, "Pending Payment", "label")), None)


def pending_payment(test):
    tmp = test.tmpdir("mc-pending-")

    test.step(f"a demo service on loopback (accessibility bus {os.environ['AT_SPI_BUS_ADDRESS']})")
    db = os.path.join(tmp, "demo.db")
    token = t.demo_database(db)["token"]
    _, url = t.serve(test, db)
    pending = t.api(url, token, "/v1/payments?status=pending")["data"]
    if len(pending) != 1:
        test.fail(f"the demo should have one pending payment: {pending}")
    payment = pending[0]

    test.step("the app, with --server and the token in its environment")
    log = os.path.join(tmp, "app.log")
    t.start_app(test, ["--server", url], t.app_environment(tmp, MESSAGE_CREDITS_TOKEN=token), log)
    window = t.main_window(test)
    app = window.parent

    test.step("the pending payment is alerted at start-up, with its figures")
    alert = test.wait_until("the Pending Payment alert", lambda: alert_of(app), timeout=30)
    figures = (f"Amount {t.format_inr(payment['amount'])} + GST {t.format_inr(payment['tax'])} "
               f"= total {t.format_inr(payment['total'])}")
    if not any(figures in label.name for label in t.find_all(alert, role="label")):
        test.fail(f"the alert does not say “{figures}”")
    different = t.find_shown(alert, "Recharge Different Amount", "push button")
    if different is None:
        test.fail("the alert offers no Recharge Different Amount")
    test.wait_until("the dashboard to list the pending payment",
                    lambda: t.find(window, PENDING_ROW, "list item"))
    t.screenshot("journey-3-alert.png")

    test.step("press Recharge Different Amount: the payment is cancelled on the service")
    t.click(different)
    test.wait_until("the toast Payment cancelled", lambda: toast(window, "Payment cancelled"),
                    timeout=30)
    test.wait_until("the payment to be cancelled on the service",
                    lambda: t.api(url, token, f"/v1/payments/{payment['id']}")["status"]
                    == "cancelled", timeout=30)
    test.wait_until("the alert to close", lambda: alert_of(app) is None)
    if t.api(url, token, "/v1/payments?status=pending")["data"]:
        test.fail("a payment is still pending on the service")

    test.step("the Add Credits dialog opens, ready for a new amount")
    dialog = test.wait_until("the Add Credits dialog", lambda: t.window_named(app, "Add Credits"),
                             timeout=30)
    amount = test.wait_until("the Amount entry", lambda: t.find(dialog, "Amount", "text"))
    add = t.find(dialog, "Add Credits", "push button")
    if add is None:
        test.fail("the dialog has no Add Credits button")
    if t.text_of(amount) != "":
        test.fail(f"the Amount entry is not empty: “{t.text_of(amount)}”")
    if add.sensitive:
        test.fail("Add Credits is pressable before an amount was typed")
    if t.visible_label(dialog, "Waiting for payment…") is not None:
        test.fail("the dialog follows a payment instead of asking for a new amount")

    test.step("the dashboard no longer offers the cancelled payment")
    account = t.api(url, token, "/v1/account")
    if account["pending_payments"] != 0:
        test.fail(f"the service still counts {account['pending_payments']} pending payments")
    test.wait_until("the pending row to go",
                    lambda: t.find(window, PENDING_ROW, "list item") is None, timeout=30)

    test.step("type 1000: GST and total shown, Add Credits pressable")
    amount.text = "1000"
    tax = decimal.Decimal("1000.00") * decimal.Decimal("0.18")
    gst, total = t.format_inr(f"{tax:.2f}"), t.format_inr(f"{decimal.Decimal('1000.00') + tax:.2f}")
    test.wait_until(f"GST {gst}", lambda: t.visible_label(dialog, gst))
    if t.visible_label(dialog, "GST (18%)") is None:
        test.fail("the tax is not named GST (18%)")
    test.wait_until(f"total {total}", lambda: t.visible_label(dialog, total))
    test.wait_until("Add Credits to become pressable", lambda: add.sensitive)
    t.screenshot("journey-3-add-credits.png")

    test.step("close the dialog without paying: no alert comes back, nothing is pending")
    t.click(t.find(dialog, "Cancel", "push button"))
    test.wait_until("the dialog to close", lambda: t.window_named(app, "Add Credits") is None)
    # What could bring the alert back (a check when the dialog closes) runs
    # within a main-loop turn; give a loaded machine ample time to show it.
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        if alert_of(app) is not None:
            test.fail("the Pending Payment alert came back")
        time.sleep(0.2)
    if t.api(url, token, "/v1/payments?status=pending")["data"]:
        test.fail("closing the dialog left a pending payment")
    if t.find(window, PENDING_ROW, "list item") is not None:
        test.fail("the dashboard offers a pending payment again")
    t.check_log(test, log)


if __name__ == "__main__":
    t.run(t.Test("journey-3-pending-payment", notifications=True), pending_payment)
