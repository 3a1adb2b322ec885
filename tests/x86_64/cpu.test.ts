// The x86_64 CPU's contract with the machine: stops, exceptions, precise
// faults, the decode cache. Encodings from the Intel SDM Vol. 2 opcode
// tables; expected behaviour from the SDM's Operation sections and the
// Cpu interface in machine/core/cpu.ts.

import { describe, expect, it } from "vitest";
import { Exc, Stop } from "../../machine/core/cpu";
import { Prot } from "../../linux/pagemap";
import { CODE, DATA, STACK_TOP, hexBytes, peek64, poke, rig } from "./util";

describe("x86_64 stops and exceptions", () => {
  it("runs straight-line code and counts retired instructions", () => {
    // mov eax,5 ; add eax,7 ; imul eax,eax,3  (SDM 2A "MOV", "ADD", "IMUL")
    const { cpu } = rig(hexBytes("b8 05 00 00 00 83 c0 07 6b c0 03"));
    expect(cpu.run(3)).toBe(Stop.Budget);
    expect(cpu.getReg(0)).toBe(36n);
    expect(cpu.retired).toBe(3);
    expect(cpu.getPc()).toBe(BigInt(CODE + 11));
  });

  it("SYSCALL stops with RIP after it, RCX = next RIP, R11 = RFLAGS (SDM 4 SYSCALL)", () => {
    const { cpu } = rig(hexBytes("f9 0f 05"));           // stc ; syscall
    expect(cpu.run(10)).toBe(Stop.Syscall);
    expect(cpu.getPc()).toBe(BigInt(CODE + 3));
    expect(cpu.getReg(1)).toBe(BigInt(CODE + 3));
    expect(cpu.getReg(11)).toBe(0x203n);
    expect(cpu.retired).toBe(2);
  });

  it("an unknown encoding stops with Exc.Undefined and RIP at the instruction", () => {
    const { cpu } = rig(hexBytes("90 90 d6"));            // D6 is undefined in 64-bit mode
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.Undefined);
    expect(cpu.exc.vector).toBe(6);
    expect(cpu.getPc()).toBe(BigInt(CODE + 2));
    expect(cpu.retired).toBe(2);
  });

  it("LOCK is #UD unless the instruction is a read-modify-write of memory (SDM 3.2 LOCK)", () => {
    for (const [hex, ok] of [["f0 01 03", true], ["f0 89 03", false], ["f0 01 d8", false], ["f0 39 03", false], ["f0 0f ab 03", true], ["f0 0f a3 03", false]] as const) {
      const { cpu } = rig(hexBytes(hex));
      cpu.setReg(3, BigInt(DATA));
      const stop = cpu.run(1);
      expect(stop, hex).toBe(ok ? Stop.Budget : Stop.Exception);
      if (!ok) expect(cpu.exc.kind).toBe(Exc.Undefined);
    }
  });

  it("UD2 raises #UD at the instruction (SDM 4 UD)", () => {
    const { cpu } = rig(hexBytes("0f 0b"));
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.Undefined);
    expect(cpu.getPc()).toBe(BigInt(CODE));
  });

  it("INT3 is a trap: Exc.Breakpoint, vector 3, RIP after it (SDM 3 INT n/INT3)", () => {
    const { cpu } = rig(hexBytes("90 cc 90"));
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.Breakpoint);
    expect(cpu.exc.vector).toBe(3);
    expect(cpu.getPc()).toBe(BigInt(CODE + 2));
  });

  it("HLT at CPL 3 is #GP (SDM 3 HLT)", () => {
    const { cpu } = rig(hexBytes("f4"));
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.Protection);
    expect(cpu.exc.vector).toBe(13);
    expect(cpu.getPc()).toBe(BigInt(CODE));
  });

  it("privileged instructions are #GP at CPL 3: CLI, OUT, RDMSR, MOV CR3 (SDM Vol. 3A 5.9)", () => {
    for (const hex of ["fa", "ee", "0f 32", "0f 22 d8", "e4 60"]) {
      const { cpu } = rig(hexBytes(hex));
      expect(cpu.run(1), hex).toBe(Stop.Exception);
      expect(cpu.exc.kind).toBe(Exc.Protection);
      expect(cpu.getPc()).toBe(BigInt(CODE));
    }
  });

  it("DIV by zero is #DE, vector 0, registers unchanged (SDM 3 DIV)", () => {
    const { cpu } = rig(hexBytes("31 c9 f7 f1"));         // xor ecx,ecx ; div ecx
    cpu.setReg(0, 1234n);
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.DivideError);
    expect(cpu.exc.vector).toBe(0);
    expect(cpu.getPc()).toBe(BigInt(CODE + 2));
    expect(cpu.getReg(0)).toBe(1234n);
  });

  it("a quotient that does not fit is #DE too (IDIV INT64_MIN / -1)", () => {
    const { cpu } = rig(hexBytes("48 99 48 f7 f9"));      // cqo ; idiv rcx
    cpu.setReg(0, 1n << 63n);
    cpu.setReg(1, -1n);
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.DivideError);
  });

  it("a page fault is precise: RIP at the instruction, destination and RSP unchanged", () => {
    // mov rax,[rbx] with rbx unmapped; push rax with RSP pointing at an unmapped page
    const { cpu } = rig(hexBytes("48 8b 03"));
    cpu.setReg(0, 7n);
    cpu.setReg(3, 0x10000000n);
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.PageFault);
    expect(cpu.exc.vector).toBe(14);
    expect(cpu.exc.code).toBe(0b00100);                    // not present, read, user
    expect(cpu.getReg(0)).toBe(7n);
    expect(cpu.getPc()).toBe(BigInt(CODE));
  });

  it("a store to a read-only page reports P=1 W=1 U=1 and leaves memory and flags alone", () => {
    // add dword [rbx], 1 with rbx in the code page (mapped R+X only)
    const { cpu } = rig(hexBytes("f9 83 03 01"));          // stc ; add dword [rbx],1
    cpu.setReg(3, BigInt(CODE));
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.code).toBe(0b00111);
    expect(cpu.getFlags() & 1n).toBe(1n);                  // CF from STC survives
    expect(cpu.getPc()).toBe(BigInt(CODE + 1));
  });

  it("PUSH to an unmapped stack faults without moving RSP", () => {
    const { cpu } = rig(hexBytes("50"));
    cpu.setReg(4, 0x20000000n);
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.PageFault);
    expect(cpu.exc.code & 2).toBe(2);
    expect(cpu.getReg(4)).toBe(0x20000000n);
  });

  it("fetching from a non-executable page is a #PF with I/D = 1 (bit 4)", () => {
    const { cpu } = rig(hexBytes("90"));
    cpu.setPc(BigInt(DATA));
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.PageFault);
    expect(cpu.exc.code).toBe(0b10101);
    expect(cpu.getPc()).toBe(BigInt(DATA));
  });

  it("an instruction running off the end of executable memory faults at its start", () => {
    const { cpu, pm, mem } = rig([]);
    const last = CODE + 4 * 4096 - 2;
    poke(pm, mem, last, [0xb8, 0x01]);                     // mov eax, imm32: 3 bytes missing
    cpu.setPc(BigInt(last));
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.PageFault);
    expect(cpu.getPc()).toBe(BigInt(last));
  });

  it("a non-canonical address is #GP, not #PF (SDM Vol. 1 3.3.7.1)", () => {
    const { cpu } = rig(hexBytes("48 8b 03"));
    cpu.setReg(3, 0x0000800000000000n);
    expect(cpu.run(10)).toBe(Stop.Exception);
    expect(cpu.exc.kind).toBe(Exc.Protection);
    expect(cpu.exc.vector).toBe(13);
  });
});

describe("x86_64 decode cache", () => {
  it("self-modifying code: a store into decoded code is seen by the next execution", () => {
    // loop: mov eax, imm32 (patched) ; mov byte [rip-5], 0x22 (overwrites the imm's low byte); jmp loop
    //   400000: b8 11 00 00 00        mov eax,0x11
    //   400005: c6 05 f5 ff ff ff 22  mov BYTE PTR [rip-0xb],0x22   -> 0x400001
    //   40000c: eb f2                 jmp 400000
    const { cpu, pm } = rig(hexBytes("b8 11 00 00 00 c6 05 f5 ff ff ff 22 eb f2"), Prot.R | Prot.W | Prot.X);
    void pm;
    cpu.run(1);
    expect(cpu.getReg(0)).toBe(0x11n);
    cpu.run(3);                                            // store, jmp, mov again
    expect(cpu.getReg(0)).toBe(0x22n);
  });

  it("a store that patches the very next instruction takes effect immediately", () => {
    //   400000: c6 05 00 00 00 00 05  mov BYTE PTR [rip+0x0],0x05 -> patches 400007's imm8? no: byte at 400007
    //   400007: b0 01                 mov al,1  -> becomes 05 01 = add eax,imm32 ... keep it simple below
    const { cpu, pm, mem } = rig([], Prot.R | Prot.W | Prot.X);
    // 400000: c6 05 01 00 00 00 07  mov BYTE PTR [rip+0x1],0x7   (target 400008 = imm of the next insn)
    // 400007: b0 01                 mov al,0x1  -> mov al,0x7
    poke(pm, mem, CODE, hexBytes("b0 01"));
    cpu.run(1);                                            // decode and cache "mov al,1" first
    expect(cpu.getReg(0) & 0xffn).toBe(1n);
    poke(pm, mem, CODE, hexBytes("c6 05 01 00 00 00 07 b0 01"));
    cpu.setPc(BigInt(CODE));
    cpu.run(1);                                            // decode the store + the mov after it
    cpu.setPc(BigInt(CODE));
    cpu.run(2);
    expect(cpu.getReg(0) & 0xffn).toBe(7n);
  });

  it("an instruction straddling two pages is dropped when the second page is written", () => {
    const { cpu, pm, mem } = rig([], Prot.R | Prot.W | Prot.X);
    const at = CODE + 4096 - 2;
    poke(pm, mem, at, hexBytes("b8 11 00 00 00"));          // mov eax,0x11 across the boundary
    cpu.setPc(BigInt(at));
    cpu.run(1);
    expect(cpu.getReg(0)).toBe(0x11n);
    poke(pm, mem, CODE + 4096, [0x33]);                    // imm32 byte 1 (bits 15:8) is the first byte of the second page
    cpu.setPc(BigInt(at));
    cpu.run(1);
    expect(cpu.getReg(0)).toBe(0x3311n);             // byte 2 of the imm32 was the 0x00 at the page start
  });

  it("CALL/RET and the stack", () => {
    // 400000: e8 05 00 00 00  call 40000a ; 400005: 90 ... ; 40000a: 48 89 e0 mov rax,rsp ; c3 ret
    const { cpu, pm, mem } = rig(hexBytes("e8 05 00 00 00 90 90 90 90 90 48 89 e0 c3"));
    cpu.run(3);
    expect(cpu.getPc()).toBe(BigInt(CODE + 5));
    expect(cpu.getReg(0)).toBe(BigInt(STACK_TOP - 72));
    expect(peek64(pm, mem, STACK_TOP - 72)).toBe(BigInt(CODE + 5));
    expect(cpu.getReg(4)).toBe(BigInt(STACK_TOP - 64));
  });
});
