#!/bin/sh
# soak.sh - long runs that a unit test cannot afford:
#   - 10^8 scheduler steps (100 tasks sleeping in a loop) in the memory that
#     10^6 steps take: nothing grows with the number of steps;
#   - headless worker-pool at 10^6 items in the memory of 10^4 items;
#   - the dashboard, playing, through 1,000 resizes (some below 80x24),
#     still answering keys, then quitting with the terminal restored.
# Ends with "N passed, N failed". Run from .ci/run; by hand: sh tests/soak.sh
set -u
cd "$(dirname "$0")/.."
CC=${CC:-cc}
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

make --no-print-directory -s aqsim build/libsim.a build/libscenarios.a >/dev/null || exit 1
mkdir -p build/bench
FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -I."
# shellcheck disable=SC2086
$CC $FLAGS -o build/bench/sched_bench bench/sched_bench.c build/libscenarios.a build/libsim.a -lm &&
    $CC $FLAGS -o build/bench/rss bench/rss.c || exit 1

kb() { sed -n 's/.*maxrss_kb=\([0-9]*\).*/\1/p' "$1" | tail -n 1; }

# flat SMALL BIG WHAT: BIG within 25% (and 1 MB) of SMALL
flat() {
    if [ -n "$1" ] && [ -n "$2" ] && [ "$2" -le $(($1 + $1 / 4 + 1024)) ]; then
        ok "$3: $1 kB, then $2 kB"
    else
        bad "$3: memory grew from ${1:-?} kB to ${2:-?} kB"
    fi
}

# rss runs the command with its output to /dev/null and prints maxrss_kb=.
build/bench/rss build/bench/sched_bench 1000000 100 >build/bench/soak-small.rss
build/bench/rss build/bench/sched_bench 100000000 100 >build/bench/soak-big.rss
flat "$(kb build/bench/soak-small.rss)" "$(kb build/bench/soak-big.rss)" "10^8 scheduler steps"

build/bench/rss ./aqsim --headless worker-pool --items 10000 --workers 100 --maxsize 50 \
    >build/bench/soak-wp4.rss
build/bench/rss ./aqsim --headless worker-pool --items 1000000 --workers 100 --maxsize 50 \
    >build/bench/soak-wp6.rss
flat "$(kb build/bench/soak-wp4.rss)" "$(kb build/bench/soak-wp6.rss)" "worker-pool 10^6 items"

if ! command -v tmux >/dev/null 2>&1; then
    echo "soak: tmux not installed; the dashboard soak is skipped"
else
    sock="aqsim-soak-$$"
    t() { tmux -L "$sock" "$@"; }
    # screen_has TEXT: poll the screen for up to 10 s (polling, not a fixed wait).
    screen_has() {
        n=0
        while [ $n -lt 200 ]; do
            t capture-pane -p -t 0 | grep -q "$1" && return 0
            sleep 0.05
            n=$((n + 1))
        done
        return 1
    }
    t -f /dev/null new-session -d -x 100 -y 30 \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color sh" >/dev/null 2>&1
    t set-option -g status off >/dev/null 2>&1
    # The verdict is quoted so that the typed command line never reads as it.
    t send-keys -t 0 -l "stty -g > build/bench/soak.tty.a; ./aqsim worker-pool --items 100000; stty -g > build/bench/soak.tty.b; cmp -s build/bench/soak.tty.a build/bench/soak.tty.b && r=SAME || r=DIFF; echo soak-tty:\" \$r\""
    t send-keys -t 0 Enter
    screen_has "step 0 " || bad "the dashboard did not start"
    t send-keys -t 0 space + + + + +
    i=0
    while [ $i -lt 1000 ]; do
        case $((i % 4)) in
            0) t resize-window -t 0 -x 80 -y 24 ;;
            1) t resize-window -t 0 -x 120 -y 40 ;;
            2) t resize-window -t 0 -x 50 -y 12 ;;
            3) t resize-window -t 0 -x 100 -y 30 ;;
        esac
        i=$((i + 1))
    done
    # Still alive and answering, once it has drawn the last size (its
    # header reaching the 100th column, not an older, narrower frame):
    # pause, restart, and a step shows up in the header.
    screen_has '^.\{92,\}? help *$' || bad "no dashboard after the resizes"
    t send-keys -t 0 space r n
    if screen_has "step 1 "; then
        ok "dashboard after 1,000 resizes answers keys"
    else
        bad "dashboard after 1,000 resizes:"
        t capture-pane -p -t 0
    fi
    t send-keys -t 0 q
    if screen_has "soak-tty: " && t capture-pane -p -t 0 | grep -q "soak-tty: SAME"; then
        ok "dashboard quit after the resizes, terminal restored"
    else
        bad "terminal not restored after the resizes:"
        t capture-pane -p -t 0
    fi
    t kill-server >/dev/null 2>&1
    rm -f build/bench/soak.tty.a build/bench/soak.tty.b
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
