#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""meson install into a temporary DESTDIR, then checks what a distribution
would ship: every file in place and named after the configured app id, the
installed desktop entry and metainfo valid, the schema compiling, the Hindi
catalogue, `message-credits --version` from the installed binary, and D-Bus
activation as GNOME Shell does it for DBusActivatable=true: a session bus
that knows only the installed service file starts the installed app with
--gapplication-service on org.freedesktop.Application.Activate, its window
appears, and app.quit ends it. TAP output; runs inside its own D-Bus session
(meson wraps it in dbus-run-session)."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mcdesktop  # noqa: E402  (drops G_DEBUG for the tools started here)

BUILD = mcdesktop.BUILD
tap = mcdesktop.Tap()


def build_options():
    with open(os.path.join(BUILD, "meson-info", "intro-buildoptions.json"), encoding="utf-8") as f:
        return {o["name"]: o["value"] for o in json.load(f)}


def app_id():
    with open(os.path.join(BUILD, "config.h"), encoding="utf-8") as f:
        return re.search(r'#define APP_ID "([^"]+)"', f.read()).group(1)


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, **kwargs)


def main():
    tmp = tempfile.mkdtemp(prefix="mc-install-")
    processes = []
    try:
        check(tmp, processes)
    finally:
        for p in reversed(processes):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    return tap.done()


def check(tmp, processes):
    options = build_options()
    prefix = options["prefix"]
    ident = app_id()
    dest = os.path.join(tmp, "dest")

    def installed(*parts):
        return os.path.join(dest + prefix, *parts)

    result = run(["meson", "install", "-C", BUILD, "--no-rebuild", "--quiet", "--destdir", dest])
    if not tap.ok(result.returncode == 0, "meson install --destdir",
                  result.stdout[-2000:] + result.stderr[-2000:]):
        return

    bindir = options["bindir"]
    datadir = options["datadir"]
    share = installed(datadir)
    expected = [
        os.path.join(bindir, "message-credits"),
        os.path.join(bindir, "message-credits-service"),
        os.path.join(datadir, "applications", ident + ".desktop"),
        os.path.join(datadir, "metainfo", ident + ".metainfo.xml"),
        os.path.join(datadir, "glib-2.0", "schemas", ident + ".gschema.xml"),
        os.path.join(datadir, "dbus-1", "services", ident + ".service"),
        os.path.join(datadir, "icons", "hicolor", "scalable", "apps", ident + ".svg"),
        os.path.join(datadir, "icons", "hicolor", "symbolic", "apps", ident + "-symbolic.svg"),
        os.path.join(options["localedir"], "hi", "LC_MESSAGES", "message-credits.mo"),
    ]
    missing = [p for p in expected if not os.path.isfile(installed(p))]
    tap.ok(not missing, f"installs the files of {ident}", "missing: " + ", ".join(missing))

    desktop = installed(datadir, "applications", ident + ".desktop")
    metainfo = installed(datadir, "metainfo", ident + ".metainfo.xml")
    if os.path.isfile(desktop):
        text = open(desktop, encoding="utf-8").read()
        r = run(["desktop-file-validate", desktop])
        tap.ok(r.returncode == 0 and "DBusActivatable=true" in text
               and f"Icon={ident}\n" in text and "Categories=Office;Finance;" in text,
               "the installed desktop entry is valid, D-Bus activatable, with its icon",
               r.stdout + r.stderr)
    if os.path.isfile(metainfo):
        text = open(metainfo, encoding="utf-8").read()
        r = run(["appstreamcli", "validate", "--no-net", metainfo])
        tap.ok(r.returncode == 0 and f"<launchable type=\"desktop-id\">{ident}.desktop<" in text,
               "the installed metainfo is valid and launches the desktop entry",
               r.stdout + r.stderr)

    schemas = os.path.join(tmp, "schemas")
    shutil.copytree(installed(datadir, "glib-2.0", "schemas"), schemas)
    r = run(["glib-compile-schemas", "--strict", schemas])
    tap.ok(r.returncode == 0, "the installed schema compiles (what gnome.post_install does)",
           r.stdout + r.stderr)

    service = installed(datadir, "dbus-1", "services", ident + ".service")
    exec_line = ""
    if os.path.isfile(service):
        text = open(service, encoding="utf-8").read()
        exec_line = re.search(r"^Exec=(.*)$", text, re.M).group(1)
        tap.ok(f"Name={ident}\n" in text and
               exec_line == os.path.join(prefix, bindir, "message-credits") + " --gapplication-service",
               "the D-Bus service file starts the installed app as a service", text)

    app = installed(bindir, "message-credits")
    r = run([app, "--version"])
    tap.ok(r.returncode == 0 and re.fullmatch(r"message-credits \d+\.\d+\.\d+\n", r.stdout),
           "the installed message-credits --version", f"{r.returncode} {r.stdout!r} {r.stderr!r}")

    activate(tmp, processes, ident, exec_line, dest, schemas)


def activate(tmp, processes, ident, exec_line, dest, schemas):
    """D-Bus activation of the installed app, as the shell does it."""
    if not exec_line:
        tap.ok(False, "D-Bus activation", "no service file")
        return
    # The service file names the real prefix; the files sit under DESTDIR.
    services = os.path.join(tmp, "activation", "dbus-1", "services")
    os.makedirs(services)
    with open(os.path.join(services, ident + ".service"), "w", encoding="utf-8") as f:
        f.write(f"[D-BUS Service]\nName={ident}\nExec={dest}{exec_line}\n")

    read_fd, write_fd = os.pipe()
    processes.append(subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
                                       "1280x800x24", "-nolisten", "tcp", "-noreset"],
                                      pass_fds=(write_fd,), stderr=subprocess.DEVNULL))
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        display = ":" + f.readline().strip()

    env = dict(os.environ)
    env.update({
        "DISPLAY": display,
        "XDG_DATA_DIRS": os.path.join(tmp, "activation") + ":/usr/local/share:/usr/share",
        "XDG_DATA_HOME": os.path.join(tmp, "data"),
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
        "XDG_RUNTIME_DIR": os.path.join(tmp, "runtime"),
        "GSETTINGS_SCHEMA_DIR": schemas,
        "GSETTINGS_BACKEND": "memory",
        "GSK_RENDERER": "cairo",
        "GDK_DEBUG": "gl-disable",
        "GTK_A11Y": "none",
    })
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700)
    path = "/" + ident.replace(".", "/")
    # A session bus of its own that reads its service files from
    # XDG_DATA_DIRS as the desktop's does; the script runs inside it.
    script = f"""
set -e
gdbus call --session --dest {ident} --object-path {path} \\
  --method org.freedesktop.Application.Activate '{{}}' >/dev/null
xdotool search --sync --onlyvisible --name '^Message Credits$' >/dev/null
echo window
pid=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \\
  --method org.freedesktop.DBus.GetConnectionUnixProcessID {ident} | sed 's/[^0-9]*uint32 \\([0-9]*\\).*/\\1/')
echo "cmdline: $(tr '\\0' ' ' < /proc/$pid/cmdline)"
gdbus call --session --dest {ident} --object-path {path} \\
  --method org.freedesktop.Application.ActivateAction quit '[]' '{{}}' >/dev/null
for i in $(seq 50); do
  if ! kill -0 $pid 2>/dev/null; then echo quit; exit 0; fi
  sleep 0.1
done
echo "still running"; exit 1
"""
    started = time.monotonic()
    r = subprocess.run(["dbus-run-session", "--", "timeout", "30", "bash", "-c", script], env=env,
                       capture_output=True, text=True, timeout=60)
    out = r.stdout
    tap.ok(r.returncode == 0 and "window" in out and "quit" in out
           and f"{dest}{exec_line}".strip() in out,
           "D-Bus activation starts the installed app as a service, shows its window, "
           "app.quit ends it", f"exit {r.returncode}\n{out}\n{r.stderr[-1500:]}")
    tap.note(f"activation to quit: {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
