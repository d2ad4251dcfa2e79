#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Journey 1, a newcomer: the app runs with no configuration at all (fresh
XDG folders, no --server, no token). The welcome page offers Try the Demo and
nothing runs behind it yet; pressing it starts the embedded service as the
app's child and opens the demo: the balance shows, as the service has it;
this month's usage shows, row by row as the service reports it; and the
demo's pending payment is alerted, with its four choices and its figures.
The newcomer quits without answering: the next start goes straight to the
same demo account (the choice was remembered) and alerts the payment again.
The demo's past notices wait, counted, on the bell: none pops up on the
desktop of someone who has just arrived.

The service is only read here (GET, with the demo token the app keeps in its
0600 file), as a cross-check of what the person sees. Screenshots of the
welcome page and the dashboard.

On a desktop of its own (journey.py): session bus with the notification
daemon, display and accessibility bus."""

import configparser
import datetime
import decimal
import os
import re
import urllib.parse
import zoneinfo

import journey as t

CATEGORIES = (("Free", "free"),
              ("Business-initiated", "business_initiated"),
              ("User-initiated", "user_initiated"))


def serve_pid(app_pid):
    child = t.serve_child(app_pid)
    return child[0] if child else None


def read_token(path):
    try:
        with open(path) as f:
            return f.read().strip() or None
    except FileNotFoundError:
        return None


def unread_notices(url, token):
    found, cursor = [], None
    while True:
        query = {"unread": "true", "limit": "100"}
        if cursor is not None:
            query["cursor"] = cursor
        page = t.api(url, token, "/v1/notifications?" + urllib.parse.urlencode(query))
        found += page["data"]
        cursor = page.get("next_cursor")
        if cursor is None:
            return found


def usage_rows(usage):
    """{row title: (subtitle, cost)} of the dashboard's This Month list, once
    every row has its figures (a dash until the report arrives)."""
    rows = {}
    for item in t.find_all(usage, role="list item"):
        labels = [label.name for label in t.find_all(item, role="label")]
        if len(labels) != 3 or labels[0] != item.name or labels[2] == "—":
            return None
        rows[item.name] = (labels[1], labels[2])
    return rows


def count_shown(test, title, subtitle):
    match = re.fullmatch(r"([0-9,]+) conversations?", subtitle)
    if match is None:
        test.fail(f"the {title} row says “{subtitle}”, not a number of conversations")
    return int(match.group(1).replace(",", ""))


def newcomer(test):
    tmp = test.tmpdir("mc-newcomer-")
    state = os.path.join(tmp, "data", "message-credits")
    # Nothing configured: fresh XDG folders, no token, no --server. The app
    # is told where the built service is, as an installed one would know.
    # What the app remembers is kept in a keyfile, to survive to its second
    # start.
    env = t.app_environment(tmp, MESSAGE_CREDITS_SERVICE=t.SERVICE, GSETTINGS_BACKEND="keyfile")
    env.pop("MESSAGE_CREDITS_TOKEN", None)

    test.step(f"start the app with no configuration (accessibility bus "
              f"{os.environ['AT_SPI_BUS_ADDRESS']})")
    log = os.path.join(tmp, "app.log")
    app_process = t.start_app(test, [], env, log)
    window = t.main_window(test)
    app = window.parent

    test.step("the welcome page offers Try the Demo; nothing runs behind it yet")
    demo = test.wait_until("Try the Demo on screen",
                           lambda: t.find_shown(window, "Try the Demo", "push button"),
                           timeout=30)
    if t.visible_label(window, "Welcome to Message Credits") is None:
        test.fail("no welcome heading on screen")
    if t.find_shown(window, "Connect to Your Provider", "push button") is None:
        test.fail("the welcome page does not offer Connect to Your Provider")
    if t.serve_child(app_process.pid) is not None:
        test.fail("a service was started before the newcomer chose the demo")
    if os.path.exists(state):
        test.fail(f"{state} exists before the newcomer chose anything")
    t.screenshot("journey-1-welcome.png")

    test.step("press Try the Demo: the app starts the embedded service as its child")
    t.click(demo)
    pid = test.wait_until("the serve child", lambda: serve_pid(app_process.pid), timeout=30)
    token = test.wait_until("the demo token file",
                            lambda: read_token(os.path.join(state, "demo.token")), timeout=30)
    port = test.wait_until("the child to listen", lambda: t.listening_port(pid), timeout=30)
    url = f"http://127.0.0.1:{port}"

    test.step("the balance shows, as the service has it")
    account = t.api(url, token, "/v1/account")
    balance = t.format_inr(account["balance"])
    test.wait_until(f"the balance {balance}", lambda: t.labelled(window, "Balance", balance),
                    timeout=30)
    test.wait_until(f"the account name {account['name']}",
                    lambda: t.visible_label(window, account["name"]))

    test.step("this month's usage shows, as the service reports it")
    zone = zoneinfo.ZoneInfo(account["timezone"])
    today = datetime.datetime.now(zone).date()
    first = today.replace(day=1)
    query = urllib.parse.urlencode({"from": first.isoformat(), "to": today.isoformat(),
                                    "group": "month"})
    report = t.api(url, token, f"/v1/reports/conversations?{query}")
    totals = report["totals"]
    test.wait_until(f"the usage headed {today.strftime('%B %Y')}",
                    lambda: t.visible_label(window, today.strftime("%B %Y")))
    usage = test.wait_until("the This Month list", lambda: t.find(window, "This Month", "list"))
    rows = test.wait_until("the usage rows to have figures", lambda: usage_rows(usage),
                           timeout=30)
    expected = {title: (totals[key]["count"], decimal.Decimal(totals[key]["cost"]))
                for title, key in CATEGORIES}
    expected["Total"] = (sum(count for count, _ in expected.values()),
                         sum(cost for _, cost in expected.values()))
    if set(rows) != set(expected):
        test.fail(f"the usage rows are {sorted(rows)}, not {sorted(expected)}")
    if expected["Total"][0] == 0:
        test.fail("the demo has no usage this month: nothing to check")
    for title, (count, cost) in expected.items():
        subtitle, cost_shown = rows[title]
        if count_shown(test, title, subtitle) != count:
            test.fail(f"the {title} row says “{subtitle}”, the service counts {count}")
        if cost_shown != t.format_inr(f"{cost:.2f}"):
            test.fail(f"the {title} row says {cost_shown}, the service reports {cost}")
        print(f"# {title}: {subtitle}, {cost_shown}", flush=True)

    test.step("the demo's pending payment is alerted, with its figures and its four choices")
    pending = t.api(url, token, "/v1/payments?status=pending")["data"]
    if len(pending) != 1 or account["pending_payments"] != 1:
        test.fail(f"the demo should have one pending payment: {pending}")
    payment = pending[0]
    alert = test.wait_until("the Pending Payment alert",
                            lambda: next((w for w in app.children
                                          if t.find(w, "Pending Payment", "label")), None),
                            timeout=30)
    figures = (f"Amount {t.format_inr(payment['amount'])} + GST {t.format_inr(payment['tax'])} "
               f"= total {t.format_inr(payment['total'])}")
    if not any(figures in label.name for label in t.find_all(alert, role="label")):
        test.fail(f"the alert does not say “{figures}”")
    for name in ("Complete Payment", "Recharge Different Amount", "Cancel Payment", "Later"):
        if t.find_shown(alert, name, "push button") is None:
            test.fail(f"the alert offers no {name}")
    if t.find(window, "1 payment is waiting to be completed", "list item") is None:
        test.fail("the dashboard does not list the pending payment")
    t.screenshot("journey-1-dashboard.png")

    test.step("the alert asked nothing of the service: the payment is still pending")
    if t.api(url, token, f"/v1/payments/{payment['id']}")["status"] != "pending":
        test.fail("the payment changed before the newcomer answered the alert")

    test.step("the demo's past notices wait on the bell; none pops up on the desktop")
    unread = unread_notices(url, token)
    if not unread:
        test.fail("the demo has no unread notices: nothing to check")
    bell = f"Notices, {len(unread)} unread"
    test.wait_until(f"the bell to say {bell}", lambda: t.find(window, bell, "push button"))
    if t.notifications():
        test.fail(f"the newcomer's desktop was sent {t.notifications()}")

    test.step("quit without answering; the next start opens the demo again, not the welcome")
    t.activate("quit")
    app_process.wait(timeout=20)
    keyfile = configparser.ConfigParser()
    keyfile.read(os.path.join(tmp, "config", "glib-2.0", "settings", "keyfile"))
    remembered = [keyfile[s]["connection"] for s in keyfile.sections()
                  if "connection" in keyfile[s]]
    if remembered != ["'demo'"]:
        test.fail(f"the choice remembered is {remembered}, not the demo")
    app_process = t.start_app(test, [], env, log)
    window = t.main_window(test)
    app = window.parent
    pid = test.wait_until("the serve child", lambda: serve_pid(app_process.pid), timeout=30)
    port = test.wait_until("the child to listen", lambda: t.listening_port(pid), timeout=30)
    url = f"http://127.0.0.1:{port}"
    if read_token(os.path.join(state, "demo.token")) != token:
        test.fail("the demo token changed on the second start")
    if t.api(url, token, "/v1/account")["id"] != account["id"]:
        test.fail("the second start made another demo account")
    test.wait_until(f"the balance {balance}", lambda: t.labelled(window, "Balance", balance),
                    timeout=30)
    # The welcome page, had it been drawn at all, would keep its extents.
    if t.find_shown(window, "Try the Demo", "push button") is not None:
        test.fail("the welcome page was shown again")
    test.wait_until("the payment not yet answered to be alerted again",
                    lambda: next((w for w in app.children
                                  if t.find(w, "Pending Payment", "label")), None),
                    timeout=30)
    t.check_log(test, log)


if __name__ == "__main__":
    t.run(t.Test("journey-1-newcomer", notifications=True), newcomer)
