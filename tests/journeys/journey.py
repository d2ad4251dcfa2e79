# SPDX-License-Identifier: GPL-3.0-or-later
"""What the app's AT-SPI journeys share, so that each script says only its
journey: a desktop of its own (a D-Bus session bus, an X display and an
accessibility bus: GTK 4.8 looks the accessibility bus up on the X root
window, so tests sharing a display would mix theirs), the built programs, a
service on loopback, and helpers to find, wait for and press things the way
assistive technology does.

Import it first: it drops G_DEBUG (pyatspi's warnings are not the app's, and
GTK 4.8 warns when asked for screen coordinates, testing.md) and starts the
buses and Xvfb before GLib and pyatspi load. meson runs the scripts with
/usr/bin/python3 (dogtail, pyatspi, dbusmock live there)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

os.environ.pop("G_DEBUG", None)


def _start_session_bus():
    """A session bus of our own. What it starts (a keyring, a notification
    daemon) writes nowhere near the TAP output on our stdout."""
    read, write = os.pipe()
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile",
                               f"--print-address={write}"],
                              pass_fds=(write,), stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as f:
        address = f.readline().strip()
    if not address:
        raise RuntimeError("dbus-daemon did not start")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    return daemon


def _start_display():
    """A display of our own: GTK 4.8 finds the accessibility bus through the
    X root window (not AT_SPI_BUS_ADDRESS), so tests sharing a display would
    mix their buses."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                               "-noreset", "-nolisten", "tcp"],
                              pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as f:
        number = f.readline().strip()
    if not number:
        raise RuntimeError("Xvfb did not start")
    os.environ["DISPLAY"] = ":" + number
    os.environ.pop("WAYLAND_DISPLAY", None)
    return server


def _start_accessibility_bus():
    launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                                stdout=subprocess.DEVNULL)
    subprocess.run(["gdbus", "wait", "--session", "--timeout", "10", "org.a11y.Bus"], check=True)
    reply = subprocess.run(["gdbus", "call", "--session", "--dest", "org.a11y.Bus",
                            "--object-path", "/org/a11y/bus",
                            "--method", "org.a11y.Bus.GetAddress"],
                           check=True, capture_output=True, text=True).stdout
    # "('unix:path=/tmp/…,guid=…',)"
    os.environ["AT_SPI_BUS_ADDRESS"] = reply.strip()[2:-3]
    return launcher


SESSION_BUS = _start_session_bus()
DISPLAY_SERVER = _start_display()
ACCESSIBILITY_BUS = _start_accessibility_bus()

import dogtail.config  # noqa: E402

dogtail.config.config.checkForA11y = False
dogtail.config.config.actionDelay = 0.05
dogtail.config.config.defaultDelay = 0.05
dogtail.config.config.searchBackoffDuration = 0.1
dogtail.config.config.searchCutoffCount = 100
dogtail.config.config.logDebugToStdOut = False
dogtail.config.config.logDebugToFile = False

from dogtail import predicate  # noqa: E402  (after the config, or it exits at once)
from dogtail import tree  # noqa: E402
import pyatspi  # noqa: E402

BUILD = os.environ["MC_BUILD_DIR"]
SERVICE = os.path.join(BUILD, "src", "service", "message-credits-service")
APP = os.path.join(BUILD, "src", "app", "message-credits")
SHOTS = os.path.join(BUILD, "tests", "screenshots")



def terminate(process, timeout=5):
    """SIGTERM, and SIGKILL if the process has not ended within timeout s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

class Test:
    """One TAP test case made of numbered steps."""

    def __init__(self, name, notifications=False):
        """notifications: start python-dbusmock's notification daemon on the
        session bus (read what it was asked to show with notifications())."""
        self.name = name
        self.steps = 0
        self.processes = [SESSION_BUS, DISPLAY_SERVER, ACCESSIBILITY_BUS]
        self.apps = []  # (process, log) of each app started
        self.started = time.monotonic()
        self.cleanups = []
        print("1..1", flush=True)
        if notifications:
            self.spawn(["/usr/bin/python3", "-m", "dbusmock", "--template", "notification_daemon"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run(["gdbus", "wait", "--session", "--timeout", "20",
                            "org.freedesktop.Notifications"], check=True)

    def step(self, text):
        self.steps += 1
        print(f"# {self.steps}. {text} ({time.monotonic() - self.started:.1f} s)", flush=True)

    def fail(self, text):
        try:
            screenshot(f"failure-{self.name}.png")
        except Exception:
            pass
        print(f"not ok 1 {self.name}\n# {text}", flush=True)
        # What the app said, and how it ended, on stderr (meson keeps it).
        for process, log in self.apps:
            status = process.poll()
            print(f"{' '.join(process.args)}: "
                  f"{'running' if status is None else f'ended with status {status}'}",
                  file=sys.stderr)
            try:
                with open(log, errors="replace") as f:
                    sys.stderr.write(f.read()[-4000:])
            except OSError:
                pass
        sys.stderr.flush()
        raise SystemExit(1)

    def passed(self):
        print(f"ok 1 {self.name}", flush=True)

    def wait_until(self, what, check, timeout=15.0, interval=0.1):
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
        self.fail(f"timed out waiting for {what}" + (f" ({last_error})" if last_error else ""))

    def spawn(self, argv, **kwargs):
        process = subprocess.Popen(argv, **kwargs)
        self.processes.append(process)
        return process

    def tmpdir(self, prefix):
        path = tempfile.mkdtemp(prefix=prefix)
        self.cleanups.append(lambda: shutil.rmtree(path, ignore_errors=True))
        return path

    def stop_all(self):
        for p in reversed(self.processes):
            terminate(p)
        for cleanup in self.cleanups:
            cleanup()


def _notification_mock():
    import dbus  # dbusmock's own dependency, on /usr/bin/python3
    bus = dbus.SessionBus()
    return dbus.Interface(bus.get_object("org.freedesktop.Notifications",
                                         "/org/freedesktop/Notifications"),
                          "org.freedesktop.DBus.Mock")


def notifications():
    """What the desktop was asked to show, oldest first: a list of
    {"app_name", "summary", "body", "hints"}, one per Notify call
    (Test(…, notifications=True) starts the daemon)."""
    calls = _notification_mock().GetMethodCalls("Notify")
    return [{"app_name": str(args[0]), "summary": str(args[3]), "body": str(args[4]),
             "hints": {str(k): v for k, v in args[6].items()}}
            for _, args in calls]


def clear_notifications():
    """Forgets the Notify calls received so far."""
    _notification_mock().ClearCalls()


def demo_database(path):
    """A demo account's database; returns its {"id", "token"}."""
    return json.loads(subprocess.run([SERVICE, "demo", "--db", path], check=True,
                                     capture_output=True, text=True).stdout)


def new_account(path, currency="INR"):
    """A fresh account (balance zero); returns its {"id", "token"}."""
    return json.loads(subprocess.run([SERVICE, "account", "create", "--db", path,
                                      "--name", "Acme Traders", "--email", "owner@acme.example",
                                      "--currency", currency],
                                     check=True, capture_output=True, text=True).stdout)


def adjust(path, account_id, amount):
    """The operator's adjustment (`account adjust`); returns the account."""
    return json.loads(subprocess.run([SERVICE, "account", "adjust", "--db", path,
                                      "--account", account_id, "--amount", amount,
                                      "--reason", "Journey"],
                                     check=True, capture_output=True, text=True).stdout)


def serve(test, db, listen="127.0.0.1:0", extra=()):
    """`serve --sandbox-gateway` on loopback; returns (process, url)."""
    process = test.spawn([SERVICE, "serve", "--db", db, "--listen", listen, "--sandbox-gateway",
                          *extra],
                         stdout=subprocess.PIPE, text=True)
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        test.fail(f"the service did not start on {listen}")
    return process, url



def served_account(test, tmp, balance):
    """An operator's new account (`account create`, `account adjust` to
    balance) in tmp/credits.db, served on loopback with the sandbox gateway:
    returns (db, account {"id", "token"}, serve process, url)."""
    db = os.path.join(tmp, "credits.db")
    account = new_account(db)
    adjust(db, account["id"], balance)
    process, url = serve(test, db)
    return db, account, process, url

def app_environment(tmp, **extra):
    env = dict(os.environ)
    env.update({
        "XDG_DATA_HOME": os.path.join(tmp, "data"),
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
        "GSETTINGS_BACKEND": "memory",
        "GSETTINGS_SCHEMA_DIR": os.path.join(BUILD, "data"),
    })
    env.update(extra)
    return env


def start_app(test, args, env, log):
    """The app, its stderr in log (for check_log, and shown on failure)."""
    process = test.spawn([APP] + args, env=env, stderr=open(log, "ab"))
    test.apps.append((process, log))
    return process


def check_log(test, log, allowed=()):
    """No warning or critical from the app, but for those expected."""
    with open(log, errors="replace") as f:
        for line in f:
            if ("-WARNING" in line or "-CRITICAL" in line or "-ERROR" in line) \
                    and not any(a in line for a in allowed):
                test.fail(f"the app complained: {line.strip()}")


def api(url, token, path, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, method=method, data=data,
                                     headers={"Authorization": "Bearer " + token})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read())


def application_id():
    """The app id the build was configured with (….Devel in development)."""
    with open(os.path.join(BUILD, "config.h")) as f:
        for line in f:
            if line.startswith("#define APP_ID "):
                return line.split('"')[1]
    raise RuntimeError("no APP_ID in config.h")


def activate(action, parameter=None):
    """Activates one of the running app's actions over D-Bus (org.gtk.Actions),
    as a shortcut or the shell would."""
    app_id = application_id()
    subprocess.run(["gdbus", "call", "--session", "--dest", app_id,
                    "--object-path", "/" + app_id.replace(".", "/"),
                    "--method", "org.gtk.Actions.Activate", action,
                    "[]" if parameter is None else f"[{parameter}]", "{}"],
                   check=True, capture_output=True)


def press_keys(keys, window="^Message Credits$"):
    """What a keyboard user presses in a window (xdotool: GTK 4.8's
    view-switcher tabs offer no AT-SPI action)."""
    subprocess.run(["xdotool", "search", "--onlyvisible", "--name", window, "windowfocus", "--sync",
                    "key", "--clearmodifiers", keys], check=True)


def window_shown(title="^Message Credits$"):
    """Whether a window with this title is mapped on the display."""
    return subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                          capture_output=True).returncode == 0


def format_inr(text):
    """'1250.00' -> '₹1,250.00' in Indian grouping, as mc_money_format writes it."""
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


def screenshot(name):
    time.sleep(0.4)  # transitions (crossfades, toasts) take this long; a picture only
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, name)
    subprocess.run(["/usr/bin/import", "-window", "root", path], check=True)
    print(f"# screenshot: {path}", flush=True)


def on_screen(node):
    """GTK 4.8 never reports 'showing': a drawn widget has non-zero extents in
    window coordinates (testing.md)."""
    extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return extents.width > 0 and extents.height > 0


def find(root, name=None, role=None):
    return root.findChild(predicate.GenericPredicate(name=name, roleName=role),
                          retry=False, requireResult=False)


def find_shown(root, name, role):
    """A node on screen named name; a mnemonic button GTK 4.8 names
    "_Save Save" (testing.md) matches "Save" too."""
    for node in find_all(root, role=role):
        plain = node.name.replace("_", "")
        if (node.name == name or plain == name or plain == f"{name} {name}") and on_screen(node):
            return node
    return None


def find_text(root, start):
    """A label on screen whose text starts with start."""
    for node in find_all(root, role="label"):
        if node.name.startswith(start) and on_screen(node):
            return node
    return None


def text_of(node):
    """getText(0, -1) returns '' on GTK 4.8 (testing.md)."""
    text = node.queryText()
    return text.getText(0, text.characterCount)


def find_all(root, name=None, role=None):
    return root.findChildren(predicate.GenericPredicate(name=name, roleName=role))


def visible_label(root, text):
    for node in find_all(root, text, "label"):
        if on_screen(node):
            return node
    return None


def labelled(root, description, text=None):
    """The label whose accessible description is description (and whose text
    is text, if given)."""
    for node in find_all(root, role="label"):
        if node.description == description and (text is None or node.name == text):
            return node
    return None


def click(node, timeout=10.0, action="click"):
    """Presses a button as assistive technology does (a switch's action is
    "toggle"). GTK ignores the press until the button is realized, so first
    wait for it to be drawn."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if on_screen(node):
                break
        except Exception:
            pass
        time.sleep(0.05)
    node.doActionNamed(action)


def application(test, name="message-credits"):
    def look():
        found = next((a for a in tree.root.children if a.name == name), None)
        if found is None:
            look.seen = [a.name for a in tree.root.children]
        return found

    look.seen = []
    found = None
    deadline = time.monotonic() + 20
    while found is None and time.monotonic() < deadline:
        try:
            found = look()
        except Exception as e:
            look.seen = [f"error: {e}"]
        if found is None:
            time.sleep(0.1)
    if found is None:
        test.fail(f"the app is not on the accessibility bus {os.environ['AT_SPI_BUS_ADDRESS']}; "
                  f"there are {look.seen}")
    return found


def main_window(test, timeout=20):
    """The app's main window, once the app (a first start, or a second after
    the first quit) is on the accessibility bus with it."""
    def look():
        for app in tree.root.children:
            if app.name == "message-credits":
                window = find(app, "Message Credits", "frame")
                if window is not None:
                    return window
        return None
    return test.wait_until("the main window", look, timeout=timeout)


def window_named(app, name):
    return next((w for w in app.children if w.name == name), None)


def put_off_pending_alert(test, app):
    """The demo's pending payment is alerted at start-up: choose Later."""
    alert = test.wait_until("the Pending Payment alert",
                            lambda: next((w for w in app.children
                                          if find(w, "Pending Payment", "label")), None))
    for name in ("Complete Payment", "Cancel Payment", "Recharge Different Amount"):
        if find(alert, name, "push button") is None:
            test.fail(f"the alert has no {name} button")
    click(find(alert, "Later", "push button"))
    test.wait_until("the alert to close", lambda: find(app, "Pending Payment", "label") is None)


def children_of(pid):
    """Process ids whose parent is pid."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def serve_child(app_pid):
    """The app's embedded service (the demo): (pid, argv) of its `serve`
    child, or None."""
    for pid in children_of(app_pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if b"serve" in argv:
            return pid, [a.decode() for a in argv if a]
    return None


def listening_port(pid):
    """The TCP port pid listens on, from /proc (no ss or netstat needed)."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    with open(f"/proc/{pid}/net/tcp") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                return int(fields[1].split(":")[1], 16)
    return None


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def pay_on_checkout(test, checkout_url):
    """What the sandbox checkout page's Pay button does in a browser."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(checkout_url + "/pay", method="POST", data=b"")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        opener.open(request, timeout=10)
        test.fail("the checkout page did not answer 303")
    except urllib.error.HTTPError as e:
        if e.code != 303:
            test.fail(f"the checkout page answered {e.code}")


def run(test, body):
    try:
        body(test)
        test.passed()
    except SystemExit:
        raise
    except Exception as e:
        test.fail(f"{type(e).__name__}: {e}")
    finally:
        test.stop_all()
    sys.stdout.flush()


def post_conversation(url, token, external_id, category="business_initiated",
                      wa_id="919876543210", started_at=None):
    """What the messaging platform sends when a conversation opens (POST
    /v1/conversations); returns (HTTP status, body), refusals included."""
    body = {"external_id": external_id, "category": category, "wa_id": wa_id}
    if started_at is not None:
        body["started_at"] = started_at
    request = urllib.request.Request(url + "/v1/conversations", method="POST",
                                     data=json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + token,
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
