#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Adds up meson's test logs of several build folders into one line:
"N passed, N failed, N skipped". Exits non-zero when anything failed or
when no test ran at all."""

import json
import os
import sys

passed = failed = skipped = 0
failures = []

args = sys.argv[1:]
while args and args[0] == '--failed':
    failures.append(args[1])
    failed += 1
    args = args[2:]

for build in args:
    log = os.path.join(build, 'meson-logs', 'testlog.json')
    if not os.path.exists(log):
        failures.append(f'{build}: no test log')
        failed += 1
        continue
    with open(log, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            entry = json.loads(line)
            result = entry.get('result')
            name = f"{os.path.basename(build)}: {entry.get('name')}"
            # Count the TAP test cases a program reported, so the line
            # says how many checks ran; a program that crashed or failed
            # without a "not ok" still counts as one failure.
            ok = not_ok = skip = 0
            bailed = False
            for out in (entry.get('stdout') or '').splitlines():
                if out.startswith('Bail out!'):
                    bailed = True
                elif out.startswith('ok '):
                    if '# SKIP' in out or '# skip' in out:
                        skip += 1
                    else:
                        ok += 1
                elif out.startswith('not ok '):
                    if '# TODO' in out:
                        skip += 1
                    else:
                        not_ok += 1
            if bailed and result in ('OK', 'EXPECTEDFAIL'):
                result = 'BAILED OUT'
            if result in ('OK', 'EXPECTEDFAIL'):
                passed += max(ok, 1) if not skip else ok
                skipped += skip
                failed += not_ok
            elif result == 'SKIP':
                skipped += max(skip, 1)
            else:
                passed += ok
                skipped += skip
                failed += max(not_ok, 1)
                failures.append(f'{name} ({result})')

for f in failures:
    print(f'FAILED: {f}')

if passed + failed == 0:
    failed = 1
    print('FAILED: no test ran')

line = f'{passed} passed, {failed} failed'
if skipped:
    line += f', {skipped} skipped'
print(line)
sys.exit(1 if failed else 0)
