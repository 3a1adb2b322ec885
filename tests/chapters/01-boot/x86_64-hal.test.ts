// The x86_64 HAL's tables, read back from the machine after boot and
// decoded by the Intel SDM's layouts, and the CPU's behaviour through them:
// privileged instructions at CPL 3 are #GP(0) (SDM Vol. 2 "HLT", "MOV to/from
// Control Registers"), int3 is #BP through the DPL 3 gate, ud2 is #UD.
// (`int 0x80`, whose #GP error code would name the gate, is not tested: the
// emulated CPU does not implement INT n (CD ib) yet and raises #UD.)

import { describe, expect, it } from "vitest";
import type { PcMachine } from "../../../machine/boards/pc";
import { boot, buildAsm, kernelLines } from "./kit";

const X86 = (body: string) => buildAsm("t.s", `.intel_syntax noprefix\n.text\n.globl _start\n_start:\n${body}\n`, "x86_64");
const rd = (m: PcMachine, pa: number) => (BigInt(m.mem.read(pa + 4, 4) >>> 0) << 32n) | BigInt(m.mem.read(pa, 4) >>> 0);

describe("x86_64 HAL", () => {
  const run = boot("x86_64", { programs: ["hello"] });
  const m = run.machine as PcMachine;

  it("IDT: 256 present 64-bit interrupt gates through the kernel code selector, each to its own entry in the window", () => {
    const s = m.sys, idt = Number(s.idtBase);
    expect(s.idtLimit).toBe(256 * 16 - 1);
    const targets = new Set<bigint>();
    for (let v = 0; v < 256; v++) {
      const lo = rd(m, idt + v * 16), hi = rd(m, idt + v * 16 + 8);
      expect((lo >> 47n) & 1n).toBe(1n);                       // P
      expect((lo >> 40n) & 0xfn).toBe(0xen);                    // 64-bit interrupt gate (SDM Table 3-2)
      expect((lo >> 16n) & 0xffffn).toBe(0x08n);                // kernel code selector
      expect((lo >> 45n) & 3n).toBe(v === 3 ? 3n : 0n);          // DPL: only int3 from user mode
      const target = (lo & 0xffffn) | (((lo >> 48n) & 0xffffn) << 16n) | ((hi & 0xffffffffn) << 32n);
      expect(target >= 0xfed00000n && target < 0xfed10000n).toBe(true);
      targets.add(target);
    }
    expect(targets.size).toBe(256);
  });

  it("GDT and TSS: LTR found a TSS whose RSP0 is the top of a frame the kernel accounted for", () => {
    const s = m.sys;
    expect(s.tr).toBe(0x28);
    const rsp0 = rd(m, Number(s.tssBase) + 4);
    const frames = run.kernel!.state.kmem.flatMap((e) => e.frames);
    expect(frames).toContain(Number(rsp0) - 4096);
    // Kernel code: L=1, D=0, P=1, DPL 0, code (SDM 3.4.5); user code the same at DPL 3.
    const kcode = rd(m, Number(s.gdtBase) + 8), ucode = rd(m, Number(s.gdtBase) + 32);
    expect([(kcode >> 53n) & 1n, (kcode >> 54n) & 1n, (kcode >> 47n) & 1n, (kcode >> 45n) & 3n, (kcode >> 43n) & 1n]).toEqual([1n, 0n, 1n, 0n, 1n]);
    expect([(ucode >> 53n) & 1n, (ucode >> 45n) & 3n]).toEqual([1n, 3n]);
  });

  it("SYSCALL: EFER.SCE, STAR selectors, LSTAR in the window, FMASK clears IF", () => {
    const s = m.sys;
    expect(s.efer & 1).toBe(1);
    expect((s.star >> 32n) & 0xffffn).toBe(0x08n);
    expect((s.star >> 48n) & 0xffffn).toBe(0x10n);           // SYSRET: CS = 0x10+16|3 = 0x23, SS = 0x10+8|3 = 0x1b
    expect(s.lstar >= 0xfed00000n && s.lstar < 0xfed10000n).toBe(true);
    expect(s.fmask & 0x200n).toBe(0x200n);
  });

  it("mov rax, cr3 at ring 3 is #GP; int3 is a breakpoint; ud2 is #UD", () => {
    const mods = [
      { name: "cr3", bytes: X86("mov rax, cr3\nmov eax, 0\nxor edi, edi\nsyscall") },
      { name: "int3", bytes: X86("int3\nmov eax, 0\nxor edi, edi\nsyscall") },
      { name: "ud", bytes: X86("ud2") },
    ];
    const r = boot("x86_64", { modules: mods });
    const [a, b, c] = r.kernel!.state.threads;
    expect([a.exitStatus, b.exitStatus, c.exitStatus]).toEqual([128 + 11, 128 + 5, 128 + 4]);
    expect(kernelLines(r).some((l) => l.startsWith("fault: pid 1 (cr3) general protection"))).toBe(true);
    const ev = r.kernel!.state.events.find((e) => e.kind === "fault" && e.tid === 1);
    expect(ev).toBeDefined();
    expect(r.result.status).toBe(0);
  });

  it("HLT at ring 3 arrives as vector 13 with error code 0, from user mode, at the HLT's address", () => {
    const seen: { vector: number; code: number; fromUser: boolean; pc: bigint }[] = [];
    const spy = (b: import("../../../chapters/01-boot/kernel/builder").KernelBuilder) =>
      b.wrap("userFault", (earlier) => (kn, trap) => {
        seen.push({ vector: trap.vector, code: trap.code, fromUser: trap.fromUser, pc: kn.hal.pc(kn.state.threads[0].context) });
        earlier(kn, trap);
      });
    const r = boot("x86_64", { modules: [{ name: "h", bytes: X86("nop\nhlt") }], layers: [spy] });
    const spawned = r.kernel!.state.events.find((e) => e.text.startsWith("spawn h:"))!;
    const entry = BigInt(/entry (0x[0-9a-f]+)/.exec(spawned.text)![1]);
    expect(seen).toEqual([{ vector: 13, code: 0, fromUser: true, pc: entry + 1n }]);   // nop is 1 byte
  });

  it("the local APIC is enabled and the UART's IOAPIC pin 4 goes to vector 33", () => {
    expect(m.mem.read(0xfee000f0, 4) & 0x100).toBe(0x100);
    m.mem.write(0xfec00000, 4, 0x10 + 8);
    expect(m.mem.read(0xfec00010, 4) & 0x1ffff).toBe(33);
  });
});
