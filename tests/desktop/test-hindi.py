#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The app in Hindi: starts it in hi_IN.UTF-8 on the demo account (the
translations from the build folder's po/) and reads, over AT-SPI, what a
Hindi-speaking owner would: the pending-payment alert, the page tabs, the
dashboard's headings and buttons in Hindi; the month written by the
locale (GLib's %B from glibc's hi_IN data); the balance in rupees with
Indian digit grouping; and on every page no label left in English where
po/hi.po has a translation for it. TAP output."""

import datetime
import json
import locale
import os
import re
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mcdesktop  # noqa: E402
from mcdesktop import Failure, click, find, on_screen, wait_until, walk  # noqa: E402

tap = mcdesktop.Tap()
SOURCE = mcdesktop.SOURCE


def load_po(path):
    """msgid -> msgstr of the .po's singular messages, with the msgstr's
    mnemonic marks taken out."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "translations", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "test-translations.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {e["msgid"]: e["msgstr"].get(0, "") for e in module.parse_po(path)
            if not e["plural"] and not e["msgctxt"]}


def strip_mnemonic(text):
    return re.sub(r"\s*\(_(.)\)", r" (\1)", text).replace("_", "")


def format_inr(text):
    """'19702.80' -> '₹19,702.80' (lakh grouping), as mc_money_format writes it."""
    whole, _, frac = text.partition(".")
    head, tail = whole[:-3], whole[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return "₹" + ",".join(groups + [tail]) + "." + (frac or "00").ljust(2, "0")


def labels(root):
    """The texts of the labels drawn under root."""
    found = set()
    stack = [root]
    while stack:
        node = stack.pop()
        try:
            e = mcdesktop.extents(node)
            if e is not None and (e[2] == 0 or e[3] == 0):
                continue
            if node.roleName == "label" and node.name:
                found.add(node.name)
            stack.extend(node.children)
        except Exception:
            continue
    return found


def run(desktop, po):
    t = {k: strip_mnemonic(v) for k, v in po.items()}
    desktop.start_service()
    app = desktop.start_app()
    main = desktop.window("Message Credits")

    # “Pending Payment” and the dashboard's “Pending Payments” are the same
    # words in Hindi: the alert is the window that is not the main one.
    alert = wait_until("the pending-payment alert",
                       lambda: next((w for w in app.children if w.name != "Message Credits"
                                     and find(w, t["Pending Payment"], "label")), None))
    later = wait_until("बाद में", lambda: find(alert, t["Later"], "push button"))
    buttons = {n.name for n, _, _ in walk(alert) if n.roleName == "push button"}
    tap.ok({t["Complete Payment"], t["Cancel Payment"], t["Later"]} <= buttons,
           "the pending-payment alert speaks Hindi", sorted(buttons))
    click(later)
    wait_until("the alert to close", lambda: len(app.children) == 1)

    def balance_label():
        return next((n for n, _, _ in walk(main) if n.roleName == "label"
                     and n.description == t["Balance"] and n.name.startswith("₹")), None)
    balance = wait_until("the balance, described in Hindi", balance_label)

    with urllib.request.urlopen(urllib.request.Request(
            desktop.url + "/v1/account",
            headers={"Authorization": "Bearer " + desktop.token}), timeout=10) as reply:
        expected = format_inr(json.loads(reply.read())["balance"])
    tap.ok(balance.name == expected, "the balance in rupees with Indian grouping",
           f"{balance.name!r}, expected {expected!r}")

    tabs = {n.name for n, _, _ in walk(main) if n.roleName == "page tab" and on_screen(n)}
    wanted = {t[m] for m in ("_Dashboard", "_Payments", "_Reports", "_Broadcasts")}
    tap.ok(wanted <= tabs, "the page tabs are in Hindi", f"{sorted(tabs)}, wanted {sorted(wanted)}")

    shown = labels(main)
    wanted = {t[m] for m in ("This Month", "Pending Payments", "Latest Activity")}
    buttons = {n.name for n, _, _ in walk(main) if n.roleName == "push button" and on_screen(n)}
    tap.ok(wanted <= shown and t["Add Credits"] in buttons,
           "the dashboard's headings and its Add Credits button are in Hindi",
           f"missing {sorted(wanted - shown)}; buttons {sorted(buttons)}")

    # The month comes from the locale through g_date_time_format (%B).
    locale.setlocale(locale.LC_TIME, "hi_IN.UTF-8")
    now = datetime.datetime.now(datetime.timezone.utc)
    months = {(now + datetime.timedelta(hours=h)).strftime("%B %Y") for h in (-12, 0, 14)}
    tap.ok(months & shown, "this month is named the Hindi way (नवंबर 2026, not November 2026)",
           f"looked for {sorted(months)} among {sorted(shown)[:30]}")
    tap.note(f"balance {balance.name}, month {sorted(months & shown)}")

    english = {}
    for title in ("_Payments", "_Reports", "_Broadcasts", "_Dashboard"):
        tab = find(main, t[title], "page tab", visible=True)
        click(tab)
        wait_until(f"the {title} tab", lambda: tab.getState().contains(
            mcdesktop.pyatspi.STATE_SELECTED), timeout=5)
        time.sleep(0.5)
        for text in labels(main):
            if text in po and strip_mnemonic(po[text]) != text:
                english.setdefault(text, title.strip("_"))
    desktop.screenshot(os.path.join(mcdesktop.BUILD, "tests", "desktop", "hindi.png"))
    tap.ok(not english, "no label left in English where hi.po translates it",
           "\n".join(f"“{k}” on {v}" for k, v in sorted(english.items())))


def main():
    po = load_po(os.path.join(SOURCE, "po", "hi.po"))
    env = {"LANG": "hi_IN.UTF-8", "LC_ALL": "hi_IN.UTF-8", "LANGUAGE": ""}
    try:
        with mcdesktop.Desktop(env=env) as desktop:
            try:
                run(desktop, po)
            except Exception:
                tap.note(desktop.app_report())
                raise
    except Failure as e:
        tap.ok(False, "the app in Hindi", str(e))
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
