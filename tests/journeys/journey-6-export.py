#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Journey 6, Export: against a demo service (six months of conversations),
the business owner goes to Reports with the keyboard (Alt+3, the view
switcher's shortcut), presses Export CSV…, chooses Last 6 Months and
Conversations (Alt+D then Alt+O: GTK 4.8's check buttons have no AT-SPI
action), presses Export…, types a path in another folder into the (fallback
GTK) file chooser's name entry and saves. While the dialog shows the export's
progress (heard as accessibility events, as a screen reader hears it: row
counts only ever rising), the journey waits for the dialog to close and the
toast to say how many rows went to which file; the toast's Show in Files asks
the file manager (python-dbusmock as org.freedesktop.FileManager1) to show
that very file. The file is checked against the service's reports for the
range the app offered: the header api.md gives the export (CRLF), one row per
conversation (ids unique, oldest first, each at its category's rate), the
count and the cost (decimal.Decimal) of each category on each day and in
each month equal GET /v1/reports/conversations?group=day and ?group=month,
and the rows (and the toast) add up to the report's total; nothing else is
left in the folders."""

import calendar
import csv
import datetime
from decimal import Decimal
import os
import re
import subprocess
import time
from zoneinfo import ZoneInfo

import journey as t

from gi.repository import GLib  # noqa: E402  (after journey: its buses first)

CATEGORIES = ("free", "business_initiated", "user_initiated")
HEADER = ["conversation_id", "started_at", "category", "wa_id", "cost", "currency"]
# The dialog's progress line, "12,000 rows, 1.2 MB" (grouped or not by locale)
PROGRESS = re.compile(r"^([\d,]+) rows?, ")
EVENTS = ("object:children-changed", "object:property-change:accessible-name")
TOAST = re.compile(r"^Exported ([\d,]+) rows? to (.+)$")
OFFERED = re.compile(r"^conversations-(\d{4}-\d{2}-\d{2})-to-(\d{4}-\d{2}-\d{2})\.csv$")


def six_months(timezone):
    """Today in the account's zone, and today minus six calendar months, the
    day clamped to the month's end (api.md)."""
    today = datetime.datetime.now(ZoneInfo(timezone)).date()
    month, year = today.month - 6, today.year
    if month <= 0:
        month, year = month + 12, year - 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day).isoformat(), today.isoformat()


def common_ancestor(a, b):
    """The innermost node holding both a and b."""
    chain = []
    while a is not None:
        chain.append(a)
        a = a.parent
    while b is not None:
        if b in chain:
            return b
        b = b.parent
    return None


def last_node(root, matches):
    """The last node under root, in tree order, that matches and is on
    screen."""
    for child in reversed(root.children):
        found = last_node(child, matches)
        if found is not None:
            return found
    return root if matches(root) and t.on_screen(root) else None


def start_file_manager(test):
    """python-dbusmock as org.freedesktop.FileManager1, noting ShowItems
    calls (what Nautilus answers on a desktop)."""
    import dbus
    test.spawn(["/usr/bin/python3", "-m", "dbusmock", "org.freedesktop.FileManager1",
                "/org/freedesktop/FileManager1", "org.freedesktop.FileManager1"],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["gdbus", "wait", "--session", "--timeout", "20",
                    "org.freedesktop.FileManager1"], check=True)
    mock = dbus.Interface(dbus.SessionBus().get_object("org.freedesktop.FileManager1",
                                                       "/org/freedesktop/FileManager1"),
                          "org.freedesktop.DBus.Mock")
    mock.AddMethod("", "ShowItems", "ass", "", "")
    return mock


def export_journey(test):
    tmp = test.tmpdir("mc-journey6-")

    test.step(f"a demo service on loopback (accessibility bus {os.environ['AT_SPI_BUS_ADDRESS']})")
    db = os.path.join(tmp, "demo.db")
    account = t.demo_database(db)
    token = account["token"]
    _, url = t.serve(test, db)
    timezone = t.api(url, token, "/v1/account")["timezone"]
    file_manager = start_file_manager(test)

    test.step("the app, with --server and the token in its environment")
    env = t.app_environment(tmp, MESSAGE_CREDITS_TOKEN=token)
    # Downloads, where the file chooser opens, and the folder the file goes
    # to are two empty temporary folders.
    downloads = os.path.join(tmp, "downloads")
    exports = os.path.join(tmp, "exports")
    os.makedirs(downloads)
    os.makedirs(exports)
    os.makedirs(env["XDG_CONFIG_HOME"])
    with open(os.path.join(env["XDG_CONFIG_HOME"], "user-dirs.dirs"), "w") as f:
        f.write(f'XDG_DOWNLOAD_DIR="{downloads}"\n')
    log = os.path.join(tmp, "app.log")
    t.start_app(test, ["--server", url], env, log)
    app = t.application(test)
    window = test.wait_until("the main window", lambda: t.window_named(app, "Message Credits"))
    t.put_off_pending_alert(test, app)

    test.step("Reports, with the view switcher's shortcut Alt+3")
    test.wait_until("the Reports tab", lambda: t.find_shown(window, "Reports", "page tab"))
    t.press_keys("alt+3")
    export = test.wait_until("the Reports page's Export CSV… button on screen",
                             lambda: t.find_shown(window, "Export CSV…", "push button"))

    test.step("Export CSV…: Last 6 Months, Conversations")
    before = six_months(timezone)
    t.click(export)
    dialog = test.wait_until("the Export CSV dialog", lambda: t.window_named(app, "Export CSV"))
    t.click(test.wait_until("Last 6 Months",
                            lambda: t.find_shown(dialog, "Last 6 Months", "push button")))
    # GTK 4.8 gives check buttons no AT-SPI action: a person chooses with
    # the rows' mnemonics, Daily Totals first and back to Conversations, so
    # the choice is seen to take.
    conversations = test.wait_until("the Conversations choice",
                                    lambda: t.find_shown(dialog, "Conversations", "check box"))
    daily = t.find_shown(dialog, "Daily Totals", "check box")
    t.press_keys("alt+d", window="^Export CSV$")
    test.wait_until("Daily Totals chosen", lambda: daily.checked and not conversations.checked)
    t.press_keys("alt+o", window="^Export CSV$")
    test.wait_until("Conversations chosen", lambda: conversations.checked and not daily.checked)
    if t.find_shown(dialog, "Export progress", "progress bar") is not None:
        test.fail("the progress bar shows before anything is exported")
    t.screenshot("journey-6-export-dialog.png")

    test.step("Export…: the file chooser, a file name typed, Save")
    t.click(t.find_shown(dialog, "Export…", "push button"))
    chooser = test.wait_until("the file chooser", lambda: t.window_named(app, "Save Export"))
    name = test.wait_until("the name entry, holding the offered name",
                           lambda: next((n for n in t.find_all(chooser, role="text")
                                         if OFFERED.match(t.text_of(n))), None))
    offered = t.text_of(name)
    after = six_months(timezone)
    frm, to = OFFERED.match(offered).groups()
    if (frm, to) not in (before, after):
        test.fail(f"the chooser offers {offered}, not the last six months {after}")
    print(f"# offered name: {offered}", flush=True)
    target = os.path.join(exports, "six-months.csv")
    name.text = target
    test.wait_until("the typed name in the entry", lambda: t.text_of(name) == target)
    # What the dialog says while exporting ("12000 rows, 1.2 MB") reaches us
    # as accessibility events, as it reaches a screen reader: walking the
    # widgets to read it would mostly miss it. Even so it may pass unheard
    # (GTK 4.8 sends events only for widgets someone has asked about, and the
    # app, busy closing the file chooser and then exporting 150,000 rows in
    # under a second, answers late): so the journey checks the progress it
    # hears, and waits for the dialog to close and for the toast.
    said = []
    heard = lambda event: said.append((event.source_role, str(event.any_data)))  # noqa: E731
    t.pyatspi.Registry.registerEventListener(heard, *EVENTS)
    box = common_ancestor(conversations, t.find_shown(dialog, "Last 6 Months", "push button"))
    t.click(test.wait_until("Save", lambda: t.find_shown(chooser, "Save", "push button")))
    saved = time.monotonic()

    test.step("the export's progress in the dialog, until it closes")
    context = GLib.MainContext.default()

    def finished():
        while context.pending():
            context.iteration(False)
        if t.window_named(app, "Export CSV") is None:
            return True
        for child in box.children:
            text = child.name
            if child.roleName == "label" and text.startswith(("The export failed",
                                                              "Export cancelled")):
                test.fail(f"the dialog says: {text}")
            # GTK 4.8 tells only of widgets someone has asked about: ask
            # about the progress bar and its line as soon as they show.
            for grandchild in child.children:
                grandchild.name
        return False

    test.wait_until("the export to finish and its dialog to close", finished, timeout=120)
    closed = time.monotonic() - saved
    while context.pending():
        context.iteration(False)
    t.pyatspi.Registry.deregisterEventListener(heard, *EVENTS)
    # "12000 rows, 1.2 MB", as often as the line under the bar changed
    progress = [int(m.group(1).replace(",", "")) for role, text in said
                if role == t.pyatspi.ROLE_LABEL for m in [PROGRESS.match(text)] if m]
    print(f"# the dialog closed {closed:.2f} s after Save; its progress was heard "
          f"{len(progress)} times, {progress[:1]}…{progress[-1:]} rows", flush=True)
    if progress != sorted(progress):
        test.fail(f"the export's row count went backwards: {progress}")

    test.step("the toast names the file and its rows; Show in Files shows it")
    # The toast goes after ten seconds; an overlay's last child, it is found
    # sooner walking the window from its end.
    toast = test.wait_until("the toast", lambda: last_node(
        window, lambda n: n.roleName == "label" and n.name.startswith("Exported ")))
    found = time.monotonic() - saved
    match = TOAST.match(toast.name)
    if match is None or match.group(2) != "six-months.csv":
        test.fail(f"the toast does not name the file: {toast.name}")
    toast_rows = int(match.group(1).replace(",", ""))
    print(f"# {toast.name} (found {found:.1f} s after Save)", flush=True)
    if not os.path.exists(target):
        test.fail(f"no {target}; in the folder: {os.listdir(exports)}")
    show = test.wait_until("the toast's Show in Files button", lambda: last_node(
        window, lambda n: n.roleName == "push button"
        and n.name.replace("_", "") in ("Show in Files", "Show in Files Show in Files")))
    print(f"# its Show in Files button found {time.monotonic() - saved:.1f} s after Save",
          flush=True)
    t.screenshot("journey-6-export-toast.png")
    t.click(show)
    calls = test.wait_until("the file manager asked to show the file",
                            lambda: file_manager.GetMethodCalls("ShowItems"))
    uris = [str(u) for u in calls[0][1][0]]
    if uris != ["file://" + target]:
        test.fail(f"the file manager was asked to show {uris}, not {target}")
    leftovers = sorted(set(os.listdir(exports)) - {"six-months.csv"}) + os.listdir(downloads)
    if leftovers:
        test.fail(f"files left beside the export or in Downloads: {leftovers}")

    test.step("the file against the service's reports for the same range")
    with open(target, "rb") as f:
        raw = f.read()
    if not raw.startswith(b",".join(h.encode() for h in HEADER) + b"\r\n"):
        test.fail(f"the file does not start with the header line api.md gives: {raw[:80]!r}")
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    if rows[0] != HEADER:
        test.fail(f"unexpected header {rows[0]}")
    data = rows[1:]
    account = t.api(url, token, "/v1/account")
    rates = {c: Decimal(account["rates"][c]) for c in CATEGORIES}
    zone = ZoneInfo(timezone)
    by_day, by_month = {}, {}
    ids, last = set(), None
    for row in data:
        if len(row) != len(HEADER):
            test.fail(f"a row of {len(row)} cells: {row}")
        conversation, started, category, wa_id, cost, currency = row
        if conversation in ids:
            test.fail(f"{conversation} is exported twice")
        ids.add(conversation)
        at = datetime.datetime.fromisoformat(started.replace("Z", "+00:00"))
        if last is not None and at < last:
            test.fail(f"{conversation} at {started} comes after a later one")
        last = at
        if category not in CATEGORIES or Decimal(cost) != rates[category] \
                or currency != account["currency"] or not wa_id.isdigit():
            test.fail(f"an unexpected row: {row}")
        day = at.astimezone(zone).date()
        if not frm <= day.isoformat() <= to:
            test.fail(f"{conversation} started on {day}, outside {frm}..{to}")
        for totals, period in ((by_day, day.isoformat()),
                               (by_month, day.replace(day=1).isoformat())):
            count, amount = totals.get((period, category), (0, Decimal(0)))
            totals[(period, category)] = (count + 1, amount + Decimal(cost))

    for group, totals in (("day", by_day), ("month", by_month)):
        report = t.api(url, token, f"/v1/reports/conversations?from={frm}&to={to}&group={group}")
        periods = {r["period"] for r in report["rows"]}
        stray = {p for p, _ in totals} - periods
        if stray:
            test.fail(f"rows in periods the {group} report does not have: {sorted(stray)[:5]}")
        for r in report["rows"]:
            for c in CATEGORIES:
                count, amount = totals.get((r["period"], c), (0, Decimal(0)))
                if (count, amount) != (r[c]["count"], Decimal(r[c]["cost"])):
                    test.fail(f"{group} {r['period']} {c}: the file has {count} costing {amount}, "
                              f"the report {r[c]['count']} costing {r[c]['cost']}")
        print(f"# {len(report['rows'])} {group}s × {len(CATEGORIES)} categories agree", flush=True)

    expected = sum(report["totals"][c]["count"] for c in CATEGORIES)
    if len(data) != expected or toast_rows != expected:
        test.fail(f"{len(data)} rows in the file, {toast_rows} in the toast, "
                  f"the report counts {expected}")
    if progress and progress[-1] > expected:
        test.fail(f"the progress counted {progress[-1]} rows of {expected}")
    print(f"# exported {len(data)} conversations from {frm} to {to}, costing "
          f"{sum(Decimal(report['totals'][c]['cost']) for c in CATEGORIES)} {account['currency']}, "
          "as the reports say", flush=True)

    t.check_log(test, log)
    print(f"# notifications: {[n['summary'] for n in t.notifications()]}", flush=True)


if __name__ == "__main__":
    t.run(t.Test("journey-6-export", notifications=True), export_journey)
