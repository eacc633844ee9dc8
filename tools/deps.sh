#!/bin/sh
# deps.sh build|test - make sure aqsim's build (or test) dependencies are
# present; install the missing ones with apt-get when running as root,
# otherwise say exactly what to run.
#
# NO_DEPS=1 (make NO_DEPS=1) skips all of it: a package build, or a machine
# whose dependencies come some other way. CC and PKG_CONFIG are the
# Makefile's: a compiler with flags or a wrapper (ccache gcc) counts by its
# first word.
set -u
want="${1:-build}"
missing=""
case "${NO_DEPS:-}" in 1|yes|true) exit 0 ;; esac

set -- ${CC:-cc}
cc_cmd="${1:-cc}"
[ "$cc_cmd" = ccache ] && cc_cmd="${2:-cc}"
pkg_config="${PKG_CONFIG:-pkg-config}"
command -v "$cc_cmd" >/dev/null 2>&1 || missing="$missing gcc"
command -v "$pkg_config" >/dev/null 2>&1 || missing="$missing pkg-config"
if ! "$pkg_config" --exists ncursesw 2>/dev/null; then
    missing="$missing libncurses-dev"
fi
if [ "$want" = test ]; then
    "$pkg_config" --exists check 2>/dev/null || missing="$missing check"
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
echo "aqsim: (or, if they are there another way: make NO_DEPS=1)" >&2
exit 1
