#!/usr/bin/env bash
# make-goldens.sh ORACLE_DIR - regenerate tests/golden/ from a reference
# runner: a directory holding vclock.py (CPython asyncio under a virtual
# clock) and programs/SCENARIO.py. Each variant in tests/golden/variants.txt
# is run on CPython 3.11, 3.12 and 3.13 (found through pyenv); the outputs
# become tests/golden/<version>/<name>.txt and MANIFEST lists them.
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
{
    echo "# version<TAB>file<TAB>scenario and flags, as given to aqsim --headless."
    echo "# Expected outputs made by running the tutorial's Python programs on real"
    echo "# CPython (the named version) with a virtual clock: random.seed(SEED) first,"
    echo "# time.perf_counter() is virtual time, the event loop's clock jumps to the"
    echo "# next timer instead of sleeping."
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
        "$py" "$oracle/vclock.py" "$oracle/programs/$scenario.py" "${args[@]:1}" > "$gold/$ver/$name.txt"
        printf '%s\t%s\t%s\n' "$ver" "$ver/$name.txt" "$line" >> "$tmp"
    done < "$variants"
done
mv "$tmp" "$manifest"
echo "make-goldens: $(grep -vc '^#' "$manifest") transcripts"
