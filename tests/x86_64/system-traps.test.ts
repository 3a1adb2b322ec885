// x86_64 system mode on the PC board: SYSCALL/SYSRETQ, exceptions through
// a real IDT (frames, error codes, CR2), the privileged instructions at
// CPL 3, and the A/D bits the walker writes. Expected values come from the
// Intel SDM (sections cited per test), never from our own output.

import { describe, expect, it } from "vitest";
import { asm, boot, KBASE, KCS, KSTACK_TOP, PA, UCS, UDS, USER_CODE, USER_NX, USER_STACK, type Kit } from "./system-kit";
import type { X86KernelMode } from "../../machine/boards/x86_64-kernel";

/** Address of the first occurrence of `bytes` in the user code. */
function addrOf(code: Uint8Array, bytes: number[]): bigint {
  for (let i = 0; i + bytes.length <= code.length; i++) if (bytes.every((b, j) => code[i + j] === b)) return USER_CODE + BigInt(i);
  throw new Error("pattern not found");
}

/** Exit via the debug exit port (any write powers off with status & 0xff). */
const exit = (k: X86KernelMode, status: number): void => k.sys.outPort(0x501, 1, status);

function trapOnce(src: string): { kit: Kit; code: Uint8Array; seen: Record<string, unknown> } {
  const code = asm(src);
  const seen: Record<string, unknown> = {};
  const kit = boot(code, {
    onTrap: (k) => {
      Object.assign(seen, {
        kind: k.trap.kind, vector: k.trap.vector, code: k.trap.code, address: k.trap.address, access: k.trap.access,
        fromUser: k.trap.fromUser, rip: k.reg("rip"), cs: k.reg("cs"), rflags: k.reg("rflags"), rsp: k.reg("rsp"), ss: k.reg("ss"),
        kernelRsp: k.reg("rsp_kernel"), cpl: k.sys.cpl,
      });
      exit(k, 42);
    },
  });
  const r = kit.m.run({ maxInstructions: 100000 });
  expect(r.error).toBeUndefined();
  expect(r.reason).toBe("power-off");
  expect(r.status).toBe(42);
  return { kit, code, seen };
}

describe("x86_64 SYSCALL / SYSRETQ (SDM Vol. 2B SYSCALL, SYSRET)", () => {
  it("enters LSTAR at CPL 0 with RCX = next RIP, R11 = RFLAGS, RFLAGS &= ~FMASK; SYSRETQ returns to CPL 3", () => {
    const code = asm(`
      mov rdi, 5
      xor eax, eax          # ZF=1 PF=1: RFLAGS = 0x246 with IF
      syscall
      mov [0x500000], rax   # the kernel's answer
      mov rdi, [0x500000]
      mov eax, 60
      syscall
    `);
    const calls: Record<string, bigint | number>[] = [];
    const kit = boot(code, {
      onSyscall: (k) => {
        calls.push({ rcx: k.reg("rcx"), r11: k.reg("r11"), rip: k.reg("rip"), rsp: k.reg("rsp"), cpl: k.sys.cpl,
          live: kitRef.m.cpu.getFlags(), cs: kitRef.m.sys.cs, ss: kitRef.m.sys.ss });
        if (k.reg("rax") === 60n) { exit(k, Number(k.reg("rdi"))); return; }
        k.setReg("rax", k.reg("rdi") * 7n);
        k.eret();
      },
    });
    const kitRef = kit;
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.error).toBeUndefined();
    expect(r.reason).toBe("power-off");
    expect(r.status).toBe(35);
    const first = addrOf(code, [0x0f, 0x05]) + 2n;
    expect(calls[0].rcx).toBe(first);                 // RCX <- RIP of the next instruction
    expect(calls[0].rip).toBe(first);
    expect(calls[0].r11).toBe(0x246n);                // R11 <- RFLAGS (RF cleared)
    expect((calls[0].live as bigint) & 0x200n).toBe(0n);   // FMASK cleared IF
    expect(calls[0].cpl).toBe(0);
    expect(calls[0].cs).toBe(KCS);                    // CS <- STAR[47:32], SS <- STAR[47:32] + 8
    expect(calls[0].ss).toBe(KCS + 8);
    expect(calls[0].rsp).toBe(USER_STACK + 0x1000n);  // no stack switch
    expect(kit.m.cpu.cpl).toBe(0);
  });

  it("SYSRETQ with a non-canonical RCX is #GP(0) at CPL 0 (SDM SYSRET, 64-bit mode exceptions)", () => {
    const code = asm("syscall\nud2\n");
    const seen: Record<string, unknown> = {};
    const kit = boot(code, {
      onSyscall: (k) => { k.setReg("rip", 0x0000800000000000n); k.eret(); },
      onTrap: (k) => { Object.assign(seen, { vector: k.trap.vector, fromUser: k.trap.fromUser, cs: k.reg("cs"), code: k.trap.code }); exit(k, 1); },
    });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.error).toBeUndefined();
    expect(seen).toEqual({ vector: 13, fromUser: false, cs: BigInt(KCS), code: 0 });
  });

  it("CPUID on the board reports PCID (1:ECX.17), TSC-deadline (1:ECX.24), APIC (1:EDX.9), SMEP/INVPCID/SMAP (7:EBX.7/10/20)", () => {
    const seen: bigint[] = [];
    const kit = boot(asm("mov eax, 1\ncpuid\nmov rdi, rcx\nmov rsi, rdx\nmov eax, 7\nxor ecx, ecx\ncpuid\nmov rdx, rbx\nsyscall\n"), {
      onSyscall: (k) => { seen.push(k.reg("rdi"), k.reg("rsi"), k.reg("rdx")); exit(k, 0); },
    });
    kit.m.run({ maxInstructions: 100 });
    const bit = (v: bigint, b: number): bigint => (v >> BigInt(b)) & 1n;
    expect([bit(seen[0], 17), bit(seen[0], 24), bit(seen[1], 9), bit(seen[2], 7), bit(seen[2], 10), bit(seen[2], 20)]).toEqual([1n, 1n, 1n, 1n, 1n, 1n]);
  });

  it("SYSCALL with EFER.SCE = 0 is #UD", () => {
    const code = asm("syscall\n");
    const seen: number[] = [];
    const kit = boot(code, {
      setup: (k) => k.sys.wrmsr(0xc0000080, (1n << 8n) | (1n << 10n) | (1n << 11n)),
      onTrap: (k) => { seen.push(k.trap.vector); expect(k.reg("rip")).toBe(USER_CODE); exit(k, 0); },
    });
    kit.m.run({ maxInstructions: 1000 });
    expect(seen).toEqual([6]);
  });
});

describe("x86_64 exceptions through the IDT (SDM Vol. 3A 6.12-6.14, 4.7)", () => {
  it("#PF from CPL 3 on an unmapped page: error code U=1 P=0, CR2, frame on TSS.RSP0", () => {
    const { code, seen } = trapOnce("mov rax, [0x600000]\n");
    expect(seen).toMatchObject({ kind: "page-fault", vector: 14, code: 0x4, address: 0x600000n, access: "read", fromUser: true, cpl: 0 });
    expect(seen.rip).toBe(USER_CODE);                 // a fault: RIP of the faulting instruction
    expect(seen.cs).toBe(BigInt(UCS));
    expect(seen.ss).toBe(BigInt(UDS));
    expect(seen.rsp).toBe(USER_STACK + 0x1000n);
    expect(seen.rflags).toBe(0x202n);
    // Stack switch to TSS.RSP0 (16-aligned): SS, RSP, RFLAGS, CS, RIP, error code = 6 qwords.
    expect(seen.kernelRsp).toBe(KSTACK_TOP - 48n);
    expect(code.length).toBeGreaterThan(0);
  });

  it("#PF on a write to a read-only page: P=1 W=1 U=1", () => {
    const { seen } = trapOnce("mov dword ptr [0x510000], 1\n");
    expect(seen).toMatchObject({ vector: 14, code: 0x7, address: 0x510000n, access: "write" });
  });

  it("#PF on an instruction fetch from an XD page with EFER.NXE: P=1 U=1 I/D=1, RIP = CR2", () => {
    const { seen } = trapOnce(`mov rax, ${USER_NX}\njmp rax\n`);
    expect(seen).toMatchObject({ vector: 14, code: 0x15, address: USER_NX, access: "exec", rip: USER_NX });
  });

  it("INT3 is a trap (RIP after it) through a DPL 3 gate; #UD, #DE, #GP(0) for HLT/CLI/IN at CPL 3", () => {
    const cases: [string, number, bigint][] = [
      ["nop\nint3\n", 3, 2n], ["ud2\n", 6, 0n], ["xor ecx, ecx\ndiv ecx\n", 0, 2n], ["hlt\n", 13, 0n], ["cli\n", 13, 0n],
      ["in al, 0x60\n", 13, 0n], ["mov rax, cr0\n", 13, 0n],
    ];
    for (const [src, vector, off] of cases) {
      const { seen } = trapOnce(src);
      expect({ src, vector: seen.vector, rip: seen.rip }).toEqual({ src, vector, rip: USER_CODE + off });
    }
  });

  it("INT n (SDM Vol. 2A INT n): through a DPL 3 gate a trap with no error code; through a DPL 0 gate #GP(n*8+2) at the INT", () => {
    const viaDpl3 = trapOnce(".byte 0xcd, 0x03\n");          // INT 3 in its two-byte form: vector 3's gate has DPL 3
    expect(viaDpl3.seen).toMatchObject({ vector: 3, code: 0, rip: USER_CODE + 2n, fromUser: true });
    const viaDpl0 = trapOnce("nop\nint 0x80\n");              // vector 0x80's gate has DPL 0
    expect(viaDpl0.seen).toMatchObject({ vector: 13, code: 0x80 * 8 + 2, rip: USER_CODE + 1n, fromUser: true });
  });

  it("RFLAGS.TF single-steps CPL 3: a #DB trap after each instruction, RIP = the next one, TF cleared in the handler (SDM 17.3.1.4)", () => {
    const seen: unknown[] = [];
    const kit = boot(asm("nop\nnop\nud2\n"), {
      rflags: 0x302n,
      onTrap: (k) => {
        seen.push(k.trap.vector, k.reg("rip"), kit.m.cpu.getFlags() & 0x100n);
        if (k.trap.vector === 6) { exit(k, 0); return; }
        k.eret();                                     // IRETQ restores TF from the frame: stepping goes on
      },
    });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.error).toBeUndefined();
    expect(seen).toEqual([1, USER_CODE + 1n, 0n, 1, USER_CODE + 2n, 0n, 6, USER_CODE + 2n, 0n]);
  });

  it("IRETQ checks the frame: a NULL CS or a non-canonical RIP is #GP(0) taken at CPL 0 (SDM Vol. 2A IRET)", () => {
    for (const [slot, value] of [["cs", 0n], ["rip", 0x0000800000000000n]] as const) {
      const seen: unknown[] = [];
      const kit = boot(asm("int3\nud2\n"), {
        onTrap: (k) => {
          seen.push(k.trap.vector, k.trap.fromUser, k.trap.code);
          if (k.trap.vector === 3) { k.setReg(slot, value); k.eret(); return; }
          exit(k, 0);
        },
      });
      const r = kit.m.run({ maxInstructions: 1000 });
      expect(r.error).toBeUndefined();
      expect({ slot, seen }).toEqual({ slot, seen: [3, true, 0, 13, false, 0] });
    }
  });

  it("the walker sets A in every entry it uses and D in the leaf on a write (SDM 4.8)", () => {
    const { kit } = trapOnce("mov rax, [0x510000]\nmov [0x500000], rax\nud2\n");
    const rd = (pa: number): number => kit.m.mem.read(pa, 4);
    expect(rd(kit.pte.ro) & 0x60).toBe(0x20);          // read: A only
    expect(rd(kit.pte.data) & 0x60).toBe(0x60);        // written: A and D
    expect(rd(kit.pte.stack) & 0x60).toBe(0);          // untouched (the trap frame goes to the kernel stack)
    expect(rd(kit.root) & 0x20).toBe(0x20);            // the PML4E on the way
  });

  it("reports a delivery through a not-present gate as a double fault, not a crash", () => {
    const code = asm("ud2\n");
    const kit = boot(code, { setup: (k) => k.write(PA.idt + 6 * 16, 8, 0n) });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.reason).toBe("error");
    expect(r.error).toMatch(/double fault: IDT gate 6 is not present/);
  });

  it("KBASE mapping of the window: the gate targets are kernel-half virtual addresses", () => {
    expect(KBASE >> 47n).toBe(0x1ffffn);               // canonical upper half
  });
});
