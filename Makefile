# The common commands, as a thin wrapper over CMake (in the manner of DuckDB's Makefile).
#   make          build build/renkei (release with debug info)
#   make demo     convert/validate the bundled samples and print a summary
#   make test     build and run every test (ctest)
#   make bench    the benchmark (never part of make test)
#   make fuzz     libFuzzer targets (clang) into build-fuzz, each run for FUZZ_SECONDS
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
WERROR ?= OFF
SANITIZE ?=
CMAKE_FLAGS ?=
CTEST_ARGS ?=
FUZZ_SECONDS ?= 60
FUZZ_BUILD ?= build-fuzz

.PHONY: all setup configure build demo test bench fuzz clean

all: build

setup:
	@scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DRENKEI_WERROR=$(WERROR) \
	  -DRENKEI_SANITIZE=$(SANITIZE) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)/renkei

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) $(CTEST_ARGS)

bench: build
	@cmake --build $(BUILD) --target bench -j $(JOBS)

fuzz: setup
	@BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(JOBS) scripts/fuzz.sh $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD)
