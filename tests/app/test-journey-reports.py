#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reports, Broadcasts and Support driven over AT-SPI as assistive technology
would, against the demo service: see the last six months' chart on Reports;
start a broadcast too expensive for the balance and see the warning with the
shortfall; raise a support ticket and see it listed. Screenshots of each
page, light (or dark with MC_JOURNEY_DARK=1). Exporting through the file
chooser is tests/journeys/journey-6-export.py.

On a desktop of its own (journey.py): session bus, display and accessibility
bus."""

from decimal import Decimal
import os

import journey as t


def reports(test):
    tmp = test.tmpdir("mc-journey2-")

    test.step(f"a demo service on loopback (accessibility bus {os.environ['AT_SPI_BUS_ADDRESS']})")
    db = os.path.join(tmp, "demo.db")
    account = t.demo_database(db)
    # The operator leaves ₹5.00 (account adjust, before the service starts):
    # ten recipients at ₹0.80 then cost more than the balance holds.
    shown = t.adjust(db, account["id"], "0.01")
    t.adjust(db, account["id"], str(-(Decimal(shown["balance"]) - Decimal("5.00"))))
    _, url = t.serve(test, db, extra=("--support-phone", "+91 80 4000 0000",
                                      "--support-email", "support@provider.example"))
    token = account["token"]

    test.step("the app, with --server and the token in its environment")
    env = t.app_environment(tmp, MESSAGE_CREDITS_TOKEN=token)
    if os.environ.get("MC_JOURNEY_DARK"):
        env["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
    log = os.path.join(tmp, "app.log")
    t.start_app(test, ["--server", url], env, log)
    app = t.application(test)
    window = test.wait_until("the main window", lambda: t.window_named(app, "Message Credits"))

    test.step("put off the demo's pending-payment alert")
    t.put_off_pending_alert(test, app)

    test.step("the dashboard warns about the scheduled broadcast the balance cannot cover")
    test.wait_until("the look-ahead bar",
                    lambda: t.find_text(window, "The broadcast “Year-end clearance”"))
    t.screenshot("dashboard" + SUFFIX)

    test.step("Reports: the last six months")
    test.wait_until("the Reports tab", lambda: t.find_shown(window, "Reports", "page tab"))
    t.press_keys("alt+3")
    t.click(test.wait_until("Last 6 Months",
                            lambda: t.find_shown(window, "Last 6 Months", "push button")))
    test.wait_until("the chart",
                    lambda: t.find_shown(window, "Chart of conversations by category", "image"))
    t.screenshot("reports" + SUFFIX)

    test.step("Broadcasts: a new broadcast too expensive for the balance")
    t.press_keys("alt+4")
    test.wait_until("the broadcast list", lambda: t.find_text(window, "Year-end clearance"))
    t.screenshot("broadcasts" + SUFFIX)
    t.click(t.find_shown(window, "New Broadcast", "push button"))
    dialog = test.wait_until("the New Broadcast dialog",
                             lambda: t.window_named(app, "New Broadcast"))
    test.wait_until("the Name entry",
                    lambda: t.find_shown(dialog, "Name", "text")).text = "Mega sale"
    count = 10
    numbers = "\n".join(str(919000000000 + i) for i in range(count))
    t.find_shown(dialog, "Recipients", "text").text = numbers
    warning = test.wait_until("the insufficient-balance warning, short by ₹3.00",
                              lambda: t.find_text(dialog, "Insufficient balance"), timeout=20)
    if "needs ₹8.00 but the balance is ₹5.00, short by ₹3.00" not in warning.name:
        test.fail(f"no shortfall in the warning: {warning.name}")
    if t.find_shown(dialog, "Add Credits", "push button") is None:
        test.fail("no Add Credits shortcut beside the warning")
    if t.find_shown(dialog, "Send Now", "push button").sensitive:
        test.fail("Send Now is sensitive although the balance does not cover the cost")
    print(f"# {warning.name}", flush=True)
    t.screenshot("new-broadcast" + SUFFIX)
    t.click(t.find_shown(dialog, "Cancel", "push button"))
    test.wait_until("the dialog to close",
                    lambda: t.window_named(app, "New Broadcast") is None)

    test.step("Contact Support: raise a ticket")
    # The menu button and the toggle inside it share the name; the toggle clicks.
    test.wait_until("the main menu button",
                    lambda: t.find_shown(window, "Main Menu", "push button"))
    menu = None
    for node in t.find_all(window, "Main Menu"):
        try:
            if t.on_screen(node):
                t.click(node)
                menu = node
                break
        except Exception:
            continue
    item = test.wait_until("Contact Support in the menu",
                           lambda: next((n for n in t.find_all(menu.parent or window,
                                                               role="menu item")
                                         if "Contact Support" in n.name), None))
    t.click(item)
    dialog = test.wait_until("the Contact Support dialog",
                             lambda: t.window_named(app, "Contact Support"))
    test.wait_until("the support phone", lambda: t.find_text(dialog, "+91 80 4000 0000"))
    test.wait_until("the Subject entry",
                    lambda: t.find_shown(dialog, "Subject", "text")).text = "Invoice for October"
    t.find_shown(dialog, "Message", "text").text = "Please send the GST invoice for October."
    send = t.find_shown(dialog, "Send Ticket", "push button")
    test.wait_until("Send Ticket to become sensitive", lambda: send.sensitive)
    t.click(send)
    test.wait_until("the ticket in the list", lambda: t.find_text(dialog, "Invoice for October"))
    tickets = t.api(url, token, "/v1/tickets")["data"]
    if not any(k["subject"] == "Invoice for October" and k["status"] == "open" for k in tickets):
        test.fail(f"the service has no such open ticket: {tickets}")
    t.screenshot("support" + SUFFIX)

    t.check_log(test, log)


SUFFIX = "-dark.png" if os.environ.get("MC_JOURNEY_DARK") else "-light.png"

if __name__ == "__main__":
    t.run(t.Test("reports-broadcasts-support journey"), reports)
