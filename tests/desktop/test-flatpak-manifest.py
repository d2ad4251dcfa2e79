#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: the app id and command the rest of the
project uses, a GNOME runtime, and the narrowest sandbox that works (network,
Wayland with X11 fallback, DRI, notifications through the portal, no
filesystem access). Then lets flatpak-builder parse it. TAP output."""

import json
import os
import shutil
import subprocess
import sys

src = os.environ.get('MC_SOURCE_DIR', os.path.join(os.path.dirname(__file__), '..', '..'))
path = os.path.join(src, 'flatpak', 'io.github.messagecredits.MessageCredits.json')

results = []


def check(name, cond, detail=''):
    results.append((name, bool(cond), detail))


with open(path, encoding='utf-8') as f:
    manifest = json.load(f)

check('app id', manifest.get('id', manifest.get('app-id')) == 'io.github.messagecredits.MessageCredits',
      manifest.get('id'))
check('command', manifest.get('command') == 'message-credits', manifest.get('command'))
check('runtime is the GNOME platform', manifest.get('runtime') == 'org.gnome.Platform'
      and manifest.get('sdk') == 'org.gnome.Sdk')
version = str(manifest.get('runtime-version', ''))
check('runtime version is a GNOME release number', version.isdigit() and int(version) >= 47, version)

args = manifest.get('finish-args', [])
expected = {'--share=network', '--share=ipc', '--socket=wayland', '--socket=fallback-x11',
            '--device=dri'}
check('has network, ipc, wayland, fallback-x11, dri', expected <= set(args), args)
allowed = expected | {'--talk-name=org.freedesktop.FileManager1'}
check('no permission beyond the narrow set', set(args) <= allowed, sorted(set(args) - allowed))
check('no filesystem access (export goes through the portal)',
      not any(a.startswith('--filesystem') for a in args))
check('no plain X11 socket, no session or system bus wide open',
      '--socket=x11' not in args and '--socket=session-bus' not in args
      and '--socket=system-bus' not in args)
check('notifications through the portal, not the daemon directly',
      '--talk-name=org.freedesktop.Notifications' not in args)
check('no device=all', '--device=all' not in args)

modules = manifest.get('modules', [])
names = [m.get('name') if isinstance(m, dict) else m for m in modules]
check('builds the project last, with meson', names and names[-1] == 'message-credits'
      and modules[-1].get('buildsystem') == 'meson', names)
check('brings libnotify (absent from the runtime)', 'libnotify' in names)

fb = shutil.which('flatpak-builder')
if fb:
    # flatpak-builder warns about its own deprecated properties: that is
    # not ours to make fatal.
    env = dict(os.environ)
    env.pop('G_DEBUG', None)
    proc = subprocess.run([fb, '--show-manifest', path], capture_output=True, text=True, env=env)
    check('flatpak-builder --show-manifest accepts it', proc.returncode == 0, proc.stderr.strip())
    if proc.returncode == 0:
        shown = json.loads(proc.stdout)
        check('flatpak-builder reads the same id', shown.get('id', shown.get('app-id'))
              == 'io.github.messagecredits.MessageCredits')

print(f'1..{len(results)}')
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}")
    if not ok:
        print(f'# {detail}')
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
