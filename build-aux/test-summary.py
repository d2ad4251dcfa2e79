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
            if result == 'OK' or result == 'EXPECTEDFAIL':
                passed += 1
            elif result == 'SKIP':
                skipped += 1
            else:
                failed += 1
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
