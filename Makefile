# baocao — build, test, demo.
#
# Sources are discovered (every src/**/*.c), so adding a module needs no change here.
# Every library comes from Debian 12; `make deps` installs the ones that are missing.

CC       ?= cc
BUILD    := build
PKGS     := libxml-2.0 libzip yaml-0.1 libutf8proc libcrypto libcurl harfbuzz-subset xlsxwriter
CFLAGS   ?= -O2 -g
# `override`: a CFLAGS given on the command line (make CFLAGS=-O0) still gets what the build needs.
override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
            -Wno-missing-field-initializers -Isrc
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(P11_CFLAGS)
# PKCS#11: only p11-kit's headers (the module is dlopen'ed, nothing of p11-kit is linked) and
# the path of its proxy module, the default --pkcs11-module.
P11_PROXY  = $(shell pkg-config --variable=proxy_module p11-kit-1 2>/dev/null)
P11_CFLAGS = $(shell pkg-config --cflags p11-kit-1 2>/dev/null) \
             $(if $(P11_PROXY),-DBC_P11_PROXY='"$(P11_PROXY)"',-DBC_P11_PROXY='"/usr/lib/$(shell $(CC) -print-multiarch 2>/dev/null)/p11-kit-proxy.so"')
# libharu ships no .pc file in Debian 12, so it is named directly.
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lpng -lz -lm -lpthread -ldl \
             $(HARU_OVERRIDES:%=-Wl,--undefined=%)
# libharu 2.3.0 functions our executable defines in its place (src/pdf/harupin.h): libhpdf calls
# them through its PLT, so the definitions in src/pdf/ win for the whole process. Nothing of ours
# calls most of them, so each is named to the linker to pull its module out of the archive;
# tests/e2e/19-haru-overrides.t checks that libhpdf binds every one of them to us.
HARU_OVERRIDES := HPDF_TTFontDef_GetGlyphid HPDF_TTFontDef_GetGidWidth HPDF_Type0Font_New \
                  HPDF_MemCpy HPDF_MemSet \
                  HPDF_Stream_WriteToStreamWithDeflate
HARU_VERSION    = $(shell sed -n 's/^\#define HPDF_VERSION_TEXT "\(.*\)"/\1/p' /usr/include/hpdf_version.h 2>/dev/null)

SRC      := $(shell find src -name '*.c' ! -path 'src/cli/main.c' | sort)
OBJ      := $(SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/src/cli/main.o
LIB      := $(BUILD)/libbaocao.a
BIN      := $(BUILD)/baocao

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# Debian packages: build libraries, then the independent tools the tests check output with.
DEB_BUILD := build-essential pkg-config libhpdf-dev libpng-dev zlib1g-dev libxml2-dev libzip-dev \
             libyaml-dev libutf8proc-dev libssl-dev libcmocka-dev libp11-kit-dev libcurl4-openssl-dev \
             libharfbuzz-dev libxlsxwriter-dev
# The sRGB ICC profile of the PDF/A output intent (read at render time: src/pdf/outputintent.h).
DEB_BUILD += icc-profiles-free
DEB_TOOLS := openssl poppler-utils qpdf mupdf-tools libxml2-utils unzip zip python3 python3-yaml python3-docx python3-openpyxl \
             libnss3-tools libtest-harness-perl libreoffice-writer-nogui libreoffice-calc-nogui valgrind
# A Times New Roman metric twin for LibreOffice on this machine (the DOCX names Times New Roman). The
# tests do not rely on it: they read only fonts/ through tests/fonts.conf.
DEB_TOOLS += fonts-liberation2
# PKCS#11 tokens: SoftHSM2 is the test suite's token, pkcs11-tool (opensc) writes certificates
# to it; p11-kit-modules ships the proxy module that is baocao's default --pkcs11-module.
DEB_TOOLS += softhsm2 opensc p11-kit p11-kit-modules
# libFuzzer harnesses (make fuzz, fuzz-smoke): clang and its sanitizer runtimes.
DEB_TOOLS += clang libclang-rt-14-dev
DEB_ALL   := $(DEB_BUILD) $(DEB_TOOLS)

.PHONY: all deps demo test check unit e2e certs clean bench print-libs print-haru-overrides
all: $(BIN)

deps:
	@missing=""; for p in $(DEB_ALL); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps: run as root (apt-get) or install:$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "deps: all Debian packages present"; fi

# Unit tests link the archive, so each pulls in only the modules it uses.
$(LIB): $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@[ "$(HARU_VERSION)" = 2.3.0 ] || { echo "baocao needs libharu 2.3.0 (libhpdf-dev of Debian 12), found '$(HARU_VERSION)': src/pdf/harupin.h says what to review" >&2; exit 1; }
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(PKG_LIBS) -lcmocka

-include $(OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

# tests/e2e/19-haru-overrides.t reads the list from here.
print-haru-overrides:
	@echo $(HARU_OVERRIDES)

certs: certs/test/root.pem
certs/test/root.pem: certs/make-test-pki.sh
	@if [ -x certs/make-test-pki.sh ]; then certs/make-test-pki.sh certs/test; fi

# Renders (and, once signing exists, signs) every sample into out/.
demo: deps $(BIN)
	@$(MAKE) --no-print-directory certs 2>/dev/null || true
	tests/demo.sh

# What the tests run: every unit binary and end-to-end script, or only T (make test T=tests/e2e/40-sign.t;
# several files separated by spaces; a unit test by its binary, T=build/tests/test_pdf).
E2E   := $(sort $(wildcard tests/e2e/*.t))
TESTS := $(if $(T),$(T),$(UNIT_BIN) $(E2E))
PROVE := CMOCKA_MESSAGE_OUTPUT=TAP prove --exec '' --timer

unit: $(UNIT_BIN)
	$(PROVE) $(UNIT_BIN)

# One TAP harness over unit binaries and end-to-end scripts, so CI reads one summary.
# `test` first installs what is missing (root); `check` runs the same tests with what is there.
test: deps
	@$(MAKE) --no-print-directory check

check: $(BIN) $(UNIT_BIN)
	@$(MAKE) --no-print-directory certs 2>/dev/null || true
	$(PROVE) $(TESTS)

e2e: $(BIN) $(UNIT_BIN)
	@$(MAKE) --no-print-directory certs 2>/dev/null || true
	$(PROVE) $(E2E)

bench: deps $(BIN)
	bench/run.sh

# The libraries a program linked with libbaocao.a needs (bench/token.sh builds its probes so).
print-libs:
	@echo $(PKG_LIBS)

clean:
	rm -rf $(BUILD) out

# ---- sanitizers and fuzzing (tests/fuzz/README.md) ----
# Every harness is tests/fuzz/fuzz_NAME.c; its seeds tests/fuzz/corpus/NAME/, its regression
# inputs (every crash ever found, minimised) tests/fuzz/regress/NAME/, its dictionary, if any,
# tests/fuzz/NAME.dict. Adding a harness needs no change here.
FUZZ_SRC    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES  := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_DEFS   := -DFUZZ_ROOT='"$(CURDIR)"' -Itests/fuzz
# libFuzzer builds: clang, the library compiled with coverage hooks and sanitizers.
FUZZ_CC     := clang
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
               -Wall -Wextra -Werror -Wno-missing-field-initializers -Isrc
FUZZ_SAN    := address,undefined
FUZZ_DIR    := $(BUILD)/fuzz
FUZZ_OBJ    := $(SRC:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_LIB    := $(FUZZ_DIR)/libbaocao.a
FUZZ_BIN    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_SECONDS ?= 60
# The same harnesses built by the normal compiler with a plain main() (tests/fuzz/driver.c), so
# `make test` replays every regression input and seed (tests/e2e/15-fuzz-regress.t).
REGRESS_DIR := $(BUILD)/fuzz-regress
REGRESS_BIN := $(FUZZ_NAMES:%=$(REGRESS_DIR)/fuzz_%)

.PHONY: fuzz fuzz-smoke fuzz-regress asan-test
fuzz: $(FUZZ_BIN)
fuzz-regress: $(REGRESS_BIN)
check e2e: $(REGRESS_BIN)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB) $(wildcard tests/fuzz/*.h)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_DEFS) -fsanitize=fuzzer,$(FUZZ_SAN) $(PKG_CFLAGS) -o $@ $< \
	    $(FUZZ_LIB) $(PKG_LIBS)

$(REGRESS_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(LIB) $(wildcard tests/fuzz/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZ_DEFS) $(PKG_CFLAGS) -o $@ $< tests/fuzz/driver.c $(LIB) $(PKG_LIBS)

-include $(FUZZ_OBJ:.o=.d)

# Each harness FUZZ_SECONDS on its seeds and regression inputs (new finds go to a scratch corpus,
# not into the repository); any crash, leak, timeout or out-of-memory fails the target and leaves
# the input as $(FUZZ_DIR)/crash-* (tests/fuzz/README.md says how to keep it).
fuzz-smoke: $(FUZZ_BIN)
	@set -e; for n in $(FUZZ_NAMES); do \
	  work=$(FUZZ_DIR)/work/$$n; mkdir -p $$work tests/fuzz/corpus/$$n tests/fuzz/regress/$$n; \
	  dict=; [ -f tests/fuzz/$$n.dict ] && dict=-dict=tests/fuzz/$$n.dict; \
	  echo "fuzz-smoke: $$n, $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/fuzz_$$n $$dict -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/ \
	    $$work tests/fuzz/corpus/$$n tests/fuzz/regress/$$n 2>$(FUZZ_DIR)/$$n.log \
	    || { tail -60 $(FUZZ_DIR)/$$n.log; echo "fuzz-smoke: $$n FAILED (log: $(FUZZ_DIR)/$$n.log)"; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' $(FUZZ_DIR)/$$n.log | tail -2; \
	done

# The whole test suite on a build with AddressSanitizer and UndefinedBehaviorSanitizer, in its own
# build folder. Reports go to files (log_path), not only to stderr, since a test that expects a
# failure would otherwise take a sanitizer's exit for the failure it wanted; any report fails the
# target. Leaks are checked too (the suite is clean of them, but for one leak inside libxlsxwriter,
# suppressed in tests/lsan.supp).
ASAN_BUILD  := $(BUILD)/asan
ASAN_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
ASAN_LOGS   := $(CURDIR)/$(ASAN_BUILD)/logs
ASAN_UNITS  := $(UNIT_SRC:tests/unit/%.c=$(ASAN_BUILD)/tests/%)
asan-test:
	$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) CFLAGS='$(ASAN_CFLAGS)' \
	    $(ASAN_BUILD)/baocao $(ASAN_UNITS) $(FUZZ_NAMES:%=$(ASAN_BUILD)/fuzz-regress/fuzz_%)
	@$(MAKE) --no-print-directory certs 2>/dev/null || true
	@rm -rf $(ASAN_LOGS) && mkdir -p $(ASAN_LOGS)
	ASAN_OPTIONS=detect_leaks=1:log_path=$(ASAN_LOGS)/asan:strict_string_checks=1:detect_stack_use_after_return=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(ASAN_LOGS)/ubsan \
	BAOCAO_BUILD=$(CURDIR)/$(ASAN_BUILD) CMOCKA_MESSAGE_OUTPUT=TAP \
	    prove --exec '' --timer $(ASAN_UNITS) \
	    $(sort $(wildcard tests/e2e/*.t)); status=$$?; \
	if [ -n "$$(ls -A $(ASAN_LOGS))" ]; then \
	  echo "asan-test: sanitizer reports:"; head -60 $(ASAN_LOGS)/*; exit 1; fi; exit $$status
