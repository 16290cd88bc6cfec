# Wegwijzer — the two commands of the quick start:
#   make        installs missing Debian packages, builds build/wegwijzer, builds the handbook into site/
#   make test   builds and runs every test through ctest (unit, scenarios, interrupted build,
#               browser), then a short fuzz run of every fuzz target
#
# Other targets: make deps, make build, make site, make install, make deb, make sanitize, make fuzz,
# make bench, make clean.
# CI (.ci/run) passes CMAKE_FLAGS=-DWW_WERROR=ON: warnings are errors there.

BUILD_DIR ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

# Debian 12 packages the engine needs to build (file: make deb's CPack reads the program with it).
BUILD_PKGS = build-essential cmake pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev \
	liblua5.4-dev doctest-dev libkainjow-mustache-dev libtomlplusplus-dev libyaml-cpp-dev \
	libstemmer-dev libcpp-httplib-dev libzip-dev libmimalloc-dev file \
	libutf8proc-dev
# ... and what the tests need besides: browsers (never downloaded by npm), node, clang for fuzzing.
TEST_PKGS = chromium firefox-esr clang libclang-rt-14-dev python3

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps test-deps build site install deb test sanitize fuzz bench clean

all: site

# Installs only what is missing, so a second `make` does not touch apt at all.
deps:
	@missing=$$(for p in $(BUILD_PKGS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make: installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

test-deps: deps
	@missing=$$(for p in $(TEST_PKGS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing Debian packages for the tests:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

site: build
	./$(BUILD_DIR)/wegwijzer build -s . -d site
	@echo "make: open site/index.html in a browser (double-click works too)"

# make install [PREFIX=/usr/local] [DESTDIR=...]: PREFIX/bin/wegwijzer and its built-in themes and
# plugins in PREFIX/share/wegwijzer (the program finds them beside itself; core/builtins.h).
PREFIX ?= /usr/local
install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD_DIR) --prefix $(PREFIX)

# make deb: build/wegwijzer_VERSION_ARCH.deb by CPack, its dependencies derived by dpkg-shlibdeps.
deb: build
	cd $(BUILD_DIR) && cpack -G DEB
	@ls $(BUILD_DIR)/*.deb

# The fuzz run of `make test` is short (TEST_FUZZ_SECONDS per target); `make fuzz` runs longer.
TEST_FUZZ_SECONDS ?= 15
test: test-deps build
	tests/browser/run.sh --install-only
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)
	@if [ -d $(BUILD_DIR)/screenshots ]; then echo "make: screenshots in $$(cd $(BUILD_DIR)/screenshots && pwd)"; fi

# libFuzzer targets built with clang in build-fuzz/, each run for FUZZ_SECONDS after
# replaying its corpus (tests/fuzz/corpus/<target>); `make fuzz FUZZ_SECONDS=600` for a long run.
FUZZ_SECONDS ?= 60
fuzz: test-deps
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DWW_FUZZ=ON -DWW_FUZZ_SECONDS=$(FUZZ_SECONDS) $(CMAKE_FLAGS) >/dev/null
	cmake --build build-fuzz -j $(JOBS)
	cd build-fuzz && ctest --output-on-failure
	@awk '/^[0-9]+\/[0-9]+ Testing: /{t=$$3} /stat::number_of_executed_units/{print "make fuzz: " t ": " $$2 " inputs in $(FUZZ_SECONDS) s"}' \
	  build-fuzz/Testing/Temporary/LastTest.log

# The unit tests, scenarios and the interrupted build under AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/); longer than `make test` (docs/testing.md).
sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWW_SANITIZE=ON -DWW_BROWSER_TESTS=OFF $(CMAKE_FLAGS)
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)

# Wegwijzer vs Hugo vs cmark-gfm alone on generated corpora (bench/README.md);
# BENCH_FLAGS=--100k adds 100,000 pages. Results: bench/results.md.
BENCH_PKGS = hugo time cmark-gfm
BENCH_FLAGS ?=
bench: deps
	@missing=$$(for p in $(BENCH_PKGS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make: installing Debian packages for the benchmark:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	bench/run.sh $(BENCH_FLAGS)

clean:
	rm -rf $(BUILD_DIR) build-asan build-fuzz site
