#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The business owner's journey, driven over AT-SPI as assistive technology
would: start the app with --server against a demo service, put off the
pending-payment alert, read the balance, open Add Credits, type 50 (refused,
button insensitive), type 1000 (GST ₹180.00, total ₹1,180.00), press Add
Credits, pay on the checkout page as the browser would, and see the new
balance on the dashboard. Then the service goes away: the app says it is
offline and keeps the figures, and comes back by itself when the service
does. Screenshots of the dashboard and the dialog.

On a desktop of its own (journey.py): session bus, display and accessibility
bus."""

import os
import signal

import journey as t


def install_browser(tmp):
    """The default handler for http(s) URLs in the app's XDG folders: it only
    notes the URL and whether the token leaked into its environment."""
    record = os.path.join(tmp, "browser")
    script = os.path.join(tmp, "browser.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\n"
                "if [ -n \"${MESSAGE_CREDITS_TOKEN+x}\" ]; then leak=1; else leak=0; fi\n"
                f"printf '%s %s\\n' \"$leak\" \"$1\" > '{record}.tmp'\n"
                f"mv '{record}.tmp' '{record}'\n")
    os.chmod(script, 0o755)
    applications = os.path.join(tmp, "data", "applications")
    os.makedirs(applications)
    with open(os.path.join(applications, "mc-test-browser.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Test Browser\nNoDisplay=true\n"
                f"Exec={script} %u\n"
                "MimeType=x-scheme-handler/http;x-scheme-handler/https;\n")
    os.makedirs(os.path.join(tmp, "config"))
    with open(os.path.join(tmp, "config", "mimeapps.list"), "w") as f:
        f.write("[Default Applications]\n"
                "x-scheme-handler/http=mc-test-browser.desktop\n"
                "x-scheme-handler/https=mc-test-browser.desktop\n")
    return record


def read_browser(record):
    try:
        with open(record) as f:
            leak, url = f.read().strip().split(" ", 1)
    except FileNotFoundError:
        return None
    return {"url": url, "token_in_environment": leak == "1"}


def journey(test):
    tmp = test.tmpdir("mc-journey-")

    test.step(f"a demo service on loopback (accessibility bus {os.environ['AT_SPI_BUS_ADDRESS']})")
    db = os.path.join(tmp, "demo.db")
    account = t.demo_database(db)
    token = account["token"]
    serve, url = t.serve(test, db)
    before = t.api(url, token, "/v1/account")

    test.step("a stand-in web browser that notes what it was given")
    browser = install_browser(tmp)

    test.step("the app, with --server and the token in its environment")
    log = os.path.join(tmp, "app.log")
    t.start_app(test, ["--server", url], t.app_environment(tmp, MESSAGE_CREDITS_TOKEN=token), log)
    app = t.application(test)
    window = test.wait_until("the main window", lambda: t.find(app, "Message Credits", "frame"))

    test.step("the demo's pending payment is alerted at start-up; put it off with Later")
    t.put_off_pending_alert(test, app)

    test.step("read the balance")
    expected = t.format_inr(before["balance"])
    balance = test.wait_until(f"the balance {expected} on the dashboard",
                              lambda: t.labelled(window, "Balance", expected))
    print(f"# balance shown: {balance.name}", flush=True)
    t.screenshot("dashboard.png")

    test.step("open Add Credits")
    buttons = [b for b in t.find_all(window, "Add Credits", "push button") if t.on_screen(b)]
    if not buttons:
        test.fail("no Add Credits button on screen")
    t.click(buttons[0])
    dialog = test.wait_until("the Add Credits dialog", lambda: t.window_named(app, "Add Credits"))
    amount = t.find(dialog, "Amount", "text")
    add = t.find(dialog, "Add Credits", "push button")
    if amount is None or add is None:
        test.fail("the dialog has no Amount entry or no Add Credits button")
    if add.sensitive:
        test.fail("Add Credits is sensitive before an amount was typed")

    test.step("type 50: refused beside the field, button insensitive")
    amount.text = "50"
    test.wait_until("the minimum message",
                    lambda: t.visible_label(dialog, "The minimum recharge is ₹100.00."))
    if add.sensitive:
        test.fail("Add Credits is sensitive for 50")

    test.step("type 1000: GST ₹180.00, total ₹1,180.00")
    amount.text = "1000"
    test.wait_until("GST ₹180.00", lambda: t.visible_label(dialog, "₹180.00"))
    test.wait_until("total ₹1,180.00", lambda: t.visible_label(dialog, "₹1,180.00"))
    test.wait_until("Add Credits to become sensitive", lambda: add.sensitive)
    if t.visible_label(dialog, "The minimum recharge is ₹100.00."):
        test.fail("the old message is still shown")
    t.screenshot("add-credits.png")

    test.step("press Add Credits: the payment is created and checkout opens in the browser")
    t.click(add)
    test.wait_until("Waiting for payment…", lambda: t.visible_label(dialog, "Waiting for payment…"))
    for name in ("Copy Link", "Open Payment Page Again", "Cancel Payment"):
        if t.find(dialog, name, "push button") is None:
            test.fail(f"no {name} button while waiting")
    t.screenshot("waiting.png")

    pending = t.api(url, token, "/v1/payments?status=pending")["data"]
    ours = [p for p in pending if p["amount"] == "1000.00"]
    if len(ours) != 1:
        test.fail(f"expected one pending payment of 1000.00, found {len(ours)}")
    if ours[0]["tax"] != "180.00" or ours[0]["total"] != "1180.00":
        test.fail(f"unexpected tax or total: {ours[0]}")

    opened = test.wait_until("the browser to be opened", lambda: read_browser(browser))
    if opened["url"] != ours[0]["checkout_url"]:
        test.fail(f"the browser was given {opened['url']}, not {ours[0]['checkout_url']}")
    if opened["token_in_environment"]:
        test.fail("the browser inherited MESSAGE_CREDITS_TOKEN")

    test.step("pay on the checkout page, as the browser would")
    t.pay_on_checkout(test, opened["url"])
    test.wait_until("Payment successful", lambda: t.visible_label(dialog, "Payment successful"))
    t.screenshot("payment-successful.png")
    t.click(t.find(dialog, "Done", "push button"))
    test.wait_until("the dialog to close", lambda: t.window_named(app, "Add Credits") is None)

    test.step("the new balance on the dashboard")
    after = t.api(url, token, "/v1/account")
    if round(float(after["balance"]) - float(before["balance"]), 2) != 1000.00:
        test.fail(f"the balance moved from {before['balance']} to {after['balance']}")
    expected_after = t.format_inr(after["balance"])
    test.wait_until(f"the balance {expected_after}",
                    lambda: t.labelled(window, "Balance", expected_after))
    print(f"# balance shown: {expected_after}", flush=True)
    t.screenshot("dashboard-after.png")

    test.step("the service goes away: offline, the last figures kept")
    port = url.rsplit(":", 1)[1]
    serve.send_signal(signal.SIGTERM)
    serve.wait(timeout=10)
    test.wait_until("the offline bar",
                    lambda: next((n for n in t.find_all(window, role="label")
                                  if n.name.startswith("Offline:") and t.on_screen(n)), None))
    test.wait_until("the dashboard to say how old its figures are",
                    lambda: next((n for n in t.find_all(window, role="label")
                                  if n.name.startswith("Offline: these figures are from")), None))
    if t.labelled(window, "Balance", expected_after) is None:
        test.fail("the balance was not kept while offline")
    t.screenshot("offline.png")

    test.step("the service comes back on the same address: online again by itself")
    t.serve(test, db, listen=f"127.0.0.1:{port}")
    test.wait_until("the figures to be live again",
                    lambda: not any(n.name.startswith("Offline: these figures are from")
                                    for n in t.find_all(window, role="label")),
                    timeout=30)
    t.check_log(test, log)


if __name__ == "__main__":
    t.run(t.Test("journey"), journey)
