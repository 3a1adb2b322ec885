// Instruction semantics that the qemu flag comparison does not reach:
// stack frames, stack-memory forms, segment bases, CPUID/RDTSC, LOOP.
// Expected values follow the Operation sections of the Intel SDM Vol. 2
// (cited per test); encodings are GNU as output.

import { describe, expect, it } from "vitest";
import { Stop } from "../../machine/core/cpu";
import { CODE, DATA, STACK_TOP, hexBytes, peek64, poke, rig } from "./util";

const SP0 = BigInt(STACK_TOP - 64);

function le64(v: bigint): number[] {
  return Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
}

describe("x86_64 stack instructions", () => {
  it("ENTER 0x20,0 / LEAVE build and drop a frame (SDM 3 ENTER, LEAVE)", () => {
    const { cpu, pm, mem } = rig(hexBytes("c8 20 00 00 c9"));
    cpu.setReg(5, 0x1111n);
    cpu.run(1);
    expect(cpu.getReg(5)).toBe(SP0 - 8n);                // RBP = frame pointer
    expect(cpu.getReg(4)).toBe(SP0 - 8n - 0x20n);        // RSP = frame - size
    expect(peek64(pm, mem, Number(SP0 - 8n))).toBe(0x1111n);
    cpu.run(1);
    expect(cpu.getReg(5)).toBe(0x1111n);
    expect(cpu.getReg(4)).toBe(SP0);
  });

  it("ENTER with nesting level 2 copies the enclosing frame pointer (SDM 3 ENTER, level > 0)", () => {
    const { cpu, pm, mem } = rig(hexBytes("c8 10 00 02"));
    const oldBp = SP0 + 32n;
    poke(pm, mem, Number(oldBp - 8n), le64(0xabcdn));   // the outer frame's saved pointer
    cpu.setReg(5, oldBp);
    cpu.run(1);
    const frame = SP0 - 8n;
    expect(peek64(pm, mem, Number(frame))).toBe(oldBp);           // push rbp
    expect(peek64(pm, mem, Number(frame - 8n))).toBe(0xabcdn);    // copied display entry
    expect(peek64(pm, mem, Number(frame - 16n))).toBe(frame);     // push frame temp
    expect(cpu.getReg(5)).toBe(frame);
    expect(cpu.getReg(4)).toBe(frame - 16n - 0x10n);
  });

  it("RET imm16 pops RIP then releases imm16 bytes (SDM 4 RET)", () => {
    const { cpu, pm, mem } = rig(hexBytes("c2 10 00"));
    poke(pm, mem, Number(SP0), le64(BigInt(CODE + 0x40)));
    cpu.run(1);
    expect(cpu.getPc()).toBe(BigInt(CODE + 0x40));
    expect(cpu.getReg(4)).toBe(SP0 + 8n + 0x10n);
  });

  it("PUSH r/m64, POP r/m64, PUSH imm8/imm32 sign-extended (SDM 4 PUSH, POP)", () => {
    const { cpu, pm, mem } = rig(hexBytes("ff 33 8f 43 08 6a fe 68 ff ff ff 7f"));
    poke(pm, mem, DATA, le64(0x1122334455667788n));
    cpu.setReg(3, BigInt(DATA));
    cpu.run(2);
    expect(peek64(pm, mem, DATA + 8)).toBe(0x1122334455667788n);
    expect(cpu.getReg(4)).toBe(SP0);
    cpu.run(2);
    expect(peek64(pm, mem, Number(SP0 - 8n))).toBe(0xfffffffffffffffen);
    expect(peek64(pm, mem, Number(SP0 - 16n))).toBe(0x7fffffffn);
  });

  it("POP m64 whose store faults leaves RSP unchanged (precise)", () => {
    const { cpu } = rig(hexBytes("8f 03"));             // pop QWORD PTR [rbx]
    cpu.setReg(3, 0x30000000n);
    expect(cpu.run(1)).toBe(Stop.Exception);
    expect(cpu.getReg(4)).toBe(SP0);
  });

  it("PUSHF/POPF round-trip the status flags; POPF cannot change IF at CPL 3 (SDM 4 POPF)", () => {
    const { cpu, pm, mem } = rig(hexBytes("9d 9c"));
    poke(pm, mem, Number(SP0), le64(0x8d5n | 0x400n));   // all status flags + DF, IF clear
    cpu.run(1);
    expect(cpu.getFlags()).toBe(0x202n | 0x8d5n | 0x400n); // IF stays 1, bit 1 reads 1
    cpu.run(1);
    expect(peek64(pm, mem, Number(SP0))).toBe(0x202n | 0x8d5n | 0x400n);
  });
});

describe("x86_64 memory forms and segments", () => {
  it("XCHG with memory and LOCK CMPXCHG (SDM 5 XCHG, 3 CMPXCHG)", () => {
    const { cpu, pm, mem } = rig(hexBytes("48 87 03 f0 48 0f b1 0b"));
    poke(pm, mem, DATA, le64(5n));
    cpu.setReg(3, BigInt(DATA));
    cpu.setReg(0, 9n);
    cpu.run(1);
    expect(cpu.getReg(0)).toBe(5n);
    expect(peek64(pm, mem, DATA)).toBe(9n);
    cpu.setReg(0, 9n);                                   // expected value matches: store rcx
    cpu.setReg(1, 77n);
    cpu.run(1);
    expect(peek64(pm, mem, DATA)).toBe(77n);
    expect(cpu.getFlags() & 0x40n).toBe(0x40n);          // ZF = 1
  });

  it("MOVABS rax, moffs64 and FS/GS overrides add fs_base/gs_base (SDM 3.4.2.1)", () => {
    const { cpu, pm, mem } = rig(hexBytes("48 a1 00 00 60 00 00 00 00 00 64 48 8b 04 25 08 00 00 00 65 48 8b 03"));
    poke(pm, mem, DATA, le64(0xaan));
    poke(pm, mem, DATA + 0x18, le64(0xbbn));
    poke(pm, mem, DATA + 0x28, le64(0xccn));
    cpu.setReg(16, BigInt(DATA + 0x10));                 // fs_base
    cpu.setReg(17, BigInt(DATA + 0x20));                 // gs_base
    cpu.setReg(3, 8n);
    cpu.run(1); expect(cpu.getReg(0)).toBe(0xaan);
    cpu.run(1); expect(cpu.getReg(0)).toBe(0xbbn);
    cpu.run(1); expect(cpu.getReg(0)).toBe(0xccn);
  });

  it("LEA rip-relative is relative to the next instruction (SDM Vol. 2A 2.2.1.6)", () => {
    const { cpu } = rig(hexBytes("48 8d 05 00 01 00 00"));
    cpu.run(1);
    expect(cpu.getReg(0)).toBe(BigInt(CODE + 7 + 0x100));
  });

  it("high-byte registers without REX: mov ah,0x12 ; mov bh,ah (SDM Vol. 1 3.4.1.1)", () => {
    const { cpu } = rig(hexBytes("b4 12 88 e7"));
    cpu.setReg(0, 0xffffn); cpu.setReg(3, 0n);
    cpu.run(2);
    expect(cpu.getReg(0)).toBe(0x12ffn);
    expect(cpu.getReg(3)).toBe(0x1200n);
  });
});

describe("x86_64 CPUID, RDTSC, LOOP, JRCXZ", () => {
  it("CPUID leaf 0 names the vendor; leaf 1 reports family 6 with CMOV and POPCNT", () => {
    const { cpu } = rig(hexBytes("0f a2 0f a2"));
    cpu.setReg(0, 0n);
    cpu.run(1);
    const v = [cpu.getReg(3), cpu.getReg(2), cpu.getReg(1)].map((x) => Buffer.from(new Uint32Array([Number(x)]).buffer).toString("latin1")).join("");
    expect(v).toBe("MinOS x86-64");
    cpu.setReg(0, 1n);
    cpu.run(1);
    expect((cpu.getReg(0) >> 8n) & 0xfn).toBe(6n);
    expect(cpu.getReg(2) & (1n << 15n)).toBe(1n << 15n);   // EDX.CMOV
    expect(cpu.getReg(1) & (1n << 23n)).toBe(1n << 23n);   // ECX.POPCNT
  });

  it("RDTSC returns the instructions retired so far (deterministic)", () => {
    const { cpu } = rig(hexBytes("90 90 90 0f 31"));
    cpu.run(4);
    expect(cpu.getReg(0)).toBe(3n);
    expect(cpu.getReg(2)).toBe(0n);
  });

  it("LOOP decrements RCX and branches while non-zero; JRCXZ tests RCX (SDM 4 LOOP, 3 Jcc)", () => {
    // 400000: ff c0 inc eax ; e2 fc loop 400000 ; e3 00 jrcxz 400006
    const { cpu } = rig(hexBytes("ff c0 e2 fc e3 00 90"));
    cpu.setReg(1, 5n);
    cpu.run(11);                                           // 5 x (inc, loop), then jrcxz
    expect(cpu.getReg(0)).toBe(5n);
    expect(cpu.getReg(1)).toBe(0n);
    expect(cpu.getPc()).toBe(BigInt(CODE + 6));
  });
});
