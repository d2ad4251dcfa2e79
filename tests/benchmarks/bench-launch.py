# SPDX-License-Identifier: GPL-3.0-or-later
"""The app's start beside gnome-calculator's (issue 9, testing.md's method).

On a desktop of its own (Xvfb, a private session bus, the accessibility bus
as a real session has it), with a local service whose database already
exists, it starts `message-credits --server URL` (the token in
MESSAGE_CREDITS_TOKEN, as the app takes it with --server) and
gnome-calculator alternately, one warm-up run of each first, then --runs
counted runs of each. mc-launch-timer times each start: exec to the X
MapNotify of the first toplevel (both programs), to the app's balance-shown
mark, and reads VmRSS two seconds after the balance shows (the calculator:
two seconds after its window maps).

Prints the runs, then a Markdown table for the README. Exits 1 when a run
fails (no window, no balance) and, without --no-targets, when a target is
missed: first frame within 1.1x of the calculator's, balance within 300 ms
of launch, RSS within 1.1x of the calculator's (medians)."""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile

FIRST_FRAME_RATIO = 1.1
BALANCE_MS = 300
RSS_RATIO = 1.1

# What meson's test environment sets to catch bugs, not what a person runs
# with: checks that cost time and memory (and fatal-warnings would end the
# calculator at its first warning).
NOT_A_SESSION = ("G_DEBUG", "G_ENABLE_DIAGNOSTIC", "G_SLICE", "MALLOC_CHECK_", "MALLOC_PERTURB_",
                 "GSETTINGS_BACKEND", "GIO_USE_VFS", "GIO_USE_VOLUME_MONITOR",
                 "MESSAGE_CREDITS_TRACE_FD", "MESSAGE_CREDITS_TOKEN", "AT_SPI_BUS_ADDRESS",
                 "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY")


class Desktop:
    """Xvfb, a session bus and the accessibility bus of our own."""

    def __init__(self):
        self.processes = []
        self.env = {k: v for k, v in os.environ.items() if k not in NOT_A_SESSION}
        self.env.update({"GSK_RENDERER": "cairo", "GDK_DEBUG": "gl-disable"})
        self.env["DISPLAY"] = ":" + self._read_line(
            ["Xvfb", "-displayfd", "{fd}", "-screen", "0", "1280x800x24", "-noreset",
             "-nolisten", "tcp"], "Xvfb")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self._read_line(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address={fd}"],
            "dbus-daemon")
        # The accessibility bus, started at login in a real session; GTK 4.8
        # finds it through the X root window.
        self.spawn(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["gdbus", "wait", "--session", "--timeout", "20", "org.a11y.Bus"],
                       env=self.env, check=True)

    def _read_line(self, argv, what):
        read, write = os.pipe()
        self.spawn([a.replace("{fd}", str(write)) for a in argv], pass_fds=(write,),
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            line = f.readline().strip()
        if not line:
            raise SystemExit(f"bench-launch: {what} did not start")
        return line

    def spawn(self, argv, **kwargs):
        process = subprocess.Popen(argv, env=self.env, **kwargs)
        self.processes.append(process)
        return process

    def stop(self):
        for p in reversed(self.processes):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()


def parse_arguments():
    build = os.environ.get("MC_BUILD_DIR", "")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="counted runs of each program")
    parser.add_argument("--no-targets", action="store_true", help="report only")
    parser.add_argument("--timer", default=os.path.join(build, "tests", "benchmarks",
                                                        "mc-launch-timer"))
    parser.add_argument("--app", default=os.path.join(build, "src", "app", "message-credits"))
    parser.add_argument("--service", default=os.path.join(build, "src", "service",
                                                          "message-credits-service"))
    parser.add_argument("--schemas", default=os.path.join(build, "data"))
    parser.add_argument("--calculator", default="gnome-calculator")
    parser.add_argument("--json", help="write every run here too")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    calculator = shutil.which(args.calculator)
    if calculator is None:
        parser.error(f"{args.calculator} is not installed (build-aux/install-deps)")
    args.calculator = calculator
    return args


def start_service(desktop, service, db):
    """The database exists before anything is timed: `demo` creates it."""
    account = json.loads(subprocess.run([service, "demo", "--db", db], check=True,
                                        capture_output=True, text=True).stdout)
    process = desktop.spawn([service, "serve", "--db", db, "--listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        raise SystemExit("bench-launch: the service did not start")
    return url, account["token"]


def one_run(args, desktop, tmp, name, n, argv, marks, extra_env):
    """One start of one program; returns mc-launch-timer's JSON."""
    run_dir = os.path.join(tmp, f"{name}-{n}")
    env = dict(desktop.env)
    env.update({
        "XDG_CONFIG_HOME": os.path.join(run_dir, "config"),
        "XDG_DATA_HOME": os.path.join(run_dir, "data"),
        "XDG_CACHE_HOME": os.path.join(tmp, f"{name}-cache"),  # kept between runs
    })
    env.update(extra_env)
    timer = [args.timer] + (["--marks"] if marks else []) + ["--"] + argv
    log = os.path.join(tmp, f"{name}.log")
    with open(log, "ab") as stderr:
        reply = subprocess.run(timer, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True,
                               timeout=90)
    shutil.rmtree(run_dir, ignore_errors=True)
    try:
        result = json.loads(reply.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        result = {"error": f"mc-launch-timer said {reply.stdout!r}"}
    if reply.returncode != 0 and "error" not in result:
        result["error"] = f"mc-launch-timer ended with {reply.returncode}"
    if "error" in result:
        with open(log, errors="replace") as f:
            sys.stderr.write(f.read()[-3000:])
        raise SystemExit(f"bench-launch: {name} run {n}: {result['error']}")
    return result


def summary(values):
    return statistics.median(values), min(values), max(values)


def ms(triple):
    median, low, high = triple
    return f"{median:.0f} ms ({low:.0f}–{high:.0f})"


def mib(triple):
    median, low, high = triple
    return f"{median / 1024:.1f} MiB ({low / 1024:.1f}–{high / 1024:.1f})"


def main():
    args = parse_arguments()
    desktop = Desktop()
    tmp = tempfile.mkdtemp(prefix="bench-launch-")
    try:
        url, token = start_service(desktop, args.service, os.path.join(tmp, "credits.db"))
        programs = [
            ("app", [args.app, "--server", url], True,
             {"MESSAGE_CREDITS_TOKEN": token, "GSETTINGS_SCHEMA_DIR": args.schemas}),
            ("calculator", [args.calculator], False, {}),
        ]
        runs = {name: [] for name, *_ in programs}
        # Warm-up (0) fills the font and icon caches and the page cache; not counted.
        for n in range(args.runs + 1):
            for name, argv, marks, extra in programs:
                result = one_run(args, desktop, tmp, name, n, argv, marks, extra)
                print(f"# {name} {'warm-up' if n == 0 else f'run {n}'}: {json.dumps(result)}",
                      flush=True)
                if n > 0:
                    runs[name].append(result)
    finally:
        desktop.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    app, calculator = runs["app"], runs["calculator"]
    app_map = summary([r["map_ms"] for r in app])
    app_paint = summary([r["first_frame_ms"] for r in app])
    calc_map = summary([r["map_ms"] for r in calculator])
    balance = summary([r["balance_ms"] for r in app])
    app_rss = summary([r["rss_kib"] for r in app])
    calc_rss = summary([r["rss_kib"] for r in calculator])
    stall = summary([r["longest_stall_ms"] for r in app])
    app_cpu_map = summary([r["cpu_map_ms"] for r in app])
    calc_cpu_map = summary([r["cpu_map_ms"] for r in calculator])
    cpu_balance = summary([r["cpu_balance_ms"] for r in app])

    frame_ratio = app_map[0] / calc_map[0]
    rss_ratio = app_rss[0] / calc_rss[0]
    checks = [
        ("first frame", frame_ratio <= FIRST_FRAME_RATIO),
        ("balance shown", balance[0] <= BALANCE_MS),
        ("resident memory", rss_ratio <= RSS_RATIO),
    ]

    def verdict(ok):
        return "met" if ok else "**missed**"

    print(f"\nMedians of {args.runs} runs each, alternating (min–max in brackets):\n")
    print("| measurement | Message Credits | gnome-calculator | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| launch to first frame (X MapNotify) | {ms(app_map)} | {ms(calc_map)} "
          f"| {frame_ratio:.2f} × | within {FIRST_FRAME_RATIO} × ({verdict(checks[0][1])}) |")
    print(f"| launch to balance shown (painted) | {ms(balance)} | — | — "
          f"| within {BALANCE_MS} ms ({verdict(checks[1][1])}) |")
    print(f"| resident memory (VmRSS) 2 s after | {mib(app_rss)} | {mib(calc_rss)} "
          f"| {rss_ratio:.2f} × | within {RSS_RATIO} × ({verdict(checks[2][1])}) |")
    print(f"\nThe app's own first-frame mark (painted): {ms(app_paint)}; "
          f"longest main-loop stall during the start: {ms(stall)}.\n"
          f"CPU time used (all threads) by the first frame: {ms(app_cpu_map)}, "
          f"gnome-calculator {ms(calc_cpu_map)}; by the balance shown: {ms(cpu_balance)}.",
          flush=True)

    if args.json:
        with open(args.json, "w") as f:
            json.dump(runs, f, indent=1)

    missed = [name for name, ok in checks if not ok]
    if missed and not args.no_targets:
        print(f"# targets missed: {', '.join(missed)}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
