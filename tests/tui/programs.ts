// A tiny C program built by MinOS's own toolchain for each arch, shared by
// the debugger's tests: it calls a function (a breakpoint target by symbol)
// and writes to stdout (a syscall to step to).

import { build } from "../../toolchain/cc/driver";
import type { Arch } from "../../machine/core/cpu";

export const SOURCE = `#include <stdio.h>
int square(int x) { return x * x; }
int main(void) {
  int s = 0;
  for (int i = 0; i < 5; i++) s += square(i);
  printf("sum %d\\n", s);
  return 0;
}
`;

/** A program that reads through a null-ish pointer: a segmentation fault. */
export const FAULT_SOURCE = `int main(void) { volatile int *p = (int *)8; return *p; }
`;

const cache = new Map<string, Uint8Array>();

function buildCached(arch: Arch, name: string, text: string): Uint8Array {
  const key = `${arch}:${name}`;
  let exe = cache.get(key);
  if (!exe) {
    const r = build([{ name, text }], { arch, linux: true });
    if (!r.ok || !r.exe) throw new Error(`building the test program failed:\n${r.messages.join("\n")}`);
    exe = r.exe;
    cache.set(key, exe);
  }
  return exe;
}

export const tinyProgram = (arch: Arch) => buildCached(arch, "tiny.c", SOURCE);
export const faultProgram = (arch: Arch) => buildCached(arch, "fault.c", FAULT_SOURCE);
