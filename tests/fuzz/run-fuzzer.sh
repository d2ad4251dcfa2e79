#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one libFuzzer target for a fixed time on a temporary copy of its seed
# corpus, so the source tree stays clean, and fails on any crash, sanitizer
# report, leak, slow input or out-of-memory.
#
#   run-fuzzer.sh TARGET CORPUS_DIR [LIBFUZZER_FLAG...]
#
# MC_FUZZ_SECONDS     how long to fuzz (default 20)
# MC_FUZZ_ARTIFACTS   where to keep the inputs that failed (default ./fuzz-artifacts,
#                     relative to the working directory: the build directory under meson)

set -uo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: $0 TARGET CORPUS_DIR [LIBFUZZER_FLAG...]" >&2
    exit 2
fi

target=$1
corpus=$2
shift 2
seconds=${MC_FUZZ_SECONDS:-20}
name=$(basename "$target")
here=$(cd "$(dirname "$0")" && pwd)

if [[ ! -x "$target" ]]; then
    echo "$0: $target is not an executable" >&2
    exit 2
fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -lt 1 ]]; then
    echo "$0: MC_FUZZ_SECONDS must be a whole number of seconds, not '$seconds'" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mc-fuzz-$name.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/artifacts"
if [[ -d "$corpus" ]]; then
    cp -R "$corpus"/. "$work/corpus/"
else
    echo "$0: no seed corpus at $corpus; starting from nothing" >&2
fi
seeds=$(find "$work/corpus" -type f | wc -l)

# Sanitizer reports must stop the run, not scroll past.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}
supp="$here/../../build-aux/lsan.supp"
if [[ -z "${LSAN_OPTIONS:-}" && -f "$supp" ]]; then
    export LSAN_OPTIONS="suppressions=$supp"
fi

echo "$name: fuzzing for ${seconds}s from $seeds seeds"
# -max_total_time ends a healthy run; timeout(1) ends one that hangs anyway.
timeout --kill-after=30 $((seconds + 120)) \
    "$target" \
    -max_total_time="$seconds" \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -max_len=4096 \
    -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" \
    "$@" \
    "$work/corpus"
status=$?

artifacts=("$work"/artifacts/*)
if [[ $status -eq 0 && ! -e "${artifacts[0]}" ]]; then
    echo "$name: no failure in ${seconds}s ($(find "$work/corpus" -type f | wc -l) inputs in the corpus)"
    exit 0
fi

echo "$name: FAILED (exit status $status)"
if [[ -e "${artifacts[0]}" ]]; then
    keep=${MC_FUZZ_ARTIFACTS:-$PWD/fuzz-artifacts}
    mkdir -p "$keep"
    for a in "${artifacts[@]}"; do
        cp "$a" "$keep/$name-$(basename "$a")"
        echo "  input kept as $keep/$name-$(basename "$a"), base64:"
        head -c 1024 "$a" | base64 | sed 's/^/    /'
        echo "  reproduce: $target $keep/$name-$(basename "$a")"
    done
fi
exit 1
