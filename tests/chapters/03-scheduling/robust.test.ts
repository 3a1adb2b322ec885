// A user program can never crash the kernel: a program that makes every
// chapter 01-03 system call (and unknown numbers) with hostile arguments —
// kernel addresses, unmapped and misaligned pointers, huge lengths,
// negative pids, wild entry points — gets error codes or is killed, and
// the kernel neither panics nor leaks a frame. Deterministic: a fixed PRNG.
import { describe, expect, it } from "vitest";
import { buildKernel } from "../../../chapters/01-boot/kernel/builder";
import { install as boot } from "../../../chapters/01-boot/kernel";
import { install as memory } from "../../../chapters/02-memory/kernel";
import { install as scheduling } from "../../../chapters/03-scheduling/kernel";
import { buildProgram } from "../../../course/programs";
import { runKernel } from "../../../course/run-kernel";
import { ARCHES } from "./kit";

const HOSTILE = `
long __syscall(long nr, long a, long b, long c, long d, long e, long f);
static unsigned long s = 12345;
static unsigned long next(void) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s; }
static long pick(void) {
  static const long vals[] = { 0, 1, -1, 4096, 0x7fffffffffffL, 0x800000000000L, (long)0xffff800000000000UL,
    (long)0xffff000000000000UL, 0x400000, 0x10000000, 0x7ff000000000L, 3, 0x7fffffff, -4096, 64 };
  unsigned long r = next();
  if (r % 3 == 0) return (long)next();
  return vals[r % (sizeof vals / sizeof vals[0])];
}
int main(void) {
  for (int i = 0; i < 400; i++) {
    long nr = (long)(next() % 12);              /* 0..11: every call and a few unknown numbers */
    if (nr == 0 || nr == 2 || nr == 4 || nr == 6) continue;   /* exit, read, sleep and wait would end or stall the loop */
    __syscall(nr, pick(), pick(), pick(), pick(), 0, 0);
  }
  return 0;
}
`;

describe.each(ARCHES)("hostile system calls (%s)", (arch) => {
  it("get error codes, never a kernel panic, and every frame comes back", () => {
    let freeAtBoot = -1;
    const modules = [{ name: "hostile", bytes: buildProgram("hostile.c", HOSTILE, arch) }];
    const r = runKernel({
      arch, chapter: 3, modules, cmdline: "seed=1 run=hostile", maxInstructions: 50_000_000,
      kernel: buildKernel([boot, memory, scheduling, (b) => b.bootStep("t", (kn) => { freeAtBoot = kn.state.frames.free.length; }, { before: "programs" })]),
    });
    const k = r.kernel!;
    expect(k.state.panicked).toBeNull();
    expect(r.result.reason).toBe("power-off");
    expect(k.state.threads.find((t) => t.name === "hostile")!.exitStatus).not.toBeNull();
    expect(k.state.threads.every((t) => t.status === "exited")).toBe(true);
    expect(k.state.frames.free.length).toBe(freeAtBoot);
  }, 120_000);
});
