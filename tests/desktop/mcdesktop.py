# SPDX-License-Identifier: GPL-3.0-or-later
"""A private desktop for one test: its own Xvfb (so X resources such as
Xft.dpi and screenshots touch no other test), its own accessibility bus, the
demo service on loopback and the app connected to it with --server, plus
helpers to walk the app's AT-SPI tree.

Run the test inside its own D-Bus session (meson wraps it in
dbus-run-session): the accessibility bus hangs off the session bus.
Needs /usr/bin/python3 (dogtail, pyatspi)."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

# libatspi warns when an object goes away under it; the test env's
# G_DEBUG=fatal-warnings would turn that into SIGTRAP in this process (GLib
# reads G_DEBUG when it loads, so this comes before the first gi import).
os.environ.pop("G_DEBUG", None)

# pyatspi and dogtail are imported by Desktop once its X server and
# accessibility bus run: libatspi binds to a bus when it loads (through
# DISPLAY's AT_SPI_BUS or the session bus), and a bus found before ours would
# be another test's, or none.
pyatspi = None
tree = None


def load_atspi():
    global pyatspi, tree
    if tree is not None:
        return
    import dogtail.config
    dogtail.config.config.checkForA11y = False
    dogtail.config.config.actionDelay = 0.0
    dogtail.config.config.defaultDelay = 0.0
    dogtail.config.config.typingDelay = 0.0
    dogtail.config.config.searchBackoffDuration = 0.1
    dogtail.config.config.searchCutoffCount = 50
    dogtail.config.config.logDebugToStdOut = False
    dogtail.config.config.logDebugToFile = False
    from dogtail import tree as dogtail_tree  # after the config, or it exits at once
    import pyatspi as atspi_module
    tree = dogtail_tree
    pyatspi = atspi_module

BUILD = os.environ.get("MC_BUILD_DIR",
                       os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "_build"))
SOURCE = os.environ.get("MC_SOURCE_DIR",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SERVICE = os.path.join(BUILD, "src", "service", "message-credits-service")
APP = os.path.join(BUILD, "src", "app", "message-credits")
APP_NAME = "message-credits"


class Failure(Exception):
    pass


def wait_until(what, check, timeout=20.0, interval=0.05):
    """Polls check() until it returns something true; raises Failure with
    what on timeout."""
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
    raise Failure(f"timed out waiting for {what}" + (f" ({last_error})" if last_error else ""))


def extents(node):
    """(x, y, width, height) in window coordinates, or None for nodes that
    have none (GtkStackPage and other non-widgets)."""
    try:
        e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except Exception:
        return None
    return (e.x, e.y, e.width, e.height)


def on_screen(node):
    """GTK 4.8 never reports 'showing': a drawn widget has non-zero extents
    (testing.md). A page shown once and then hidden keeps its last extents,
    so this is true for the page at hand and, sometimes, for stale ones."""
    e = extents(node)
    return e is not None and e[2] > 0 and e[3] > 0


def actions(node):
    """The names of node's actions ([] when it has none, or went away)."""
    try:
        a = node.queryAction()
        return [a.getName(i) for i in range(a.nActions)]
    except Exception:
        return []


def states(node):
    return node.getState()


def walk(node, depth=0, parent=None):
    """Yields (node, parent, depth) for node and every descendant."""
    yield node, parent, depth
    try:
        children = list(node.children)
    except Exception:
        children = []
    for child in children:
        yield from walk(child, depth + 1, node)


def find(root, name=None, role=None, visible=False):
    """The first descendant of root with this name and role (on screen if
    visible), or None. Searches without dogtail's retries."""
    for node, _, _ in walk(root):
        if name is not None and node.name != name:
            continue
        if role is not None and node.roleName != role:
            continue
        if visible and not on_screen(node):
            continue
        return node
    return None


def click(node):
    node.doActionNamed("click")


class Desktop:
    """Xvfb + accessibility bus + demo service + the app. Use as a context
    manager; everything it started is stopped on exit."""

    def __init__(self, *, dpi=None, env=None, settings=None, screen="1280x800x24"):
        self.dpi = dpi
        self.extra_env = dict(env or {})
        self.settings = settings
        self.screen = screen
        self.processes = []
        self.tmp = tempfile.mkdtemp(prefix="mc-desktop-")
        self.app_process = None
        self.app_log = None
        self.app = None
        self.url = None
        self.token = None
        self.display = None

    # ------------------------------------------------------------- set-up
    def __enter__(self):
        # at-spi-bus-launcher puts the accessibility bus's socket under
        # $XDG_RUNTIME_DIR/at-spi (else ~/.cache/at-spi): tests that run side
        # by side would share, and remove, each other's.
        runtime = os.path.join(self.tmp, "runtime")
        os.makedirs(runtime, mode=0o700)
        os.environ["XDG_RUNTIME_DIR"] = runtime
        try:
            self.start_x()
            self.start_a11y()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def spawn(self, argv, **kwargs):
        p = subprocess.Popen(argv, **kwargs)
        self.processes.append(p)
        return p

    def start_x(self):
        read_fd, write_fd = os.pipe()
        self.spawn(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", self.screen,
                    "-nolisten", "tcp", "-noreset"],
                   pass_fds=(write_fd,), stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            number = f.readline().strip()
        if not number:
            raise Failure("Xvfb did not start")
        self.display = ":" + number
        os.environ["DISPLAY"] = self.display
        os.environ.pop("WAYLAND_DISPLAY", None)
        if self.dpi is not None:
            # GTK 4 on X11 without an XSETTINGS manager takes gtk-xft-dpi
            # from the Xft.dpi resource (settings.ini loses to it).
            subprocess.run(["xprop", "-root", "-f", "RESOURCE_MANAGER", "8s", "-set",
                            "RESOURCE_MANAGER", f"Xft.dpi:\t{self.dpi}\n"], check=True)

    def start_a11y(self):
        self.spawn(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])
        subprocess.run(["gdbus", "wait", "--session", "--timeout", "10", "org.a11y.Bus"],
                       check=True)
        load_atspi()

    def start_service(self):
        """Creates the demo account and serves it on a free loopback port."""
        db = os.path.join(self.tmp, "demo.db")
        out = subprocess.run([SERVICE, "demo", "--db", db], check=True, capture_output=True,
                             text=True).stdout
        account = json.loads(out)
        serve = self.spawn([SERVICE, "serve", "--db", db, "--listen", "127.0.0.1:0",
                            "--sandbox-gateway"], stdout=subprocess.PIPE, text=True)
        self.url = serve.stdout.readline().strip()
        self.token = account["token"]
        return account

    def app_env(self):
        env = dict(os.environ)
        # Asking GTK 4.8 for screen coordinates warns: never fatal here.
        env.pop("G_DEBUG", None)
        env.update({
            "XDG_DATA_HOME": os.path.join(self.tmp, "data"),
            "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
            "XDG_CACHE_HOME": os.path.join(self.tmp, "cache"),
            "GSETTINGS_SCHEMA_DIR": os.path.join(BUILD, "data"),
            "GSETTINGS_BACKEND": "memory",
            "GSK_RENDERER": "cairo",
            "GDK_DEBUG": "gl-disable",
            "GDK_BACKEND": "x11",
            "MESSAGE_CREDITS_LOCALEDIR": os.path.join(BUILD, "po"),
        })
        if self.settings:
            # A keyfile backend, so that settings can be given before the
            # app starts (window size, the desktop's colour scheme).
            path = os.path.join(self.tmp, "config", "glib-2.0", "settings")
            os.makedirs(path, exist_ok=True)
            with open(os.path.join(path, "keyfile"), "w", encoding="utf-8") as f:
                for group, keys in self.settings.items():
                    f.write(f"[{group}]\n")
                    for key, value in keys.items():
                        f.write(f"{key}={value}\n")
            env["GSETTINGS_BACKEND"] = "keyfile"
        env.update(self.extra_env)
        return env

    def start_app(self, args=None):
        """Starts the app on the demo service (start_service first) and
        returns its accessible application node."""
        env = self.app_env()
        env["MESSAGE_CREDITS_TOKEN"] = self.token
        argv = [APP, "--server", self.url] + list(args or [])
        self.app_log = os.path.join(self.tmp, "app.log")
        with open(self.app_log, "w") as log:
            self.app_process = self.spawn(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.app = wait_until("the app on the accessibility bus",
                              lambda: self.find_app(), timeout=30)
        return self.app

    def find_app(self):
        if self.app_process is not None and self.app_process.poll() is not None:
            raise Failure(f"the app exited with {self.app_process.returncode}")
        for app in tree.root.children:
            try:
                if app.name == APP_NAME:
                    return app
            except Exception:
                pass
        return None

    def windows(self):
        return list(self.app.children)

    def window(self, title, timeout=20):
        """The app's toplevel (frame or dialog) with this title."""
        return wait_until(f"the window “{title}”",
                          lambda: next((w for w in self.app.children if w.name == title), None),
                          timeout=timeout)

    def window_with_label(self, text, timeout=20):
        """The toplevel that shows a label with this text (dialogs
        without a title, such as message dialogs)."""
        def look():
            for w in self.app.children:
                if find(w, name=text, role="label") is not None:
                    return w
            return None
        return wait_until(f"a window with “{text}”", look, timeout=timeout)

    def screenshot(self, path, window=None):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        target = "root"
        if window is not None:
            target = window
        subprocess.run(["/usr/bin/import", "-window", target, path], check=True,
                       env=dict(os.environ, DISPLAY=self.display))
        return path

    def key(self, *keys):
        subprocess.run(["xdotool", "key", "--clearmodifiers"] + list(keys), check=True,
                       env=dict(os.environ, DISPLAY=self.display))

    def app_report(self, lines=15):
        """How the app is doing: its exit status and the end of its output."""
        if self.app_process is None:
            return "the app was not started"
        status = self.app_process.poll()
        text = "the app is running" if status is None else f"the app exited with {status}"
        try:
            with open(self.app_log, encoding="utf-8", errors="replace") as f:
                tail = f.read().splitlines()[-lines:]
        except OSError:
            tail = []
        return "\n".join([text] + tail)

    def close(self):
        for p in reversed(self.processes):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.processes = []
        shutil.rmtree(self.tmp, ignore_errors=True)


class Tap:
    """Minimal TAP writer: each check is one test point."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        if cond:
            print(f"ok {self.n} {name}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.n} {name}", flush=True)
            for line in str(detail).splitlines():
                print(f"# {line}", flush=True)
        return cond

    def note(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)

    def bail(self, text):
        print(f"Bail out! {text}", flush=True)

    def done(self):
        print(f"1..{self.n}", flush=True)
        return 1 if self.failed else 0
