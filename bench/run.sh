#!/bin/sh
# bench/run.sh - aqsim's benchmarks. Prints numbers (it never asserts a
# timing) and writes bench/RESULTS.md with them and the machine they ran on.
#
#   sh bench/run.sh [AQSIM]          (make bench runs: sh bench/run.sh ./aqsim)
#
# What it measures:
#   a. wall time (best of 3) of
#        aqsim --headless worker-pool --items 1000000 --workers 100 --maxsize 50
#      and, when python3 and the reference runner are there, the same run of
#      the same program on CPython under vclock.py (about a minute), and the
#      ratio of the two;
#   b. the scheduler alone (bench/sched_bench.c): steps/s with 10, 1000 and
#      10000 tasks that loop on asyncio.sleep(random delay);
#   c. peak RSS of the headless worker-pool run at 10^4, 10^5, 10^6 items;
#   d. the dashboard's CPU use while paused and while playing at 10x, in a
#      detached tmux session of 120x40;
#   e. one step back 10^5 positions deep (bench/replay_bench.c): the
#      dashboard replays the run from the start.
#
# Environment:
#   AQSIM_REFERENCE_DIR   the reference runner (a directory holding vclock.py
#                         and programs/worker-pool.py); unset or missing: the
#                         CPython part is skipped
#   AQSIM_BENCH_PY_ITEMS  items for the CPython run (default 1000000, the same
#                         run; fewer for a quick look, its time then scaled
#                         linearly to 1000000 and marked as an estimate)
#   AQSIM_BENCH_PY_RUNS   CPython runs, best taken (default 1)
#   AQSIM_BENCH_STEPS     steps per size for the scheduler benchmark
#                         (default 2000000)
#   CC                    the C compiler for the helpers (default cc)
#
# The helpers (bench/sched_bench.c, bench/rss.c) are built into build/bench/
# against build/libsim.a and build/libscenarios.a, which `make` builds first
# if they are missing or out of date.
#
# Exit status: 0 when every benchmark that ran succeeded (skipped ones
# included), 1 when a command failed, 2 for a usage error.

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

aqsim_arg=${1:-./aqsim}
case $aqsim_arg in
/*) AQSIM=$aqsim_arg ;;
*/*) AQSIM=$(pwd)/$aqsim_arg ;;
*) AQSIM=$(command -v "$aqsim_arg" 2>/dev/null || echo "$(pwd)/$aqsim_arg") ;;
esac
if [ ! -x "$AQSIM" ]; then
    echo "bench/run.sh: $aqsim_arg is not an executable (build it with make)" >&2
    exit 2
fi

cd "$root" || exit 2

CC=${CC:-cc}
BUILD_DIR=build/bench
RESULTS=bench/RESULTS.md
PY_ITEMS=${AQSIM_BENCH_PY_ITEMS:-1000000}
PY_RUNS=${AQSIM_BENCH_PY_RUNS:-1}
STEPS=${AQSIM_BENCH_STEPS:-2000000}
ITEMS=1000000
WP_ARGS="--workers 100 --maxsize 50"

failed=0
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
tmp=$(mktemp -d "${TMPDIR:-/tmp}/aqsim-bench.XXXXXX") || exit 1
tmux_sock=aqsim-bench-$$
tmux_started=0

# shellcheck disable=SC2317  # called through trap
cleanup() {
    if [ "$tmux_started" = 1 ]; then
        tmux -L "$tmux_sock" kill-server >/dev/null 2>&1
        tmux_started=0
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Markdown fragments, assembled into RESULTS.md at the end.
: >"$tmp/md_a"
: >"$tmp/md_b"
: >"$tmp/md_c"
: >"$tmp/md_d"

say() { printf '%s\n' "$*"; }
# Arithmetic on decimals: calc EXPR (awk syntax, printf-style format first).
calc() { awk "BEGIN { printf $1 }"; }
field() { # field NAME LINE: the value of NAME=... in LINE
    printf '%s\n' "$2" | sed -n "s/.*$1=\([^ ]*\).*/\1/p"
}

# ---- build ----

say "== building the helpers into $BUILD_DIR/"
if ! make --no-print-directory build/libsim.a build/libscenarios.a build/libui.a >"$tmp/make.log" 2>&1; then
    if [ -f build/libsim.a ] && [ -f build/libscenarios.a ]; then
        say "   (make failed; using the existing build/libsim.a and build/libscenarios.a)"
    else
        cat "$tmp/make.log" >&2
        echo "bench/run.sh: cannot build build/libsim.a and build/libscenarios.a" >&2
        exit 1
    fi
fi
mkdir -p "$BUILD_DIR"
CFLAGS_BENCH="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -g -I. \
-Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes"
# shellcheck disable=SC2086
if ! $CC $CFLAGS_BENCH -o "$BUILD_DIR/sched_bench" bench/sched_bench.c \
        build/libscenarios.a build/libsim.a -lm; then
    echo "bench/run.sh: cannot build bench/sched_bench.c" >&2
    exit 1
fi
# shellcheck disable=SC2086
if ! $CC $CFLAGS_BENCH -o "$BUILD_DIR/rss" bench/rss.c; then
    echo "bench/run.sh: cannot build bench/rss.c" >&2
    exit 1
fi
RSS=$BUILD_DIR/rss

# best_of N OUTFILE CMD...: run CMD N times (stdout to OUTFILE); sets BEST
# (seconds) and ALL ("a / b / c"); returns 1 if a run failed.
best_of() {
    n=$1
    out=$2
    shift 2
    BEST=
    ALL=
    i=0
    while [ "$i" -lt "$n" ]; do
        i=$((i + 1))
        line=$("$RSS" -o "$out" "$@") || return 1
        st=$(field status "$line")
        if [ "$st" != 0 ]; then
            say "   FAILED: $* (exit status $st)"
            return 1
        fi
        w=$(field wall_s "$line")
        ALL="$ALL${ALL:+ / }$(calc "\"%.3f\", $w")"
        BEST=$(awk -v a="$BEST" -v b="$w" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
    done
    return 0
}

# ---- a. headless worker-pool, aqsim vs CPython ----

say ""
say "== a. headless worker-pool --items $ITEMS $WP_ARGS (wall time, best of 3)"
# shellcheck disable=SC2086
if best_of 3 /dev/null "$AQSIM" --headless worker-pool --items $ITEMS $WP_ARGS; then
    aq_best=$BEST
    aq_all=$ALL
    say "   aqsim:   $(calc "\"%.3f\", $aq_best") s  (runs: $aq_all s; $(calc "\"%.0f\", $ITEMS / $aq_best") items/s)"
else
    aq_best=
    failed=1
fi

py_note=
ref=${AQSIM_REFERENCE_DIR:-}
if [ -z "$ref" ]; then
    py_note="skipped: AQSIM_REFERENCE_DIR is not set (it names the reference runner: a directory with vclock.py and programs/worker-pool.py)"
elif [ ! -f "$ref/vclock.py" ] || [ ! -f "$ref/programs/worker-pool.py" ]; then
    py_note="skipped: AQSIM_REFERENCE_DIR=$ref has no vclock.py and programs/worker-pool.py"
elif ! command -v python3 >/dev/null 2>&1; then
    py_note="skipped: python3 is not installed"
fi
py_best=
if [ -n "$py_note" ]; then
    say "   CPython: $py_note"
else
    py_version=$(python3 --version 2>&1)
    say "   CPython ($py_version, vclock.py) on $PY_ITEMS items, best of $PY_RUNS ..."
    # shellcheck disable=SC2086
    if best_of "$PY_RUNS" "$tmp/py.out" python3 "$ref/vclock.py" "$ref/programs/worker-pool.py" \
            --items "$PY_ITEMS" $WP_ARGS; then
        py_best=$BEST
        py_all=$ALL
        py_scaled=$(calc "\"%.3f\", $py_best * $ITEMS / $PY_ITEMS")
        # The same size on aqsim, for a like-for-like ratio and an output check.
        # shellcheck disable=SC2086
        best_of 3 "$tmp/aq.out" "$AQSIM" --headless worker-pool --items "$PY_ITEMS" $WP_ARGS || failed=1
        aq_small=$BEST
        if cmp -s "$tmp/py.out" "$tmp/aq.out"; then
            same="identical"
        else
            same="DIFFERENT"
            failed=1
        fi
        say "   CPython: $(calc "\"%.3f\", $py_best") s for $PY_ITEMS items (runs: $py_all s; $(calc "\"%.0f\", $PY_ITEMS / $py_best") items/s)"
        [ "$PY_ITEMS" = "$ITEMS" ] ||
            say "            scaled to $ITEMS items: $py_scaled s (estimate: $PY_ITEMS items run, time x $(calc "\"%g\", $ITEMS / $PY_ITEMS"))"
        say "   aqsim on $PY_ITEMS items: $(calc "\"%.3f\", $aq_small") s; outputs of the two $PY_ITEMS-item runs: $same"
        if [ -n "$aq_best" ]; then
            ratio=$(calc "\"%.1f\", $py_scaled / $aq_best")
            ratio_small=$(calc "\"%.1f\", $py_best / $aq_small")
            if [ "$PY_ITEMS" = "$ITEMS" ]; then
                say "   ratio CPython / aqsim: ${ratio}x at $ITEMS items, both measured"
            else
                say "   ratio CPython / aqsim: ${ratio}x at $ITEMS items (CPython scaled); ${ratio_small}x measured at $PY_ITEMS items"
            fi
        fi
    else
        failed=1
        py_note="FAILED: python3 vclock.py programs/worker-pool.py did not run"
        say "   CPython: $py_note"
    fi
fi

{
    say "## a. Headless worker-pool: aqsim vs CPython"
    say ""
    say "\`--items N --workers 100 --maxsize 50\`, stdout to /dev/null, wall time, best of the runs."
    say ""
    say "| program | items | best (s) | runs (s) | items/s |"
    say "|---|---:|---:|---:|---:|"
    if [ -n "$aq_best" ]; then
        say "| aqsim --headless | $ITEMS | $(calc "\"%.3f\", $aq_best") | $aq_all | $(calc "\"%.0f\", $ITEMS / $aq_best") |"
    else
        say "| aqsim --headless | $ITEMS | failed | | |"
    fi
    if [ -n "$py_best" ]; then
        [ "$PY_ITEMS" = "$ITEMS" ] ||
            say "| aqsim --headless | $PY_ITEMS | $(calc "\"%.3f\", $aq_small") | | $(calc "\"%.0f\", $PY_ITEMS / $aq_small") |"
        say "| CPython vclock.py ($py_version) | $PY_ITEMS | $(calc "\"%.3f\", $py_best") | $py_all | $(calc "\"%.0f\", $PY_ITEMS / $py_best") |"
        [ "$PY_ITEMS" = "$ITEMS" ] ||
            say "| CPython, scaled linearly | $ITEMS | $py_scaled (estimate) | | |"
        say ""
        if [ -n "$aq_best" ] && [ "$PY_ITEMS" = "$ITEMS" ]; then
            say "CPython / aqsim: **${ratio}x** at $ITEMS items, both measured in this run."
        elif [ -n "$aq_best" ]; then
            say "CPython / aqsim: **${ratio}x** at $ITEMS items (CPython time scaled linearly from"
            say "$PY_ITEMS items), **${ratio_small}x** measured at $PY_ITEMS items."
        fi
        say "The two $PY_ITEMS-item runs printed $same output."
    else
        say ""
        say "CPython: $py_note."
    fi
    say ""
} >"$tmp/md_a"

# ---- b. scheduler micro-benchmark ----

say ""
say "== b. scheduler: N tasks looping on await asyncio.sleep(random.uniform(0.1, 1.0)), $STEPS steps each"
{
    say "## b. Scheduler micro-benchmark"
    say ""
    say "\`build/bench/sched_bench\` (bench/sched_bench.c): N tasks that each loop on"
    say "\`await asyncio.sleep(random.uniform(0.1, 1.0))\`, stepped one loop callback at a"
    say "time (\`sim_loop_step\`) for $STEPS steps after a warm-up. One sleep costs two steps"
    say "(the timer's \`_set_result_unless_cancelled\`, then the task's wakeup)."
    say ""
    say "| tasks | steps | seconds | steps/s | ns/step |"
    say "|---:|---:|---:|---:|---:|"
} >"$tmp/md_b"
if "$BUILD_DIR/sched_bench" "$STEPS" 10 1000 10000 >"$tmp/sched.out"; then
    while read -r line; do
        n=$(field tasks "$line")
        s=$(field seconds "$line")
        r=$(field steps_per_s "$line")
        ns=$(field ns_per_step "$line")
        say "   $n tasks: $(calc "\"%.2f\", $r / 1e6") M steps/s, $ns ns/step ($s s)"
        say "| $n | $STEPS | $s | $r | $ns |" >>"$tmp/md_b"
    done <"$tmp/sched.out"
else
    failed=1
    say "   FAILED: build/bench/sched_bench"
    say "| failed | | | | |" >>"$tmp/md_b"
fi
say "" >>"$tmp/md_b"

# ---- c. peak RSS ----

say ""
if /usr/bin/time -v true >/dev/null 2>&1; then
    rss_how="/usr/bin/time -v"
else
    rss_how="getrusage (build/bench/rss)"
fi
say "== c. peak RSS of headless worker-pool $WP_ARGS (via $rss_how)"
{
    say "## c. Peak RSS"
    say ""
    say "\`aqsim --headless worker-pool --items N --workers 100 --maxsize 50\`, maximum resident"
    say "set size from $rss_how."
    say ""
    say "| items | peak RSS (kB) | peak RSS (MB) |"
    say "|---:|---:|---:|"
} >"$tmp/md_c"
for n in 10000 100000 1000000; do
    kb=
    if [ "$rss_how" = "/usr/bin/time -v" ]; then
        # shellcheck disable=SC2086
        if /usr/bin/time -v -o "$tmp/time.out" "$AQSIM" --headless worker-pool --items $n $WP_ARGS >/dev/null; then
            kb=$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$tmp/time.out")
        fi
    else
        # shellcheck disable=SC2086
        line=$("$RSS" "$AQSIM" --headless worker-pool --items $n $WP_ARGS)
        [ "$(field status "$line")" = 0 ] && kb=$(field maxrss_kb "$line")
    fi
    if [ -n "$kb" ]; then
        say "   $n items: $kb kB ($(calc "\"%.1f\", $kb / 1024") MB)"
        say "| $n | $kb | $(calc "\"%.1f\", $kb / 1024") |" >>"$tmp/md_c"
    else
        failed=1
        say "   $n items: FAILED"
        say "| $n | failed | |" >>"$tmp/md_c"
    fi
done
say "" >>"$tmp/md_c"

# ---- d. dashboard CPU ----

say ""
say "== d. dashboard CPU: aqsim worker-pool --items 100000 in tmux (120x40)"
{
    say "## d. Dashboard CPU"
    say ""
    say "\`aqsim worker-pool --items 100000\` in a detached tmux session of 120x40; CPU"
    say "time (utime + stime from /proc/PID/stat) over 5 s, as % of one core."
    say ""
} >"$tmp/md_d"

# cpu_ticks PID: utime + stime, in clock ticks.
cpu_ticks() {
    # Fields after the ")" that ends comm: state is field 3, utime 14, stime 15.
    sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
uptime_cs() { awk '{ printf "%d", $1 * 100 }' /proc/uptime; }

# measure PID: % of one core over about 5 s.
measure() {
    t0=$(cpu_ticks "$1") || return 1
    u0=$(uptime_cs)
    sleep 5
    t1=$(cpu_ticks "$1") || return 1
    u1=$(uptime_cs)
    calc "\"%.1f\", ($t1 - $t0) / $HZ / (($u1 - $u0) / 100) * 100"
}

d_note=
if ! command -v tmux >/dev/null 2>&1; then
    d_note="skipped: tmux is not installed"
elif [ ! -r /proc/self/stat ]; then
    d_note="skipped: no /proc/PID/stat to read CPU time from"
fi
if [ -n "$d_note" ]; then
    say "   $d_note"
    say "$d_note." >>"$tmp/md_d"
else
    HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
    if tmux -L "$tmux_sock" -f /dev/null new-session -d -s bench -x 120 -y 40 \
            -c "$root" "exec '$AQSIM' worker-pool --items 100000"; then
        tmux_started=1
    fi
    sleep 1
    pid=$(tmux -L "$tmux_sock" list-panes -t bench -F '#{pane_pid}' 2>/dev/null | head -n 1)
    if [ "$tmux_started" != 1 ] || [ -z "$pid" ] || [ ! -r "/proc/$pid/stat" ]; then
        failed=1
        d_note="FAILED: the dashboard did not start in tmux"
        say "   $d_note"
        say "$d_note." >>"$tmp/md_d"
    else
        paused=$(measure "$pid")
        paused_screen=$(tmux -L "$tmux_sock" capture-pane -p -t bench | grep -c 'space play')
        tmux -L "$tmux_sock" send-keys -t bench Space
        sleep 1
        for _ in 1 2 3; do
            tmux -L "$tmux_sock" send-keys -t bench -l +
            sleep 1
        done
        speed=$(tmux -L "$tmux_sock" capture-pane -p -t bench | sed -n 's/.*speed \([0-9.]*x\).*/\1/p' | head -n 1)
        playing=$(measure "$pid")
        playing_screen=$(tmux -L "$tmux_sock" capture-pane -p -t bench | grep -c 'space pause')
        [ "$paused_screen" -ge 1 ] && ps_state=paused || ps_state="paused? (footer not found)"
        [ "$playing_screen" -ge 1 ] && pl_state=playing || pl_state="playing? (footer not found: finished or not started)"
        say "   $ps_state: ${paused:-?}% of one core"
        say "   $pl_state at ${speed:-?}: ${playing:-?}% of one core"
        {
            say "| state | CPU (% of one core) |"
            say "|---|---:|"
            say "| $ps_state | ${paused:-?} |"
            say "| $pl_state, speed ${speed:-?} | ${playing:-?} |"
            say ""
        } >>"$tmp/md_d"
        tmux -L "$tmux_sock" send-keys -t bench q
        sleep 1
        tmux -L "$tmux_sock" kill-server >/dev/null 2>&1
        tmux_started=0
    fi
fi

# ---- e. step back, deep ----

say ""
say "== e. one step back, 10^5 positions into worker-pool (replayed from the start)"
{
    say "## e. Step back"
    say ""
    say "\`build/bench/replay_bench\` (bench/replay_bench.c): worker-pool with 60000 items,"
    say "20 workers, maxsize 10, taken to 10^5 positions; one step back rebuilds the run"
    say "and replays every callback before it."
    say ""
} >"$tmp/md_e"
# shellcheck disable=SC2086
if $CC $CFLAGS_BENCH -o "$BUILD_DIR/replay_bench" bench/replay_bench.c build/libui.a \
        build/libscenarios.a build/libsim.a $(pkg-config --libs ncursesw 2>/dev/null) -lm &&
        "$BUILD_DIR/replay_bench" >"$tmp/replay.out"; then
    line=$(cat "$tmp/replay.out")
    say "   $line"
    say "| positions | callbacks replayed | one step back | per callback |" >>"$tmp/md_e"
    say "|---:|---:|---:|---:|" >>"$tmp/md_e"
    say "| $(field positions "$line") | $(field callbacks "$line") | $(field back_ms "$line") ms | $(field ns_per_callback "$line") ns |" >>"$tmp/md_e"
else
    failed=1
    say "   FAILED: build/bench/replay_bench"
    say "failed" >>"$tmp/md_e"
fi
say "" >>"$tmp/md_e"

# ---- RESULTS.md ----

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
[ -n "$cpu_model" ] || cpu_model=$(uname -m)
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || echo '?')
cc_version=$($CC --version 2>/dev/null | head -n 1)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
{
    say "# aqsim benchmark results"
    say ""
    say "Written by \`bench/run.sh\` (\`make bench\`); rerun it to refresh. The numbers are"
    say "measurements on the machine below, not targets: nothing here is asserted."
    say ""
    say "## Machine"
    say ""
    say "| | |"
    say "|---|---|"
    say "| date | $(date -u '+%Y-%m-%d %H:%M:%S UTC') |"
    say "| uname -a | \`$(uname -a)\` |"
    say "| CPU | $cpu_model |"
    say "| cores | $cores |"
    say "| compiler | $cc_version (helpers: -O2 -g) |"
    say "| aqsim | $("$AQSIM" --version 2>/dev/null), source tree at commit $commit (uncommitted changes not shown) |"
    say "| load average (1, 5, 15 min) at the start / end | $load_start / $load |"
    say ""
    cat "$tmp/md_a" "$tmp/md_b" "$tmp/md_c" "$tmp/md_d" "$tmp/md_e"
} >"$tmp/RESULTS.md"
# The file must stay well formed when the run is interrupted: move it in.
cp "$tmp/RESULTS.md" "$RESULTS.tmp.$$" && mv "$RESULTS.tmp.$$" "$RESULTS"
say ""
say "== wrote $RESULTS"
exit "$failed"
