#!/bin/sh
# compilers.sh - aqsim builds warning-free (-Werror) with gcc and clang at
# -O0 and -O2, and every build writes the same JSONL trace, byte for byte,
# for every scenario: the simulation does not depend on the compiler or its
# optimisations (no uninitialised reads, no evaluation-order accidents, no
# x87 or fused floating point). Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
builds=""
for cc in gcc clang; do
    if ! command -v "$cc" >/dev/null 2>&1; then
        echo "compilers: $cc not installed; skipped"
        continue
    fi
    for opt in -O0 -O2; do
        dir="build-cc-$cc$opt"
        if make --no-print-directory BUILD="$dir" BIN="$dir/aqsim" CC="$cc" CFLAGS="$opt" \
                WERROR=1 "$dir/aqsim" >"$dir.log" 2>&1; then
            passed=$((passed + 1))
            builds="$builds $dir"
        else
            failed=$((failed + 1))
            echo "FAIL: $cc $opt does not build warning-free:"
            tail -n 20 "$dir.log"
        fi
        rm -f "$dir.log"
    done
done
runs="producer-consumer|join|backpressure|worker-pool|priority|lifo|shutdown|pool-stats|retry|queue-shutdown|worker-pool --items 200 --workers 7 --maxsize 3 --seed 42|shutdown --workers 3 --timeout 0.1 --python 3.11|shutdown --workers 3 --timeout 0.1 --python 3.13|retry --items 30 --workers 4 --seed 9"
IFS='|'
for run in $runs; do
    IFS=' '
    ref=""
    same=1
    for dir in $builds; do
        # shellcheck disable=SC2086
        sum=$("$dir/aqsim" --headless $run --trace jsonl | cksum)
        if [ -z "$ref" ]; then
            ref="$sum"
        elif [ "$sum" != "$ref" ]; then
            same=0
            echo "FAIL: '$run': $dir writes a different trace"
        fi
    done
    if [ "$same" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    IFS='|'
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
