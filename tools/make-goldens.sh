#!/usr/bin/env bash
# make-goldens.sh ORACLE_DIR - regenerate tests/golden/ from a reference
# runner: a directory holding vclock.py (CPython asyncio under a virtual
# clock) and programs/SCENARIO.py. Each variant in tests/golden/variants.txt
# is run on CPython 3.11, 3.12 and 3.13 (found through pyenv); the outputs
# become tests/golden/<version>/<name>.txt and MANIFEST lists them.
# A variant with --mistake runs the program `aqsim --export-py` writes with
# the mistake in, so ./aqsim must be built; MANIFEST then gives the exit
# status aqsim must match (3: the loop deadlocked, 4: main() raised) and,
# for a deadlock, CPython's time of it and the lines the tasks wait at.
# The test suite itself never needs Python: it reads the committed files.
set -euo pipefail
oracle="${1:?usage: make-goldens.sh ORACLE_DIR}"
here="$(cd "$(dirname "$0")/.." && pwd)"
gold="$here/tests/golden"
variants="$gold/variants.txt"

py_for() {
    local want="$1" v
    v=$(pyenv versions --bare 2>/dev/null | grep -E "^${want//./\\.}\.[0-9]+$" | sort -V | tail -n 1)
    [[ -n "$v" ]] || { echo "make-goldens: CPython $want not found" >&2; exit 1; }
    echo "$(pyenv root)/versions/$v/bin/python3"
}

manifest="$gold/MANIFEST"
tmp="$(mktemp)"
prog="$(mktemp --suffix=.py)"
err="$(mktemp)"
trap 'rm -f "$prog" "$err"' EXIT
{
    echo "# version<TAB>file<TAB>scenario and flags, as given to aqsim --headless."
    echo "# Expected outputs made by running the tutorial's Python programs on real"
    echo "# CPython (the named version) with a virtual clock: random.seed(SEED) first,"
    echo "# time.perf_counter() is virtual time, the event loop's clock jumps to the"
    echo "# next timer instead of sleeping. Mistakes (--mistake): the program as"
    echo "# \`aqsim --export-py\` writes it with the mistake in, run the same way; then"
    echo "# <TAB>the exit status aqsim must give (3: the loop deadlocked, 4: main()"
    echo "# raised) and for a deadlock <TAB>t=CPython's time of it, rounded, and"
    echo "# lines=the line each pending task waits at."
} > "$tmp"
for ver in 3.11 3.12 3.13; do
    py="$(py_for "$ver")"
    mkdir -p "$gold/$ver"
    while read -r line; do
        [[ -z "$line" || "$line" == \#* ]] && continue
        read -r -a args <<< "$line"
        scenario="${args[0]}"
        [[ "$scenario" == queue-shutdown && "$ver" != 3.13 ]] && continue
        name="$(echo "$line" | sed 's/ --/./g; s/ /=/g; s/\.seed=/.seed/')"
        if [[ "$line" != *--mistake* ]]; then
            "$py" "$oracle/vclock.py" "$oracle/programs/$scenario.py" "${args[@]:1}" > "$gold/$ver/$name.txt"
            printf '%s\t%s\t%s\n' "$ver" "$ver/$name.txt" "$line" >> "$tmp"
            continue
        fi
        "$here/aqsim" "${args[@]}" --python "$ver" --export-py "$prog" 2> /dev/null
        status=0
        "$py" "$oracle/vclock.py" "$prog" > "$gold/$ver/$name.txt" 2> "$err" || status=$?
        extra=""
        case "$status" in
            0) ;;
            1) extra=$'\t4' ;; # a traceback: main() raised
            3) # vclock: DEADLOCK ... at t=T ...; "  Task-N: fn() line L" a task
                t=$(sed -n 's/.*DEADLOCK.* at t=\([0-9.e+-]*\) .*/\1/p' "$err")
                lines=$(sed -n 's/^  Task-[0-9]*: .* line \([0-9]*\)$/\1/p' "$err" | paste -sd, -)
                extra=$(printf '\t3\tt=%.2f lines=%s' "$t" "$lines") ;;
            *) echo "make-goldens: $line on $ver: exit $status" >&2; exit 1 ;;
        esac
        printf '%s\t%s\t%s%s\n' "$ver" "$ver/$name.txt" "$line" "$extra" >> "$tmp"
    done < "$variants"
done
mv "$tmp" "$manifest"
echo "make-goldens: $(grep -vc '^#' "$manifest") transcripts"
