// The AArch64 CPU's contract with the rest of the machine (machine/core/cpu.ts):
// stop reasons, precise exceptions and their ESR exception classes, the
// decoded-instruction cache, and the EL0 system registers. Instruction words
// were produced by GNU as (aarch64-linux-gnu-as); each is annotated.

import { describe, expect, it } from "vitest";
import { Exc, Stop } from "../../machine/core/cpu";
import { Access } from "../../machine/core/mmu";
import { CODE, DATA, machine, putWords, read64 } from "./machine";

const SVC = 0xd4000001;        // svc #0
const NOP = 0xd503201f;        // nop

describe("stops and exceptions (Arm ARM D1.10, ESR_EL1.EC in D17.2.37)", () => {
  it("SVC stops with Stop.Syscall, PC past it, and counts as retired", () => {
    const m = machine([0xd2824680 /* mov x0, #0x1234 */, SVC, NOP]);
    expect(m.cpu.run(100)).toBe(Stop.Syscall);
    expect(m.cpu.getPc()).toBe(BigInt(CODE + 8));
    expect(m.cpu.retired).toBe(2);
    expect(m.cpu.getReg(0)).toBe(0x1234n);
  });

  it("the budget bounds the instructions run", () => {
    const m = machine([0x91000400 /* add x0, x0, #1 */, 0x17ffffff /* b .-4 */]);
    expect(m.cpu.run(1001)).toBe(Stop.Budget);
    expect(m.cpu.retired).toBe(1001);
    expect(m.cpu.getReg(0)).toBe(501n);
    expect(m.cpu.getPc()).toBe(BigInt(CODE + 4));
  });

  it("BRK raises Exc.Breakpoint (EC 0x3c, ISS = imm16) with the PC at the BRK", () => {
    const m = machine([NOP, 0xd4207d00 /* brk #0x3e8 */]);
    expect(m.cpu.run(10)).toBe(Stop.Exception);
    expect(m.cpu.exc.kind).toBe(Exc.Breakpoint);
    expect(m.cpu.exc.vector).toBe(0x3c);
    expect(m.cpu.exc.code).toBe(0x3e8);
    expect(m.cpu.getPc()).toBe(BigInt(CODE + 4));
    expect(m.cpu.retired).toBe(1);
  });

  it.each([
    [0x00000007, "udf #7"], [0xd4400000, "hlt #0"], [0xffffffff, "unallocated"],
    [0xd5380000, "mrs x0, midr_el1 (EL1 only)"], [0xd51bd060, "msr tpidrro_el0, x0 (read-only at EL0)"],
    [0x1e220000, "scvtf s0, w0 (floating point)"], [0xd4000002, "hvc #0"],
  ])("%s (%s) is Exc.Undefined with EC 0x00 and the PC at it", (word) => {
    const m = machine([NOP, word]);
    expect(m.cpu.run(10)).toBe(Stop.Exception);
    expect(m.cpu.exc.kind).toBe(Exc.Undefined);
    expect(m.cpu.exc.vector).toBe(0);
    expect(m.cpu.getPc()).toBe(BigInt(CODE + 4));
  });

  it("WFI stops with Stop.Halt, PC past it", () => {
    const m = machine([0xd503207f /* wfi */]);
    expect(m.cpu.run(10)).toBe(Stop.Halt);
    expect(m.cpu.getPc()).toBe(BigInt(CODE + 4));
  });

  it("WFE consumes the event SEVL set, then halts on the next WFE (Arm ARM D1.6.1 the Event Register)", () => {
    const m = machine([0xd50320bf /* sevl */, 0xd503205f /* wfe */, 0xd503205f /* wfe */, NOP]);
    expect(m.cpu.run(10)).toBe(Stop.Halt);
    expect(m.cpu.getPc()).toBe(BigInt(CODE + 12));
    expect(m.cpu.retired).toBe(3);
  });

  it("a data abort is precise: PC at the load, base writeback and Rt not done", () => {
    const m = machine([0xf8408c41 /* ldr x1, [x2, #8]! */]);
    m.cpu.setReg(1, 77n);
    m.cpu.setReg(2, 0x900000n);               // unmapped
    expect(m.cpu.run(10)).toBe(Stop.Exception);
    expect(m.cpu.exc.kind).toBe(Exc.PageFault);
    expect(m.cpu.exc.vector).toBe(0x24);       // data abort from a lower EL
    expect(m.mmu.faultLo).toBe(0x900008);
    expect(m.mmu.faultAccess).toBe(Access.Read);
    expect(m.cpu.getReg(1)).toBe(77n);
    expect(m.cpu.getReg(2)).toBe(0x900000n);
    expect(m.cpu.getPc()).toBe(BigInt(CODE));
    expect(m.cpu.retired).toBe(0);
  });

  it("a store to a read-only page faults as a write", () => {
    const m = machine([0xf9000041 /* str x1, [x2] */]);
    m.cpu.setReg(2, BigInt(CODE));
    expect(m.cpu.run(10)).toBe(Stop.Exception);
    expect(m.cpu.exc.kind).toBe(Exc.PageFault);
    expect(m.mmu.faultAccess).toBe(Access.Write);
  });

  it("executing a page without execute permission is an instruction abort (EC 0x20)", () => {
    const m = machine([0xd61f00a0 /* br x5 */]);
    m.cpu.setReg(5, BigInt(DATA));
    expect(m.cpu.run(10)).toBe(Stop.Exception);
    expect(m.cpu.exc.kind).toBe(Exc.PageFault);
    expect(m.cpu.exc.vector).toBe(0x20);
    expect(m.mmu.faultAccess).toBe(Access.Exec);
    expect(m.cpu.getPc()).toBe(BigInt(DATA));
    expect(m.cpu.retired).toBe(1);
  });

  it("a branch to an unaligned address is a PC alignment fault (EC 0x22)", () => {
    const m = machine([0xd61f00a0 /* br x5 */]);
    m.cpu.setReg(5, BigInt(CODE + 6));
    expect(m.cpu.run(10)).toBe(Stop.Exception);
    expect(m.cpu.exc.kind).toBe(Exc.Protection);
    expect(m.cpu.exc.vector).toBe(0x22);
    expect(m.cpu.getPc()).toBe(BigInt(CODE + 6));
  });

  it("a load based on a misaligned SP is an SP alignment fault (EC 0x26; Linux sets SCTLR_EL1.SA0)", () => {
    const m = machine([0xf94003e0 /* ldr x0, [sp] */]);
    m.cpu.setReg(31, BigInt(DATA + 8));
    expect(m.cpu.run(10)).toBe(Stop.Exception);
    expect(m.cpu.exc.kind).toBe(Exc.Protection);
    expect(m.cpu.exc.vector).toBe(0x26);
    expect(m.cpu.exc.detail).toMatch(/SP alignment/);
  });
});

describe("decoded-instruction cache", () => {
  it("self-modifying code: a store over a decoded instruction takes effect", () => {
    // x2 points at the second instruction; the first run decodes `add x0, x0, #1`,
    // then the program overwrites it with `mov x0, #0x1234`.
    const m = machine([0xb9000045 /* str w5, [x2] */, 0x91000400 /* add x0, x0, #1 */, SVC]);
    m.pm.protect(CODE >> 12, 1, 7);          // R+W+X for this test
    m.cpu.setReg(2, BigInt(CODE + 4));
    m.cpu.setReg(5, 0x91000400n);             // first: write the same add back
    expect(m.cpu.run(10)).toBe(Stop.Syscall);
    expect(m.cpu.getReg(0)).toBe(1n);
    m.cpu.setPc(BigInt(CODE));
    m.cpu.setReg(5, 0xd2824680n);             // now: mov x0, #0x1234
    expect(m.cpu.run(10)).toBe(Stop.Syscall);
    expect(m.cpu.getReg(0)).toBe(0x1234n);
  });

  it("a loader overwriting a code frame (PhysMem.load) drops its decodings", () => {
    const m = machine([0x91000400 /* add x0, x0, #1 */, SVC]);
    m.cpu.run(10);
    putWords(m, CODE, [0xd2824680 /* mov x0, #0x1234 */]);
    m.cpu.setPc(BigInt(CODE));
    m.cpu.run(10);
    expect(m.cpu.getReg(0)).toBe(0x1234n);
  });
});

describe("save and restore (machine snapshots)", () => {
  it("restoring a saved state replays the same instructions to the same state", () => {
    const m = machine([0x91000400 /* add x0, x0, #1 */, 0xab020020 /* adds x0, x1, x2 */, 0xd51bd041 /* msr tpidr_el0, x1 */,
      0x17fffffd /* b .-12 */]);
    m.cpu.setReg(1, 0xffffffffffffffffn); m.cpu.setReg(2, 5n);
    m.cpu.run(7);
    const s = m.cpu.save();
    m.cpu.run(100);
    const after = m.cpu.save();
    m.cpu.restore(s);
    expect(m.cpu.save()).toEqual(s);
    m.cpu.run(100);
    expect(m.cpu.save()).toEqual(after);
    expect(m.cpu.retired).toBe(107);
  });
});

describe("exclusives (Arm ARM B2.9): a single-CPU monitor", () => {
  it("LDXR then STXR to the same address succeeds (status 0)", () => {
    const m = machine([0xc85f7c41 /* ldxr x1, [x2] */, 0xc8037c44 /* stxr w3, x4, [x2] */, SVC]);
    m.cpu.setReg(2, BigInt(DATA)); m.cpu.setReg(3, 99n); m.cpu.setReg(4, 0xabcdn);
    m.cpu.run(10);
    expect(m.cpu.getReg(3)).toBe(0n);
    expect(read64(m, DATA)).toBe(0xabcdn);
  });

  it("STXR without a matching LDXR fails (status 1) and stores nothing", () => {
    const m = machine([0xd5033f5f /* clrex */, 0xc8037c44 /* stxr w3, x4, [x2] */, SVC]);
    m.cpu.setReg(2, BigInt(DATA)); m.cpu.setReg(4, 0xabcdn);
    m.cpu.run(10);
    expect(m.cpu.getReg(3)).toBe(1n);
    expect(read64(m, DATA)).toBe(0n);
  });

  it("an unaligned exclusive access is an alignment fault", () => {
    const m = machine([0xc85f7c41 /* ldxr x1, [x2] */]);
    m.cpu.setReg(2, BigInt(DATA + 4));
    expect(m.cpu.run(10)).toBe(Stop.Exception);
    expect(m.cpu.exc.kind).toBe(Exc.Protection);
    expect(m.cpu.exc.detail).toMatch(/alignment/);
  });
});

describe("system registers at EL0 (Arm ARM D17)", () => {
  it("NZCV, TPIDR_EL0 and FPCR read back what was written; FPCR keeps only its defined bits", () => {
    const m = machine([
      0xd51b4201 /* msr nzcv, x1 */, 0xd53b4200 /* mrs x0, nzcv */,
      0xd51bd041 /* msr tpidr_el0, x1 */, 0xd53bd043 /* mrs x3, tpidr_el0 */,
      0xd51b4401 /* msr fpcr, x1 */, 0xd53b4404 /* mrs x4, fpcr */, SVC]);
    m.cpu.setReg(1, 0xffffffffffffffffn);
    m.cpu.run(20);
    expect(m.cpu.getReg(0)).toBe(0xf0000000n);
    expect(m.cpu.getFlags()).toBe(0xf0000000n);
    expect(m.cpu.getReg(3)).toBe(0xffffffffffffffffn);
    expect(m.cpu.getReg(32)).toBe(0xffffffffffffffffn);
    expect(m.cpu.getReg(4)).toBe(0x07ff0000n);     // as qemu-aarch64 reads it back
  });

  it("CNTVCT_EL0 counts retired instructions, so every run reads the same values", () => {
    const m = machine([NOP, NOP, 0xd53be040 /* mrs x0, cntvct_el0 */, 0xd53be001 /* mrs x1, cntfrq_el0 */, SVC]);
    m.cpu.run(20);
    expect(m.cpu.getReg(0)).toBe(2n);
    expect(m.cpu.getReg(1)).toBe(62_500_000n);
  });

  it("DC ZVA zeroes the DCZID_EL0-sized block holding the address", () => {
    const m = machine([0xd53b00e0 /* mrs x0, dczid_el0 */, 0xd50b7422 /* dc zva, x2 */, SVC]);
    m.mem.fill(m.pm.physOf(DATA), 4096, 0xaa);
    m.cpu.setReg(2, BigInt(DATA + 0x210));
    m.cpu.run(10);
    const bytes = 4 << Number(m.cpu.getReg(0) & 15n);
    expect(bytes).toBe(512);
    expect(read64(m, DATA + 0x1f8)).toBe(0xaaaaaaaaaaaaaaaan);
    expect(read64(m, DATA + 0x200)).toBe(0n);
    expect(read64(m, DATA + 0x3f8)).toBe(0n);
    expect(read64(m, DATA + 0x400)).toBe(0xaaaaaaaaaaaaaaaan);
  });
});

describe("flags: AddWithCarry (Arm ARM J1 shared/functions/integer)", () => {
  it.each([
    // adds x0, x1, x2: operands, result, NZCV
    [0x7fffffffffffffffn, 1n, 0x8000000000000000n, 0b1001n],   // signed overflow: N, V
    [0xffffffffffffffffn, 1n, 0n, 0b0110n],                     // carry out, zero: Z, C
    [0x8000000000000000n, 0x8000000000000000n, 0n, 0b0111n],    // Z, C, V
    [1n, 2n, 3n, 0b0000n],
  ])("ADDS (C6.2.6) %s + %s = %s, NZCV=%s", (a, b, r, nzcv) => {
    const m = machine([0xab020020 /* adds x0, x1, x2 */, SVC]);
    m.cpu.setReg(1, a); m.cpu.setReg(2, b);
    m.cpu.run(5);
    expect(m.cpu.getReg(0)).toBe(r);
    expect(m.cpu.getFlags() >> 28n).toBe(nzcv);
  });

  it.each([
    // subs w0, w1, w2 (32-bit): C is NOT borrow
    [5n, 3n, 2n, 0b0010n],
    [3n, 5n, 0xfffffffen, 0b1000n],
    [0x80000000n, 1n, 0x7fffffffn, 0b0011n],
    [7n, 7n, 0n, 0b0110n],
  ])("SUBS (C6.2.341, 32-bit) %s - %s = %s, NZCV=%s", (a, b, r, nzcv) => {
    const m = machine([0x6b020020 /* subs w0, w1, w2 */, SVC]);
    m.cpu.setReg(1, a | 0xdead00000000n); m.cpu.setReg(2, b);
    m.cpu.run(5);
    expect(m.cpu.getReg(0)).toBe(r);
    expect(m.cpu.getFlags() >> 28n).toBe(nzcv);
  });
});
