#!/bin/sh
# Rebuild the benchmark workload for both arches with the real compilers,
# linked with the conformance runtime (same flags as conformance/build.mjs).
set -eu
cd "$(dirname "$0")"
RT=../../conformance/rt
FLAGS="-O2 -ffreestanding -nostdlib -static -fno-pie -no-pie -mgeneral-regs-only -fno-stack-protector
  -fno-asynchronous-unwind-tables -Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -I$RT"
build() { # cc arch
  $1 $FLAGS -fno-builtin -fno-tree-loop-distribute-patterns -c $RT/rt.c -o rt-$2.o
  $1 $FLAGS -o integer-$2.elf $RT/start_$2.S rt-$2.o integer.c -lgcc
  rm -f rt-$2.o
}
build gcc x86_64
build aarch64-linux-gnu-gcc arm64
