#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Accessibility audit over AT-SPI: walks every page and dialog of the app on
the demo account, as a screen reader user meets them, and fails on

  * a focusable or actionable element of the project's own without a name,
    named only by its type or role ("GtkMenuButton", "button"), with a raw
    mnemonic ("_Save Save"), its label said twice ("Save Save") or its
    accessible label joined to its caption ("Notify about payments Payments");
  * a window without a title;
  * a labelled element clipped to zero size inside a container that is
    drawn: the layout gave it no room.

--style=dark runs the same walk in the dark style (ADW_DEBUG_COLOR_SCHEME,
what the desktop's colour-scheme preference gives), --text-scale=2 at 200 %
text: Xft.dpi 192 on the test's own X server, which GTK 4 on X11 takes as
gtk-xft-dpi when no XSETTINGS manager runs (a settings.ini loses to it).
Screenshots of every place walked go to
$MC_BUILD_DIR/tests/desktop/audit-<variant>/: look at them. TAP output."""

import argparse
import os
import re
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mcdesktop  # noqa: E402
from mcdesktop import Failure, click, extents, find, on_screen, walk, wait_until  # noqa: E402


# Roles that a user acts on or moves the focus to: each needs a name.
NAMED_ROLES = {
    "push button", "toggle button", "check box", "radio button", "menu item",
    "check menu item", "radio menu item", "page tab", "text", "password text", "entry",
    "spin button", "combo box", "slider", "switch", "link", "list item", "list",
    "table", "tree table", "calendar", "image", "menu",
}
ACTIONS = {"click", "activate", "press", "toggle"}
ROLE_WORDS = {
    "button", "push button", "toggle button", "check box", "radio button", "menu item",
    "page tab", "text", "entry", "list", "list item", "switch", "image", "icon", "link",
    "combo box", "spin button", "slider", "menu", "row",
}
TYPE_NAME = re.compile(r"^(Gtk|Adw|Mc)[A-Z][A-Za-z]+$")

# Their insides belong to GTK or libadwaita, which the project cannot name:
# the peek icon of a password entry, an AdwEntryRow's apply button, a
# GtkCalendar's arrows, a GtkDropDown's popup list, a GtkColumnView's list.
INTERNAL_CONTAINERS = {"text", "password text", "spin button", "calendar", "combo box",
                       "tree table", "scroll bar"}

# Roles whose zero size hides something the user needs.
SHOWN_ROLES = {
    "push button", "toggle button", "check box", "radio button", "page tab", "text",
    "password text", "entry", "spin button", "combo box", "slider", "switch", "link",
    "list item", "label", "heading",
}


def doubled(name):
    words = name.split(" ")
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def labelled_by(node):
    """Names of the nodes that label node (GTK adds them to its name)."""
    try:
        for relation in node.getRelationSet():
            if relation.getRelationType() == mcdesktop.pyatspi.RELATION_LABELLED_BY:
                return [relation.getTarget(i).name or ""
                        for i in range(relation.getNTargets())]
    except Exception:
        pass
    return []


def name_problem(node, role):
    name = (node.name or "").strip()
    if not name:
        return "has no name"
    if TYPE_NAME.match(name):
        if role == "list" and name == "GtkListBox" and labelled_by(node) == [""]:
            return None  # an AdwPreferencesGroup's own list, captioned by its (empty) title
        return f"is only named by its type “{name}”"
    if name.lower() in ROLE_WORDS or name.lower() == role:
        return f"is only named by its role “{name}”"
    if re.search(r"(^|\s)_\w|[^\W\d_]_[^\W\d_]", name):
        return f"has a raw mnemonic in its name “{name}”"
    if doubled(name):
        return f"says its label twice “{name}”"
    caption = " ".join(n for n in labelled_by(node) if n)
    if caption and name != caption and name.endswith(" " + caption):
        return f"joins its accessible label to its caption “{name}”"
    return None


def is_candidate(node, role, state):
    if role not in NAMED_ROLES:
        return False
    if state.contains(mcdesktop.pyatspi.STATE_FOCUSABLE):
        return True
    return any(a in ACTIONS for a in mcdesktop.actions(node))


def describe(node, parent):
    where = []
    n = parent
    while n is not None and len(where) < 3:
        try:
            if n.name and not TYPE_NAME.match(n.name):
                where.append(f"{n.roleName} “{n.name}”")
            n = n.parent
        except Exception:
            break
    return " in " + " < ".join(where) if where else ""


class Audit:
    def __init__(self, shots):
        self.shots = shots
        self.names = {}     # problem -> place first seen
        self.sizes = {}
        self.nodes = 0
        self.seconds = 0.0
        self.timings = []
        self.places = []
        self.index = {}

    def check(self, root, place, internal=False, record=True):
        """Audits root's subtree as it is now. Does not go below what is not
        drawn (zero extents: hidden stack pages, closed revealers and
        popovers), after checking its top. internal: the window's contents
        are GTK's or libadwaita's (GtkShortcutsWindow, AdwAboutWindow built
        from our strings): only its title and sizes are judged. record:
        False for a look that only fills the index (waiting for a load)."""
        started = time.monotonic()
        self.index = {}
        names = self.names if record else {}
        sizes = self.sizes if record else {}
        if record:
            self.places.append(place)
        count = 0
        stack = [(root, None, internal)]
        while stack:
            node, parent, internal = stack.pop()
            count += 1
            try:
                role = node.roleName
                state = node.getState()
                self.index.setdefault(node.name, []).append(node)
            except Exception:
                continue  # went away while we looked
            if role in ("frame", "dialog", "window") and parent is None:
                if name_problem(node, role):
                    names.setdefault(f"a window {name_problem(node, role)}", place)
            elif not internal and is_candidate(node, role, state):
                problem = name_problem(node, role)
                if problem:
                    names.setdefault(f"{role} {problem}{describe(node, parent)}", place)
            e = self.check_size(node, role, parent, sizes, place)
            if e is not None and (e[2] == 0 or e[3] == 0):
                continue
            try:
                children = list(node.children)
            except Exception:
                children = []
            # A focusable widget with the generic role is a GtkCalendar
            # (GTK 4.8), whose arrow buttons GTK leaves unnamed.
            inside = internal or role in INTERNAL_CONTAINERS or \
                (role == "filler" and state.contains(mcdesktop.pyatspi.STATE_FOCUSABLE))
            stack.extend((c, node, inside) for c in reversed(children))
        if not record:
            return
        took = time.monotonic() - started
        self.nodes += count
        self.seconds += took
        self.timings.append(f"{place}: {count} nodes, {took:.2f} s")

    def check_size(self, node, role, parent, sizes, place):
        """Returns node's extents, after noting it if it is clipped to zero
        inside a parent that is drawn."""
        e = extents(node)
        name = (node.name or "").strip()
        if e is None or parent is None or role not in SHOWN_ROLES or not name \
                or TYPE_NAME.match(name) or (e[2] > 0 and e[3] > 0):
            return e
        if role == "label" and parent.roleName == "list":
            return e  # a GtkListBox's placeholder, hidden while it has rows
        p = extents(parent)
        if p is not None and p[2] > 0 and p[3] > 0:
            sizes.setdefault(
                f"{role} “{name}” is {e[2]}×{e[3]} in a {p[2]}×{p[3]} {parent.roleName}"
                f"{describe(node, parent)}", place)
        return e

    def seen(self, name, role=None, drawn=False):
        """A node of the last walk with this name (and role; drawn: with
        non-zero extents), or None: saves walking the tree again."""
        for node in self.index.get(name, []):
            if (role is None or node.roleName == role) and (not drawn or on_screen(node)):
                return node
        return None

    def shot(self, desktop, name):
        desktop.screenshot(os.path.join(self.shots, name + ".png"))


def settle(seconds=0.2):
    """Lets transitions (200 ms crossfades) and loads from the service on
    loopback finish before a walk."""
    time.sleep(seconds)


def close_dialog(desktop, window):
    """Closes a dialog as Escape does (its window.close action)."""
    title = window.name
    window.doActionNamed("window.close")
    wait_until(f"“{title}” to close", lambda: all(w.name != title for w in desktop.app.children),
               timeout=10)


def new_window(app, title=None):
    """A toplevel other than the main window (with this title)."""
    return next((w for w in app.children
                 if w.name != "Message Credits" and (title is None or w.name == title)), None)


def run(desktop, audit):
    desktop.start_service()
    app = desktop.start_app()
    main = desktop.window("Message Credits")

    # The demo has a pending payment, which the app alerts at start-up.
    alert = desktop.window_with_label("Pending Payment")
    later = wait_until("the alert's Later button", lambda: find(alert, "Later", "push button"))
    settle()
    audit.check(alert, "Pending Payment alert")
    audit.shot(desktop, "pending-alert")
    click(later)
    wait_until("the alert to close", lambda: len(app.children) == 1)

    # The main window walked once, on the Dashboard: what it finds (the page
    # widgets, the tabs, the header's buttons) is used from then on.
    def dashboard_loaded():
        audit.check(main, "main window on the Dashboard", record=False)
        return any(n.description == "Balance" for name, nodes in audit.index.items()
                   if name.startswith("₹") for n in nodes)
    wait_until("the balance on the dashboard", dashboard_loaded)
    settle()
    audit.check(main, "main window on the Dashboard")
    audit.shot(desktop, "dashboard")
    pages = {"Payments": "McPaymentsPage", "Reports": "McReportsPage",
             "Broadcasts": "McBroadcastsPage", "Dashboard": "McDashboardPage"}
    tabs = {title: audit.seen(title, "page tab", drawn=True) for title in pages}
    notices_button = audit.seen("McNoticesButton")
    # The main page's menu button sits beside the notices button (the welcome
    # and status pages have their own, hidden now).
    menu_button = next(n for n in audit.index["Main Menu"] if "click" in mcdesktop.actions(n)
                       and any(c.name == "McNoticesButton" for c in n.parent.parent.children))

    since = None
    for title, widget in pages.items():
        click(tabs[title])
        # A page is built when first shown: look for it then.
        page = wait_until(f"the {title} page to be drawn",
                          lambda: find(main, widget, visible=True), timeout=5)
        settle()
        audit.check(page, f"{title} page")
        audit.shot(desktop, title.lower())
        if title == "Reports":
            since = next(n for name, nodes in audit.index.items() if name.startswith("From ")
                         for n in nodes if n.roleName == "push button")

    # The notices popover.
    notices = next(n for n, _, _ in walk(notices_button) if "click" in mcdesktop.actions(n))
    click(notices)
    settle()
    audit.check(notices_button, "Notices popover")
    audit.shot(desktop, "notices")
    desktop.key("Escape")

    # The reports' date range: its From popover with the calendar.
    click(tabs["Reports"])
    click(next(n for n, _, _ in walk(since) if "click" in mcdesktop.actions(n)))
    settle()
    audit.check(since, "Reports date range popover")
    audit.shot(desktop, "reports-range")
    desktop.key("Escape")

    # Dialogs, through the window's actions (what the buttons, the menu and
    # the shortcuts do).
    for action, title in (("win.add-credits", "Add Credits"), ("win.export", "Export CSV"),
                          ("win.new-broadcast", "New Broadcast"), ("win.support", None),
                          ("win.show-help-overlay", None)):
        main.doActionNamed(action)
        dialog = wait_until(f"the window of {action}", lambda: new_window(app, title))
        settle()
        audit.check(dialog, f"{dialog.name or action} window",
                    internal=action == "win.show-help-overlay")
        audit.shot(desktop, "dialog-" + action.split(".")[1])
        close_dialog(desktop, dialog)

    # The main menu, About and Preferences.
    def menu_item(label):
        click(menu_button)

        def look():
            audit.check(menu_button.parent, "Main menu", record=False)
            return audit.seen(label, "menu item", drawn=True)
        wait_until(f"the menu item {label}", look, timeout=5)
        settle()
        audit.check(menu_button.parent, "Main menu")
        return audit.seen(label, "menu item", drawn=True)

    click(menu_item("About Message Credits"))
    audit.shot(desktop, "main-menu")
    about = wait_until("the About window", lambda: new_window(app))
    settle()
    audit.check(about, "About window", internal=True)
    audit.shot(desktop, "about")
    close_dialog(desktop, about)

    click(menu_item("Preferences"))
    prefs = desktop.window("Preferences")
    settle()
    audit.check(prefs, "Preferences")
    audit.shot(desktop, "preferences")

    # Back to the welcome page through Preferences → Change…, and its
    # provider form.
    change = next(n for n in audit.index["Change Connection"] if "click" in mcdesktop.actions(n))
    click(change)
    wait_until("Preferences to close", lambda: len(app.children) == 1, timeout=10)

    # GTK gives a page shown again new accessible objects: walk afresh.
    def welcome_shown():
        audit.check(main, "Welcome page", record=False)
        return audit.seen("Connect to Your Provider", "push button", drawn=True)
    wait_until("the welcome page", welcome_shown, timeout=10)
    welcome = audit.seen("McWelcomePage")
    settle()
    audit.check(welcome, "Welcome page")
    click(audit.seen("Connect to Your Provider", "push button", drawn=True))

    def form_shown():
        audit.check(welcome, "Welcome page with the provider form", record=False)
        return audit.seen("Server Address", "text", drawn=True)
    wait_until("the provider form", form_shown)
    settle()
    audit.check(welcome, "Welcome page with the provider form")
    audit.shot(desktop, "welcome")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--style", choices=("light", "dark"), default="light")
    parser.add_argument("--text-scale", type=float, default=1.0)
    args = parser.parse_args()

    variant = "default"
    env = {}
    dpi = None
    if args.style == "dark":
        variant = "dark"
        env["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
    if args.text_scale != 1.0:
        variant = f"text-{int(args.text_scale * 100)}"
        dpi = int(96 * args.text_scale)
    shots = os.path.join(mcdesktop.BUILD, "tests", "desktop", "audit-" + variant)

    tap = mcdesktop.Tap()
    audit = Audit(shots)
    started = time.monotonic()
    try:
        with mcdesktop.Desktop(dpi=dpi, env=env) as desktop:
            try:
                run(desktop, audit)
            except Exception:
                tap.note("the screen when it failed: "
                         + desktop.screenshot(os.path.join(shots, "failed.png")))
                tap.note(desktop.app_report())
                raise
    except Exception as e:
        detail = str(e) if isinstance(e, Failure) else traceback.format_exc()
        tap.ok(False, f"walk every page and dialog ({variant})", detail)
        return tap.done()

    tap.ok(True, f"walk every page and dialog ({variant})")
    tap.note(f"{variant}: {audit.nodes} nodes walked in {audit.seconds:.1f} s, "
             f"{time.monotonic() - started:.1f} s in all; screenshots in {shots}")
    tap.note("\n".join(audit.timings))
    names = "\n".join(f"{k}  [{v}]" for k, v in sorted(audit.names.items()))
    tap.ok(not audit.names, "every focusable or actionable element and window has a proper name",
           names)
    sizes = "\n".join(f"{k}  [{v}]" for k, v in sorted(audit.sizes.items()))
    tap.ok(not audit.sizes, "nothing labelled is clipped to zero size", sizes)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
