# The common commands, as a thin wrapper over CMake (in the manner of DuckDB's Makefile).
#   make          build build/renkei (release with debug info)
#   make demo     convert/validate the bundled samples and print a summary
#   make test     build and run every test (ctest)
#   make bench    the benchmark (never part of make test)
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
WERROR ?= OFF
SANITIZE ?=
CMAKE_FLAGS ?=

.PHONY: all setup configure build demo test bench clean

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
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: build
	@cmake --build $(BUILD) --target bench -j $(JOBS)

clean:
	rm -rf $(BUILD)
