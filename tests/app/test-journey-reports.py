#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reports, Broadcasts and Support driven over AT-SPI as assistive technology
would, against the demo service: export the last six months of conversations
into a temporary folder through the (fallback GTK) file chooser and check the
file against the service's report; start a broadcast too expensive for the
balance and see the warning with the shortfall; raise a support ticket and
see it listed. Screenshots of each page, light and dark."""

import csv
import datetime
from decimal import Decimal
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

# The AT-SPI client library warns about objects that went away; the test
# environment's G_DEBUG=fatal-warnings would turn that into an abort.
if "G_DEBUG" in os.environ:
    os.environ.pop("G_DEBUG")
    os.execv(sys.executable, [sys.executable] + sys.argv)

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


STARTED = time.monotonic()


def step(text):
    global step_number
    step_number += 1
    print(f"# {step_number}. {text} ({time.monotonic() - STARTED:.1f} s)", flush=True)


def fail(text):
    try:
        screenshot("failure" + SUFFIX)
    except Exception:
        pass
    print(f"not ok 1 reports-broadcasts-support journey\n# {text}", flush=True)
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


def api(url, token, path):
    request = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read())


def screenshot(name):
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


def find(root, name, role):
    """A node on screen named @name; a mnemonic button GTK 4.8 names
    "_Save Save" (testing.md) matches "Save" too."""
    for node in root.findChildren(predicate.GenericPredicate(roleName=role)):
        plain = node.name.replace("_", "")
        if (node.name == name or plain == name or plain == f"{name} {name}") and on_screen(node):
            return node
    return None


def find_text(root, start):
    """A visible label whose text starts with @start."""
    for node in root.findChildren(predicate.GenericPredicate(roleName="label")):
        if node.name.startswith(start) and on_screen(node):
            return node
    return None


def press_keys(keys):
    """What a keyboard user presses in the main window (xdotool; GTK 4.8's
    view-switcher tabs offer no AT-SPI action)."""
    subprocess.run(["xdotool", "search", "--name", "^Message Credits$", "windowfocus", "--sync",
                    "key", "--clearmodifiers", keys], check=True)


def text_of(node):
    """getText(0, -1) returns '' on GTK 4.8 (testing.md)."""
    text = node.queryText()
    return text.getText(0, text.characterCount)


def window_named(app, name):
    return next((w for w in app.children if w.name == name), None)


def click(node):
    node.doActionNamed("click")


def main():
    tmp = tempfile.mkdtemp(prefix="mc-journey2-")
    processes = []
    try:
        run(tmp, processes)
    except SystemExit:
        raise
    except BaseException:
        import traceback
        fail("the journey broke:\n# " + traceback.format_exc().replace("\n", "\n# "))
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

    step("an accessibility bus of our own")
    processes.append(subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"]))
    subprocess.run(["gdbus", "wait", "--session", "--timeout", "10", "org.a11y.Bus"], check=True)
    # Name our bus to the app and to ourselves: an earlier test's launcher on
    # the same display may have left another address on the root window.
    reply = subprocess.run(["gdbus", "call", "--session", "--dest", "org.a11y.Bus",
                            "--object-path", "/org/a11y/bus", "--method", "org.a11y.Bus.GetAddress"],
                           check=True, capture_output=True, text=True).stdout
    os.environ["AT_SPI_BUS_ADDRESS"] = reply.strip().strip("(),").strip("'")

    step("a demo service on loopback")
    db = os.path.join(tmp, "demo.db")
    account = json.loads(subprocess.run([SERVICE, "demo", "--db", db], check=True,
                                        capture_output=True, text=True).stdout)
    # The operator leaves ₹5.00 (account adjust, before the service starts):
    # ten recipients at ₹0.80 then cost more than the balance holds.
    shown = json.loads(subprocess.run([SERVICE, "account", "adjust", "--db", db, "--account",
                                       account["id"], "--amount", "0.01", "--reason", "Journey"],
                                      check=True, capture_output=True, text=True).stdout)
    subprocess.run([SERVICE, "account", "adjust", "--db", db, "--account", account["id"],
                    "--amount", str(-(Decimal(shown["balance"]) - Decimal("5.00"))),
                    "--reason", "Journey"], check=True, capture_output=True)
    serve = subprocess.Popen([SERVICE, "serve", "--db", db, "--listen", "127.0.0.1:0",
                              "--sandbox-gateway", "--support-phone", "+91 80 4000 0000",
                              "--support-email", "support@provider.example"],
                             stdout=subprocess.PIPE, text=True)
    processes.append(serve)
    url = serve.stdout.readline().strip()
    token = account["token"]

    step("the app, with --server and the token in its environment")
    env = dict(os.environ)
    env.pop("G_DEBUG", None)   # screen coordinates warn on GTK 4.8 (testing.md)
    env.update({
        "MESSAGE_CREDITS_TOKEN": token,
        "XDG_DATA_HOME": os.path.join(tmp, "data"),
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
        "GSETTINGS_BACKEND": "memory",
        "GSETTINGS_SCHEMA_DIR": os.path.join(BUILD, "data"),
    })
    # Downloads is an empty temporary folder: the file chooser opens there.
    exports = os.path.join(tmp, "exports")
    os.makedirs(exports)
    os.makedirs(env["XDG_CONFIG_HOME"])
    with open(os.path.join(env["XDG_CONFIG_HOME"], "user-dirs.dirs"), "w") as f:
        f.write(f'XDG_DOWNLOAD_DIR="{exports}"\n')
    if os.environ.get("MC_JOURNEY_DARK"):
        env["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
    processes.append(subprocess.Popen([APP, "--server", url], env=env))
    # The window first (testing.md), then its accessible tree.
    subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Message Credits$"],
                   check=True, capture_output=True, timeout=60)
    app = wait_until("the app on the accessibility bus",
                     lambda: tree.root.application("message-credits"), timeout=45)
    window = wait_until("the main window", lambda: window_named(app, "Message Credits"))

    step("put off the demo's pending-payment alert")
    later = wait_until("Later", lambda: next((find(w, "Later", "push button") for w in app.children
                                              if w.name != "Message Credits"
                                              and find(w, "Later", "push button")), None))
    click(later)
    wait_until("the alert to close", lambda: len(app.children) == 1)

    step("the dashboard warns about the scheduled broadcast the balance cannot cover")
    wait_until("the look-ahead bar", lambda: find_text(window, "The broadcast “Year-end clearance”"))
    screenshot("dashboard" + SUFFIX)

    step("Reports: the last six months")
    wait_until("the Reports tab", lambda: find(window, "Reports", "page tab"))
    press_keys("alt+3")
    click(wait_until("Last 6 Months", lambda: find(window, "Last 6 Months", "push button")))
    wait_until("the chart", lambda: find(window, "Chart of conversations by category", "image"))
    screenshot("reports" + SUFFIX)

    step("Export CSV…: conversations, last six months, into a temporary folder")
    click(find(window, "Export CSV…", "push button"))
    dialog = wait_until("the Export CSV dialog", lambda: window_named(app, "Export CSV"))
    click(wait_until("Last 6 Months", lambda: find(dialog, "Last 6 Months", "push button")))
    conversations = find(dialog, "Conversations", "check box") or find(dialog, "Conversations", "radio button")
    if conversations is not None and not conversations.checked:
        click(conversations)
    screenshot("export" + SUFFIX)
    click(find(dialog, "Export…", "push button"))
    chooser = wait_until("the file chooser", lambda: window_named(app, "Save Export"))
    name = wait_until("the name entry, holding the offered name",
                      lambda: next((n for n in chooser.findChildren(predicate.GenericPredicate(roleName="text"))
                                    if text_of(n).startswith("conversations-")
                                    and text_of(n).endswith(".csv")), None))
    print(f"# offered name: {text_of(name)}", flush=True)
    target = os.path.join(exports, "six-months.csv")
    name.text = target
    print("# typed the path", flush=True)
    save = wait_until("Save", lambda: find(chooser, "Save", "push button"))
    click(save)
    print("# pressed Save", flush=True)
    wait_until("the export to finish", lambda: os.path.exists(target), timeout=30)
    wait_until("the toast", lambda: find_text(window, "Exported "))
    wait_until("the toast's Show in Files button", lambda: find(window, "Show in Files", "push button"))
    leftovers = [n for n in os.listdir(os.path.dirname(target)) if n != "six-months.csv"]
    if leftovers:
        fail(f"files left beside the export: {leftovers}")

    with open(target, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["conversation_id", "started_at", "category", "wa_id", "cost", "currency"]:
        fail(f"unexpected header {rows[0]}")
    frm, to = six_months(api(url, token, "/v1/account")["timezone"])
    report = api(url, token, f"/v1/reports/conversations?from={frm}&to={to}&group=month")
    expected = sum(report["totals"][c]["count"] for c in CATEGORIES)
    if len(rows) - 1 != expected:
        fail(f"{len(rows) - 1} rows exported, the report counts {expected}")
    for c in CATEGORIES:
        n = sum(1 for r in rows[1:] if r[2] == c)
        if n != report["totals"][c]["count"]:
            fail(f"{n} {c} rows, the report counts {report['totals'][c]['count']}")
    print(f"# exported {len(rows) - 1} conversations from {frm} to {to}, as the report counts",
          flush=True)

    step("Broadcasts: a new broadcast too expensive for the balance")
    press_keys("alt+4")
    wait_until("the broadcast list", lambda: find_text(window, "Year-end clearance"))
    screenshot("broadcasts" + SUFFIX)
    click(find(window, "New Broadcast", "push button"))
    dialog = wait_until("the New Broadcast dialog", lambda: window_named(app, "New Broadcast"))
    wait_until("the Name entry", lambda: find(dialog, "Name", "text")).text = "Mega sale"
    count = 10
    numbers = "\n".join(str(919000000000 + i) for i in range(count))
    find(dialog, "Recipients", "text").text = numbers
    warning = wait_until("the insufficient-balance warning, short by ₹3.00",
                         lambda: find_text(dialog, "Insufficient balance"), timeout=20)
    if "needs ₹8.00 but the balance is ₹5.00, short by ₹3.00" not in warning.name:
        fail(f"no shortfall in the warning: {warning.name}")
    if find(dialog, "Add Credits", "push button") is None:
        fail("no Add Credits shortcut beside the warning")
    if find(dialog, "Send Now", "push button").sensitive:
        fail("Send Now is sensitive although the balance does not cover the cost")
    print(f"# {warning.name}", flush=True)
    screenshot("new-broadcast" + SUFFIX)
    click(find(dialog, "Cancel", "push button"))
    wait_until("the dialog to close", lambda: window_named(app, "New Broadcast") is None)

    step("Contact Support: raise a ticket")
    # The menu button and the toggle inside it share the name; the toggle clicks.
    wait_until("the main menu button", lambda: find(window, "Main Menu", "push button"))
    menu = None
    for node in window.findChildren(predicate.GenericPredicate(name="Main Menu")):
        try:
            if on_screen(node):
                click(node)
                menu = node
                break
        except Exception:
            continue
    item = wait_until("Contact Support in the menu",
                      lambda: next((n for n in (menu.parent or window).findChildren(
                                        predicate.GenericPredicate(roleName="menu item"))
                                    if "Contact Support" in n.name), None))
    click(item)
    dialog = wait_until("the Contact Support dialog", lambda: window_named(app, "Contact Support"))
    wait_until("the support phone", lambda: find_text(dialog, "+91 80 4000 0000"))
    wait_until("the Subject entry", lambda: find(dialog, "Subject", "text")).text = "Invoice for October"
    find(dialog, "Message", "text").text = "Please send the GST invoice for October."
    send = find(dialog, "Send Ticket", "push button")
    wait_until("Send Ticket to become sensitive", lambda: send.sensitive)
    click(send)
    wait_until("the ticket in the list", lambda: find_text(dialog, "Invoice for October"))
    tickets = api(url, token, "/v1/tickets")["data"]
    if not any(t["subject"] == "Invoice for October" and t["status"] == "open" for t in tickets):
        fail(f"the service has no such open ticket: {tickets}")
    screenshot("support" + SUFFIX)

    print("ok 1 reports-broadcasts-support journey", flush=True)


CATEGORIES = ("free", "business_initiated", "user_initiated")


def six_months(timezone):
    """Today in the account's zone, and today minus six calendar months, the
    day clamped to the month's end (api.md)."""
    from zoneinfo import ZoneInfo
    import calendar
    today = datetime.datetime.now(ZoneInfo(timezone)).date()
    month = today.month - 6
    year = today.year
    if month <= 0:
        month += 12
        year -= 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day).isoformat(), today.isoformat()


SUFFIX = "-dark.png" if os.environ.get("MC_JOURNEY_DARK") else "-light.png"

if __name__ == "__main__":
    main()
