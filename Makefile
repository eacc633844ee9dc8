# aqsim - a teaching simulator of Python's asyncio queues.
#
#   make            build ./aqsim
#   make run        build, then start the dashboard (ARGS="worker-pool --workers 4")
#   make check      build and run every test
#   make sanitize   the test suite under ASan + UBSan
#   make valgrind   the test suite under valgrind
#   make bench      benchmarks; results in bench/RESULTS.md
#   make install    PREFIX=/usr/local DESTDIR= (binary, man page, completion,
#                   README and the session format); make uninstall
#   make clean
#
# Missing build dependencies are installed by tools/deps.sh (apt-get when
# run as root, otherwise it prints the command to run); NO_DEPS=1 skips that.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DOCDIR ?= $(PREFIX)/share/doc/aqsim
DESTDIR ?=
PKG_CONFIG ?= pkg-config
# Link-time optimisation when the compiler is GCC: the simulator's hot path
# crosses many small modules (about 12% fewer instructions headless). Fat
# objects keep the static libraries usable by an ar without the LTO plugin.
GCC_LTO := $(if $(shell $(CC) -v 2>&1 | grep '^gcc version'),-flto=auto -ffat-lto-objects)
CFLAGS ?= -O2 -g $(GCC_LTO)
LDFLAGS ?= $(GCC_LTO)
BUILD ?= build
# WERROR=1 turns warnings into errors (CI sets it).
WERROR ?=

WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARNINGS) \
	$(if $(filter 1 yes true,$(WERROR)),-Werror) -I. -MMD -MP

# Evaluated when a recipe runs, so after tools/deps.sh has installed them.
NCURSES_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
NCURSES_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

SIM_SRC := $(wildcard sim/*.c)
SCN_SRC := $(wildcard scenarios/*.c)
UI_SRC := $(wildcard ui/*.c)
TEST_SRC := $(wildcard tests/*.c)

SIM_OBJ := $(SIM_SRC:%.c=$(BUILD)/%.o)
SCN_OBJ := $(SCN_SRC:%.c=$(BUILD)/%.o)
UI_OBJ := $(UI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
APP_MAIN := $(BUILD)/main.o

BIN ?= aqsim
TEST_BIN := $(BUILD)/run_tests
DEPS_STAMP := $(BUILD)/.deps-build
TEST_DEPS_STAMP := $(BUILD)/.deps-test

.PHONY: all run check test-bin sanitize valgrind bench install uninstall clean deps test-deps

all: $(BIN)

# Dependencies: checked once per build directory, installed if missing.
NO_DEPS ?=
DEPS_ENV = CC="$(CC)" PKG_CONFIG="$(PKG_CONFIG)" NO_DEPS="$(NO_DEPS)"

$(DEPS_STAMP):
	@$(DEPS_ENV) sh tools/deps.sh build
	@mkdir -p $(@D) && touch $@

$(TEST_DEPS_STAMP):
	@$(DEPS_ENV) sh tools/deps.sh test
	@mkdir -p $(@D) && touch $@

deps:
	@$(DEPS_ENV) sh tools/deps.sh build
test-deps:
	@$(DEPS_ENV) sh tools/deps.sh test

$(BUILD)/sim/%.o: sim/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/scenarios/%.o: scenarios/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/ui/%.o: ui/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(NCURSES_CFLAGS) -c $< -o $@

$(BUILD)/main.o: main.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(NCURSES_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c | $(DEPS_STAMP) $(TEST_DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(NCURSES_CFLAGS) $(CHECK_CFLAGS) -c $< -o $@

$(BUILD)/libsim.a: $(SIM_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/libscenarios.a: $(SCN_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/libui.a: $(UI_OBJ)
	$(AR) rcs $@ $^

LIBS := $(BUILD)/libui.a $(BUILD)/libscenarios.a $(BUILD)/libsim.a

$(BIN): $(APP_MAIN) $(LIBS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(NCURSES_LIBS) -lm

$(TEST_BIN): $(TEST_OBJ) $(LIBS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(NCURSES_LIBS) -lm

run: $(BIN)
	./$(BIN) $(ARGS)

test-bin: $(BIN) $(TEST_BIN)

check: test-bin
	AQSIM_BIN=$(BIN) ./$(TEST_BIN)

SAN_FLAGS := -O1 -g -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all -DAQSIM_NO_POOL
# The checked builds keep their aqsim in their own directory, so that they
# never replace the ./aqsim that `make run` and `make install` use.
sanitize:
	$(MAKE) --no-print-directory BUILD=build-san BIN=build-san/aqsim CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" test-bin
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		AQSIM_BIN=./build-san/aqsim ./build-san/run_tests

valgrind:
	$(MAKE) --no-print-directory BUILD=build-vg BIN=build-vg/aqsim CFLAGS="-O1 -g -DAQSIM_NO_POOL" test-bin
	CK_FORK=no AQSIM_SKIP_TERMINAL=1 AQSIM_BIN=./build-vg/aqsim valgrind -q --error-exitcode=99 \
		--leak-check=full --errors-for-leak-kinds=definite ./build-vg/run_tests

bench: $(BIN)
	sh bench/run.sh ./$(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/$(BIN)
	install -m 644 doc/aqsim.1 $(DESTDIR)$(MANDIR)/man1/aqsim.1
	install -m 644 doc/aqsim.bash-completion $(DESTDIR)$(BASHCOMPDIR)/aqsim
	install -m 644 README.md doc/replay-format.md $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(BIN) $(DESTDIR)$(MANDIR)/man1/aqsim.1 \
		$(DESTDIR)$(BASHCOMPDIR)/aqsim $(DESTDIR)$(DOCDIR)/README.md \
		$(DESTDIR)$(DOCDIR)/replay-format.md
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null

clean:
	rm -rf build build-san build-vg build-cc-* build-fuzz $(BIN)

-include $(SIM_OBJ:.o=.d) $(SCN_OBJ:.o=.d) $(UI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(APP_MAIN:.o=.d)

# ---- fuzzing (make fuzz) ----
#
# libFuzzer harnesses in tests/fuzz/, built with clang against the sources
# compiled into build-fuzz/ with the fuzzer's coverage and ASan + UBSan.
# Each runs FUZZ_SECONDS from its seed corpus (tests/fuzz/corpus/NAME/);
# new inputs go to build-fuzz/corpus/NAME/ and a crash to
# build-fuzz/crashes/NAME-*; every harness runs, then `make fuzz` fails if
# any crashed.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 20
FUZZ_BUILD := build-fuzz
FUZZ_TARGETS := cli record value fmt
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -DAQSIM_NO_POOL
FUZZ_LINK := -fsanitize=fuzzer,address,undefined

.PHONY: fuzz fuzz-build

# Built by a sub-make with BUILD=build-fuzz, so the library rules above
# are reused with the fuzzer's compiler and flags.
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(FUZZ_LINK) -o $@ $< $(LIBS) $(NCURSES_LIBS) -lm

fuzz-build:
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) CFLAGS="$(FUZZ_FLAGS)" \
		LDFLAGS= $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz/fuzz_%)

fuzz: fuzz-build
	@failed=; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/crashes; \
		dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
		echo "fuzz_$$t: $(FUZZ_SECONDS)s"; \
		AQSIM_PYTHON= ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		./$(FUZZ_BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 $$dict \
			-artifact_prefix=$(FUZZ_BUILD)/crashes/$$t- \
			$(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "fuzz: crashes in:$$failed (inputs in $(FUZZ_BUILD)/crashes/)"; exit 1; \
	fi; echo "fuzz: no crashes"

-include $(wildcard $(BUILD)/fuzz/*.d)
