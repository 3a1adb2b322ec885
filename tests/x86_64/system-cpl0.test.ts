// Privileged instructions executed as machine code at CPL 0 (the kernel's
// first IRETQ goes to a supervisor code page with CS = 0x08): MOV CRn,
// RDMSR/WRMSR, SWAPGS, INVLPG, INVPCID, IN, CLI/STI, PUSHFQ, HLT woken by the
// LAPIC timer, and IRETQ / SYSRETQ as instructions down to CPL 3. Semantics
// from the SDM Vol. 2 entry of each instruction.

import { describe, expect, it } from "vitest";
import { asm, boot, KBASE, KCS, KDS, KSTACK_TOP, PA, RW, USER_CODE, USER_DATA, USER_STACK, UCS, UDS, XD, CR4_PCIDE, type BootOptions } from "./system-kit";
import type { X86KernelMode } from "../../machine/boards/x86_64-kernel";

const KCODE_PA = PA.spare + 0x8000;
const KCODE = KBASE + BigInt(KCODE_PA);
const LAPIC = 0xfee00000;
const exit = (k: X86KernelMode, s: number): void => k.sys.outPort(0x501, 1, s);

/** Boot into `src` at CPL 0 (IF = 0), with a user page at USER_CODE holding `user`. */
function kernelCode(src: string, user: string, opts: BootOptions): ReturnType<typeof boot> {
  const code = asm(src);
  return boot(asm(user), {
    ...opts, entry: KCODE, cs: KCS, ss: KDS, userRsp: KSTACK_TOP - 0x800n, rflags: 0x2n,
    setup: (k, kit) => {
      k.writeBytes(KCODE_PA, code);
      kit.tables!.map(kit.root, KCODE, KCODE_PA, 0n);            // supervisor, executable
      kit.tables!.map(kit.root, USER_STACK - 0x1000n, PA.spare + 0x9000, 4n | RW | XD);
      opts.setup?.(k, kit);
    },
  });
}

describe("x86_64 privileged instructions as CPL 0 machine code", () => {
  it("MOV CR, RDMSR/WRMSR, SWAPGS, INVLPG, INVPCID, IN, STI, PUSHFQ", () => {
    const seen: Record<string, bigint> = {};
    const kit = kernelCode(`
      mov rax, cr3
      mov r8, rax
      mov ecx, 0xc0000081
      rdmsr
      mov r9, rdx
      mov ecx, 0xc0000102
      mov eax, 0x1234
      xor edx, edx
      wrmsr
      swapgs
      invlpg [0x500000]
      mov rax, cr3
      mov cr3, rax
      mov qword ptr [rsp-16], 0
      mov qword ptr [rsp-8], 0
      mov eax, 3
      .byte 0x66, 0x0f, 0x38, 0x82, 0x44, 0x24, 0xf0   # invpcid rax, [rsp-16] (our assembler lacks it)
      in al, 0x70
      movzx r10d, al
      sti
      nop
      pushfq
      pop r11
      mov rax, cr4
      mov r12, rax
      int3
    `, "ud2\n", {
      cr4: CR4_PCIDE,
      onTrap: (k) => {
        for (const r of ["r8", "r9", "r10", "r11", "r12", "rip", "cs"]) seen[r] = k.reg(r);
        seen.gs = kit.m.cpu.getReg(17);
        seen.vector = BigInt(k.trap.vector);
        seen.fromUser = k.trap.fromUser ? 1n : 0n;
        exit(k, 0);
      },
    });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.error).toBeUndefined();
    expect(seen).toEqual({
      r8: BigInt(kit.root), r9: 0x00100008n, r10: 0xffn, r11: 0x246n /* IF, and ZF PF from xor edx, edx */, r12: (1n << 5n) | (1n << 7n) | CR4_PCIDE,
      rip: seen.rip, cs: BigInt(KCS), gs: 0x1234n, vector: 3n, fromUser: 0n,
    });
    // INT3 is a trap: the frame's RIP is the byte after it (the last instruction of the code).
    const code = kit.m.mem.bytes.subarray(KCODE_PA, KCODE_PA + 4096);
    expect(code[Number(seen.rip - KCODE) - 1]).toBe(0xcc);
    expect(code[Number(seen.rip - KCODE)]).toBe(0);
  });

  it("HLT at CPL 0 stops until the timer's interrupt; its frame returns after the HLT", () => {
    const seen: unknown[] = [];
    let armedAt = 0;
    const kit = kernelCode("sti\nhlt\nint3\n", "ud2\n", {
      setup: (k) => {
        k.write(LAPIC + 0xf0, 4, 0x1ffn); k.write(LAPIC + 0x3e0, 4, 0xbn); k.write(LAPIC + 0x320, 4, 0x40n);
        armedAt = k.now(); k.write(LAPIC + 0x380, 4, 100000n);
      },
      onTrap: (k) => {
        seen.push(k.trap.vector, k.now(), k.reg("rip") - KCODE);
        if (k.trap.vector === 0x40) { k.write(LAPIC + 0xb0, 4, 0n); k.eret(); return; }
        exit(k, 0);
      },
    });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.error).toBeUndefined();
    expect(kit.m.cpu.retired).toBeLessThan(10);
    expect(seen.slice(0, 3)).toEqual([0x40, armedAt + 100000, 2n]);   // sti (1 byte), hlt (1 byte)
    expect(seen[3]).toBe(3);
  });

  it("IRETQ and SYSRETQ as instructions return to CPL 3; WRMSR of an unknown MSR is #GP(0)", () => {
    const seen: unknown[] = [];
    const kit = kernelCode(`
      push ${UDS}
      mov rax, ${USER_STACK + 0x1000n}
      push rax
      push 0x202
      push ${UCS}
      mov rax, ${USER_CODE}
      push rax
      iretq
    `, "syscall\nud2\n", {
      onSyscall: (k) => { seen.push("syscall", k.sys.cpl, k.reg("rcx") - USER_CODE); k.setReg("rcx", USER_CODE + 2n); k.eret(); },
      onTrap: (k) => { seen.push(k.trap.vector, k.trap.fromUser, k.reg("rip") - USER_CODE, k.reg("cs")); exit(k, 0); },
    });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.error).toBeUndefined();
    expect(seen).toEqual(["syscall", 0, 2n, 6, true, 2n, BigInt(UCS)]);

    const sr: unknown[] = [];
    const k1 = kernelCode(`mov rcx, ${USER_CODE}\nmov r11d, 0x202\n.byte 0x48, 0x0f, 0x07   # sysretq\n`, "ud2\n", {
      onTrap: (k) => { sr.push(k.trap.vector, k.trap.fromUser, k.reg("rip") - USER_CODE, k.reg("cs"), k.reg("ss"), k.reg("rflags")); exit(k, 0); },
    });
    expect(k1.m.run({ maxInstructions: 1000 }).error).toBeUndefined();
    expect(sr).toEqual([6, true, 0n, BigInt(UCS), BigInt(UDS), 0x202n]);   // CS = STAR[63:48] + 16 | 3, SS = + 8 | 3

    const gp: unknown[] = [];
    const k2 = kernelCode("mov ecx, 0x12345\nwrmsr\n", "ud2\n", {
      onTrap: (k) => { gp.push(k.trap.vector, k.trap.code, k.reg("rip") - KCODE, k.trap.fromUser); exit(k, 0); },
    });
    expect(k2.m.run({ maxInstructions: 1000 }).error).toBeUndefined();
    expect(gp).toEqual([13, 0, 5n, false]);
  });

  it("SMAP (CR4.SMAP): a CPL 0 read of a user page is #PF (P=1, U=0) unless STAC set RFLAGS.AC (SDM 4.6.1)", () => {
    const CR4_SMAP = 1n << 21n;
    const run = (src: string): unknown[] => {
      const seen: unknown[] = [];
      const kit = kernelCode(src, "ud2\n", {
        cr4: CR4_SMAP,
        onTrap: (k) => { seen.push(k.trap.vector, k.trap.code, k.trap.address); exit(k, 0); },
      });
      expect(kit.m.run({ maxInstructions: 1000 }).error).toBeUndefined();
      return seen;
    };
    expect(run(`mov rax, [${USER_DATA}]\nint3\n`)).toEqual([14, 1, USER_DATA]);
    const STAC = ".byte 0x0f, 0x01, 0xcb\n", CLAC = ".byte 0x0f, 0x01, 0xca\n";   // (our assembler lacks them)
    expect(run(`${STAC}mov rax, [${USER_DATA}]\n${CLAC}int3\n`)).toEqual([3, 0, null]);
    expect(run(`${STAC}${CLAC}mov rax, [${USER_DATA}]\nint3\n`)).toEqual([14, 1, USER_DATA]);
  });
});
