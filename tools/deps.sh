#!/bin/sh
# deps.sh build|test - make sure aqsim's build (or test) dependencies are
# present; install the missing ones with apt-get when running as root,
# otherwise say exactly what to run.
set -u
want="${1:-build}"
missing=""

cc_cmd="${CC:-cc}"
command -v "$cc_cmd" >/dev/null 2>&1 || missing="$missing gcc"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
if ! pkg-config --exists ncursesw 2>/dev/null; then
    missing="$missing libncurses-dev"
fi
if [ "$want" = test ]; then
    pkg-config --exists check 2>/dev/null || missing="$missing check"
    command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
fi
[ -z "$missing" ] && exit 0

missing="${missing# }"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "aqsim: installing missing build dependencies: $missing"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >/dev/null; then
        echo "aqsim: apt-get could not install: $missing" >&2
        exit 1
    fi
    exit 0
fi
echo "aqsim: missing build dependencies: $missing" >&2
echo "aqsim: install them with:  sudo apt-get install -y $missing" >&2
exit 1
