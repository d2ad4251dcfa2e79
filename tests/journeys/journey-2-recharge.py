#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Journey 2, Recharge: the business owner, whose balance is low, opens Add
Credits; a wrong amount is refused with its reason beside the field (below
the minimum, above the maximum, letters, too many decimals) and the button
stays insensitive; 1000 shows GST ₹180.00 and a total of ₹1,180.00; Add
Credits opens the checkout in the browser (a stand-in that only notes the
URL), which pays it as the sandbox page's Pay button does; the dialog says
Payment successful, the dashboard's balance rises by exactly ₹1,000.00
(checked against the service's account and ledger), the account is active
again, and the desktop shows one Payment successful notification naming the
amount."""

import decimal
import os

import journey as t

START = "80.00"
ACTIVE = "Active: replies and broadcasts go out as usual"
WRONG_AMOUNTS = [
    ("50", "The minimum recharge is ₹100.00."),
    ("100000.01", "The maximum recharge in one transaction is ₹1,00,000.00."),
    ("10a0", "Enter an amount in numbers, like 1000 or 1,000.50."),
    ("100.505", "Enter an amount with at most 2 decimal places."),
]


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


def amount_of(text):
    """'₹1,250.00' (or '−₹5.00') as the exact Decimal it says."""
    plain = text.replace("₹", "").replace(",", "").replace("−", "-")
    return decimal.Decimal(plain)


def shown_balance(test, window):
    label = test.wait_until("the balance on the dashboard",
                            lambda: t.labelled(window, "Balance"))
    return label.name


def journey(test):
    tmp = test.tmpdir("mc-journey-2-")

    test.step(f"an account holding ₹{START} (below its alert threshold), served on loopback")
    _, account, _, url = t.served_account(test, tmp, START)
    token = account["token"]
    before = t.api(url, token, "/v1/account")
    if decimal.Decimal(before["balance"]) != decimal.Decimal(START) or before["state"] != "low":
        test.fail(f"the account is not what the journey needs: {before}")

    test.step("a stand-in web browser that notes what it was given")
    browser = install_browser(tmp)

    test.step("the app, with --server and the token in its environment, shows the balance")
    log = os.path.join(tmp, "app.log")
    t.start_app(test, ["--server", url], t.app_environment(tmp, MESSAGE_CREDITS_TOKEN=token), log)
    app = t.application(test)
    window = t.main_window(test)
    expected = t.format_inr(before["balance"])
    test.wait_until(f"the balance {expected} on the dashboard",
                    lambda: t.labelled(window, "Balance", expected), timeout=30)
    shown_before = amount_of(expected)
    state_before = test.wait_until("the account state", lambda: t.labelled(window, "Account state"))
    if state_before.name == ACTIVE:
        test.fail(f"the dashboard says “{ACTIVE}” of a balance below the threshold")

    test.step("open Add Credits")
    button = test.wait_until("an Add Credits button on screen",
                             lambda: t.find_shown(window, "Add Credits", "push button"))
    t.click(button)
    dialog = test.wait_until("the Add Credits dialog", lambda: t.window_named(app, "Add Credits"))
    amount = test.wait_until("the Amount field", lambda: t.find(dialog, "Amount", "text"))
    add = test.wait_until("the dialog's Add Credits button",
                          lambda: t.find(dialog, "Add Credits", "push button"))
    if add.sensitive:
        test.fail("Add Credits is sensitive before an amount was typed")

    for text, reason in WRONG_AMOUNTS:
        test.step(f"type {text}: refused beside the field ({reason}), button insensitive")
        amount.text = text
        test.wait_until(f"the reason “{reason}”", lambda: t.visible_label(dialog, reason))
        test.wait_until("the field to carry the reason",
                        lambda: amount.description == reason)
        if add.sensitive:
            test.fail(f"Add Credits is sensitive for {text}")
        test.wait_until("the amount, GST and total to read “—”",
                        lambda: len([n for n in t.find_all(dialog, "—", "label")
                                     if t.on_screen(n)]) >= 3)
    t.screenshot("journey-2-refused.png")

    test.step("type 1000: GST ₹180.00, total ₹1,180.00, no reason left")
    amount.text = "1000"
    test.wait_until("the amount ₹1,000.00", lambda: t.visible_label(dialog, "₹1,000.00"))
    test.wait_until("GST ₹180.00", lambda: t.visible_label(dialog, "₹180.00"))
    test.wait_until("total ₹1,180.00", lambda: t.visible_label(dialog, "₹1,180.00"))
    test.wait_until("Add Credits to become sensitive", lambda: add.sensitive)
    for _, reason in WRONG_AMOUNTS:
        if t.visible_label(dialog, reason):
            test.fail(f"“{reason}” is still shown for 1000")
    t.screenshot("journey-2-add-credits.png")

    test.step("press Add Credits: the payment is created and the checkout opens in the browser")
    t.click(add)
    test.wait_until("Waiting for payment…", lambda: t.visible_label(dialog, "Waiting for payment…"))
    for name in ("Copy Link", "Open Payment Page Again", "Cancel Payment"):
        if t.find(dialog, name, "push button") is None:
            test.fail(f"no {name} button while waiting")
    t.screenshot("journey-2-waiting.png")

    pending = t.api(url, token, "/v1/payments?status=pending")["data"]
    if len(pending) != 1 or decimal.Decimal(pending[0]["amount"]) != decimal.Decimal("1000"):
        test.fail(f"expected one pending payment, of 1000.00: {pending}")
    payment = pending[0]
    if decimal.Decimal(payment["tax"]) != decimal.Decimal("180.00") or \
            decimal.Decimal(payment["total"]) != decimal.Decimal("1180.00"):
        test.fail(f"unexpected tax or total: {payment}")

    opened = test.wait_until("the browser to be opened", lambda: read_browser(browser))
    if opened["url"] != payment["checkout_url"]:
        test.fail(f"the browser was given {opened['url']}, not {payment['checkout_url']}")
    if opened["token_in_environment"]:
        test.fail("the browser inherited MESSAGE_CREDITS_TOKEN")

    test.step("pay on the checkout page, as the browser would: the dialog says Payment successful")
    t.pay_on_checkout(test, opened["url"])
    test.wait_until("Payment successful in the dialog",
                    lambda: t.visible_label(dialog, "Payment successful"))
    credited = "₹1,000.00 in credits was added to your balance."
    test.wait_until(f"“{credited}”", lambda: t.visible_label(dialog, credited))
    t.screenshot("journey-2-payment-successful.png")

    test.step("a Payment successful notification on the desktop")
    test.wait_until("the Payment successful notification",
                    lambda: any(n["summary"] == "Payment successful" for n in t.notifications()),
                    timeout=30)

    test.step("Done: the dialog closes")
    t.click(test.wait_until("Done", lambda: t.find_shown(dialog, "Done", "push button")))
    test.wait_until("the dialog to close", lambda: t.window_named(app, "Add Credits") is None)

    test.step("the balance rose by exactly ₹1,000.00, as the service and its ledger say")
    after = t.api(url, token, "/v1/account")
    rise = decimal.Decimal(after["balance"]) - decimal.Decimal(before["balance"])
    if rise != decimal.Decimal("1000.00"):
        test.fail(f"the service's balance moved from {before['balance']} to {after['balance']}")
    expected_after = t.format_inr(after["balance"])
    test.wait_until(f"the balance {expected_after} on the dashboard",
                    lambda: t.labelled(window, "Balance", expected_after), timeout=30)
    shown_after = amount_of(shown_balance(test, window))
    if shown_after - shown_before != decimal.Decimal("1000.00"):
        test.fail(f"the dashboard went from {shown_before} to {shown_after}")

    lines = [line for line in t.api(url, token, "/v1/transactions")["data"]
             if line["ref"] == payment["id"]]
    if len(lines) != 1:
        test.fail(f"expected one ledger line for {payment['id']}, found {lines}")
    if lines[0]["kind"] != "recharge" or \
            decimal.Decimal(lines[0]["amount"]) != decimal.Decimal("1000.00") or \
            decimal.Decimal(lines[0]["balance_after"]) != shown_after:
        test.fail(f"the ledger line does not match the dashboard's {shown_after}: {lines[0]}")
    paid = t.api(url, token, f"/v1/payments/{payment['id']}")
    if paid["status"] != "completed":
        test.fail(f"the payment is {paid['status']} on the service")
    test.wait_until("the recharge, +₹1,000.00, in Latest Activity",
                    lambda: t.visible_label(window, "+₹1,000.00"))
    test.wait_until(f"the account state to read “{ACTIVE}”",
                    lambda: t.labelled(window, "Account state", ACTIVE))
    t.screenshot("journey-2-dashboard-after.png")

    test.step("the desktop was told once, Payment successful, naming the amount")
    # Starting a payment notifies nothing, and leaving the low balance is no
    # alert: the payment's completion is the only news.
    shown = t.notifications()
    if len(shown) != 1 or shown[0]["summary"] != "Payment successful":
        test.fail(f"expected one Payment successful notification, got {shown}")
    if t.format_inr("1000.00") not in shown[0]["body"] or \
            expected_after not in shown[0]["body"]:
        test.fail(f"the notification does not name ₹1,000.00 and the new balance "
                  f"{expected_after}: {shown[0]['body']!r}")
    if shown[0]["app_name"] != "Message Credits":
        test.fail(f"the notification comes from {shown[0]['app_name']!r}")
    print(f"# notified: {shown[0]['summary']}: {shown[0]['body']}", flush=True)

    t.check_log(test, log)


if __name__ == "__main__":
    t.run(t.Test("journey-2-recharge", notifications=True), journey)
