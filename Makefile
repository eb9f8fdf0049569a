# Top-level driver: build our kernel (or the pristine base, VARIANT=base) from
# Debian's linux-source-6.12, boot it in QEMU and run the tests.
#
#   make run      build, boot, show the vector matrix and a CPU going offline
#   make shell    boot the same guest to an interactive shell
#   make check    run every test tier; last line "N passed, N failed"
#   make bench    ours against base, written to BENCHMARKS.md
#   make soak     the long in-guest tier, with a report
#   make series   the git-am-able patch series in build/series/out
#   make series-check  every patch of the series builds on its own, the last boots
#   make riscv    the RISC-V tier alone: riscv64 kernel, IMSIC tests under QEMU
#   make mutants  deliberately broken kernels (harness/mutants/): the suite must
#                 kill every one; MUTANTS="01 05" selects, build/mutants/report.md

# VARIANT=ours|base|fixes (fixes: the base tree with the fixes of patches/fixes)
VARIANT ?= ours
# STAGED=1 adds the work in staging/ to our variant.
STAGED ?= 0
export STAGED
FLAVOUR ?= test
SHAPE ?= q35-iommu

TOP := $(CURDIR)
OUT_DIR := $(if $(filter debug,$(FLAVOUR)),out-debug,out)
KERNEL := $(TOP)/build/$(VARIANT)/src/$(OUT_DIR)/arch/x86/boot/bzImage
INITRD := $(TOP)/build/$(VARIANT)/initramfs-$(FLAVOUR).cpio.gz

.PHONY: all deps tree build kernel initramfs run shell check bench soak series series-check \
	riscv mutants clean help

all: build

help:
	@sed -n 's/^#   //p' Makefile

deps:
	@sh harness/install-deps.sh

tree: deps
	@sh harness/prepare-tree.sh $(VARIANT)

build kernel: deps
	@flock /tmp/kbuild.lock sh harness/build-kernel.sh $(VARIANT) $(FLAVOUR)

initramfs: build
	@flock /tmp/kbuild.lock sh harness/build-module.sh $(VARIANT) $(FLAVOUR) > build/$(VARIANT)/module.path || \
		{ rm -f build/$(VARIANT)/module.path; exit 1; }
	@sh harness/make-initramfs.sh $(INITRD) $$(tail -n 1 build/$(VARIANT)/module.path)

run: build initramfs
	@sh harness/qemu-boot.sh --kernel $(KERNEL) --initrd $(INITRD) \
		--shape $(SHAPE) --out build/$(VARIANT)/runs/run --mode run --timeout 300
	@sed 's/\r$$//' build/$(VARIANT)/runs/run/results.log
	@if sh harness/scan-console.sh build/$(VARIANT)/runs/run/console.log; then \
		echo "console: clean (build/$(VARIANT)/runs/run/console.log)"; \
	else echo "console: kernel reports above"; exit 1; fi
	@grep -q "IRQTEST END" build/$(VARIANT)/runs/run/results.log

shell: build initramfs
	@sh harness/qemu-boot.sh --kernel $(KERNEL) --initrd $(INITRD) \
		--shape $(SHAPE) --out build/$(VARIANT)/runs/shell --mode shell

series: deps
	@python3 harness/make-series.py

series-check: series
	@sh harness/series-check.sh

check: deps
	@sh harness/check.sh $(VARIANT)

riscv: deps
	@sh harness/riscv-check.sh $(VARIANT)

mutants: deps
	@MUTANTS="$(MUTANTS)" sh harness/mutants.sh

clean:
	rm -rf build

bench: deps
	@sh harness/bench.sh

soak: deps
	@sh harness/soak.sh $(VARIANT)
