#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The business owner's journey, driven over AT-SPI as assistive technology
would: start the app with --server against a demo service, put off the
pending-payment alert, read the balance, open Add Credits, type 50 (refused,
button insensitive), type 1000 (GST ₹180.00, total ₹1,180.00), press Add
Credits, pay on the checkout page as the browser would, and see the new
balance on the dashboard. Takes screenshots of the dashboard and the dialog.

Runs inside its own D-Bus session (meson wraps it in dbus-run-session) with
its own accessibility bus, under the Xvfb display of the test run."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

# pyatspi's own warnings are not the app's: never fatal here, and asking
# GTK 4.8 for screen coordinates warns (testing.md). Before GLib loads.
os.environ.pop("G_DEBUG", None)


def start_accessibility_bus():
    """Our own accessibility bus, named explicitly to the app and to pyatspi:
    other tests on the same display publish theirs on the X root window."""
    launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])
    subprocess.run(["gdbus", "wait", "--session", "--timeout", "10", "org.a11y.Bus"], check=True)
    reply = subprocess.run(["gdbus", "call", "--session", "--dest", "org.a11y.Bus",
                            "--object-path", "/org/a11y/bus", "--method", "org.a11y.Bus.GetAddress"],
                           check=True, capture_output=True, text=True).stdout
    # "('unix:path=/tmp/…,guid=…',)"
    os.environ["AT_SPI_BUS_ADDRESS"] = reply.strip()[2:-3]
    return launcher


ACCESSIBILITY_BUS = start_accessibility_bus()

import dogtail.config  # noqa: E402

dogtail.config.config.checkForA11y = False
dogtail.config.config.actionDelay = 0.05
dogtail.config.config.defaultDelay = 0.05
dogtail.config.config.searchBackoffDuration = 0.1
dogtail.config.config.searchCutoffCount = 100
dogtail.config.config.logDebugToStdOut = False
dogtail.config.config.logDebugToFile = False

from dogtail import tree  # noqa: E402  (after the config, or it exits at once)
from dogtail import predicate  # noqa: E402

BUILD = os.environ["MC_BUILD_DIR"]
SERVICE = os.path.join(BUILD, "src", "service", "message-credits-service")
APP = os.path.join(BUILD, "src", "app", "message-credits")
SHOTS = os.path.join(BUILD, "tests", "app", "screenshots")

step_number = 0


def step(text):
    global step_number
    step_number += 1
    print(f"# {step_number}. {text}", flush=True)


def fail(text):
    print(f"not ok 1 journey\n# {text}", flush=True)
    raise SystemExit(1)


def wait_until(what, check, timeout=15.0, interval=0.1):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as e:  # a node that went away while we looked
            last_error = e
        time.sleep(interval)
    fail(f"timed out waiting for {what}" + (f" ({last_error})" if last_error else ""))


def format_inr(text):
    """'1250.00' -> '₹1,250.00', Indian grouping, as mc_money_format writes it."""
    whole, _, frac = text.partition(".")
    negative = whole.startswith("-")
    whole = whole.lstrip("-")
    if len(whole) > 3:
        head, tail = whole[:-3], whole[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        if head:
            groups.insert(0, head)
        whole = ",".join(groups + [tail])
    return ("−" if negative else "") + "₹" + whole + "." + (frac or "00").ljust(2, "0")


def api(url, token, path, method="GET", body=None):
    request = urllib.request.Request(url + path, method=method,
                                     headers={"Authorization": "Bearer " + token})
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def pay_on_checkout(checkout_url):
    """What the sandbox checkout page's Pay button does in a browser."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(checkout_url + "/pay", method="POST", data=b"")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        opener.open(request, timeout=10)
        fail("the checkout page did not answer 303")
    except urllib.error.HTTPError as e:
        if e.code != 303:
            fail(f"the checkout page answered {e.code}")


def screenshot(name):
    time.sleep(0.4)  # let transitions (crossfades, toasts) finish
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, name)
    subprocess.run(["/usr/bin/import", "-window", "root", path], check=True)
    print(f"# screenshot: {path}", flush=True)


def on_screen(node):
    """GTK 4.8 never reports 'showing': a drawn widget has non-zero extents
    in window coordinates (testing.md)."""
    import pyatspi
    extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return extents.width > 0 and extents.height > 0


def find_label(root, text):
    return root.findChild(predicate.GenericPredicate(name=text, roleName="label"),
                          retry=False, requireResult=False)


def visible_label(root, text):
    for node in root.findChildren(predicate.GenericPredicate(name=text, roleName="label")):
        if on_screen(node):
            return node
    return None


def install_browser(tmp):
    """The default handler for http(s) URLs in the app's XDG folders: it only
    notes the URL and whether the token leaked into its environment."""
    record = os.path.join(tmp, "browser")
    script = os.path.join(tmp, "browser.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\n"
                f"if [ -n \"${{MESSAGE_CREDITS_TOKEN+x}}\" ]; then leak=1; else leak=0; fi\n"
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


def click(node):
    node.doActionNamed("click")


def main():
    tmp = tempfile.mkdtemp(prefix="mc-journey-")
    processes = []
    try:
        run(tmp, processes)
    finally:
        for p in reversed(processes):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp, processes):
    print("1..1", flush=True)

    step(f"an accessibility bus of our own: {os.environ['AT_SPI_BUS_ADDRESS']}")
    processes.append(ACCESSIBILITY_BUS)

    step("a demo service on loopback")
    db = os.path.join(tmp, "demo.db")
    account = json.loads(subprocess.run([SERVICE, "demo", "--db", db], check=True,
                                        capture_output=True, text=True).stdout)
    serve = subprocess.Popen([SERVICE, "serve", "--db", db, "--listen", "127.0.0.1:0",
                              "--sandbox-gateway"], stdout=subprocess.PIPE, text=True)
    processes.append(serve)
    url = serve.stdout.readline().strip()
    token = account["token"]
    before = api(url, token, "/v1/account")

    step("a stand-in web browser that notes what it was given")
    browser = install_browser(tmp)

    step("the app, with --server and the token in its environment")
    env = dict(os.environ)
    env.update({
        "MESSAGE_CREDITS_TOKEN": token,
        "XDG_DATA_HOME": os.path.join(tmp, "data"),
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
        "GSETTINGS_BACKEND": "memory",
        "GSETTINGS_SCHEMA_DIR": os.path.join(BUILD, "data"),
    })
    app_process = subprocess.Popen([APP, "--server", url], env=env)
    processes.append(app_process)

    app = wait_until("the app on the accessibility bus",
                     lambda: tree.root.application("message-credits"), timeout=20)
    window = wait_until("the main window",
                        lambda: app.findChild(predicate.GenericPredicate(name="Message Credits",
                                                                         roleName="frame"),
                                              retry=False, requireResult=False))

    step("the demo's pending payment is alerted at start-up; put it off with Later")
    alert = wait_until("the Pending Payment alert",
                       lambda: next((w for w in app.children
                                     if find_label(w, "Pending Payment") is not None), None))
    later = alert.findChild(predicate.GenericPredicate(name="Later", roleName="push button"))
    for name in ("Complete Payment", "Cancel Payment", "Recharge Different Amount"):
        alert.findChild(predicate.GenericPredicate(name=name, roleName="push button"))
    click(later)
    wait_until("the alert to close", lambda: find_label(app, "Pending Payment") is None)

    step("read the balance")
    expected = format_inr(before["balance"])
    balance = wait_until("the balance on the dashboard",
                         lambda: next((n for n in window.findChildren(
                             predicate.GenericPredicate(roleName="label"))
                             if n.description == "Balance" and n.name == expected), None))
    print(f"# balance shown: {balance.name}", flush=True)
    screenshot("dashboard.png")

    step("open Add Credits")
    buttons = [b for b in window.findChildren(predicate.GenericPredicate(name="Add Credits",
                                                                         roleName="push button"))
               if on_screen(b)]
    if not buttons:
        fail("no Add Credits button on screen")
    click(buttons[0])
    dialog = wait_until("the Add Credits dialog",
                        lambda: next((w for w in app.children
                                      if w.name == "Add Credits"), None))
    amount = dialog.findChild(predicate.GenericPredicate(name="Amount", roleName="text"))
    add = dialog.findChild(predicate.GenericPredicate(name="Add Credits", roleName="push button"))
    if add.sensitive:
        fail("Add Credits is sensitive before an amount was typed")

    step("type 50: refused beside the field, button insensitive")
    amount.text = "50"
    wait_until("the minimum message",
               lambda: visible_label(dialog, "The minimum recharge is ₹100.00."))
    if add.sensitive:
        fail("Add Credits is sensitive for 50")

    step("type 1000: GST ₹180.00, total ₹1,180.00")
    amount.text = "1000"
    wait_until("GST ₹180.00", lambda: visible_label(dialog, "₹180.00"))
    wait_until("total ₹1,180.00", lambda: visible_label(dialog, "₹1,180.00"))
    wait_until("Add Credits to become sensitive", lambda: add.sensitive)
    if visible_label(dialog, "The minimum recharge is ₹100.00."):
        fail("the old message is still shown")
    screenshot("add-credits.png")

    step("press Add Credits: the payment is created and checkout opens in the browser")
    click(add)
    wait_until("Waiting for payment…", lambda: visible_label(dialog, "Waiting for payment…"))
    dialog.findChild(predicate.GenericPredicate(name="Copy Link", roleName="push button"))
    dialog.findChild(predicate.GenericPredicate(name="Cancel Payment", roleName="push button"))
    screenshot("waiting.png")

    pending = api(url, token, "/v1/payments?status=pending")["data"]
    ours = [p for p in pending if p["amount"] == "1000.00"]
    if len(ours) != 1:
        fail(f"expected one pending payment of 1000.00, found {len(ours)}")
    if ours[0]["tax"] != "180.00" or ours[0]["total"] != "1180.00":
        fail(f"unexpected tax or total: {ours[0]}")

    opened = wait_until("the browser to be opened", lambda: read_browser(browser))
    if opened["url"] != ours[0]["checkout_url"]:
        fail(f"the browser was given {opened['url']}, not {ours[0]['checkout_url']}")
    if opened["token_in_environment"]:
        fail("the browser inherited MESSAGE_CREDITS_TOKEN")

    step("pay on the checkout page, as the browser would")
    pay_on_checkout(opened["url"])
    wait_until("Payment successful", lambda: visible_label(dialog, "Payment successful"))
    screenshot("payment-successful.png")
    click(dialog.findChild(predicate.GenericPredicate(name="Done", roleName="push button")))
    wait_until("the dialog to close", lambda: all(w.name != "Add Credits" for w in app.children))

    step("the new balance on the dashboard")
    after = api(url, token, "/v1/account")
    expected_after = format_inr(after["balance"])
    if round(float(after["balance"]) - float(before["balance"]), 2) != 1000.00:
        fail(f"the balance moved from {before['balance']} to {after['balance']}")
    wait_until(f"the balance {expected_after}",
               lambda: next((n for n in window.findChildren(
                   predicate.GenericPredicate(roleName="label"))
                   if n.description == "Balance" and n.name == expected_after), None))
    print(f"# balance shown: {expected_after}", flush=True)
    screenshot("dashboard-after.png")

    print("ok 1 journey", flush=True)


if __name__ == "__main__":
    main()
