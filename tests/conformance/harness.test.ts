// The lockstep harness's own parts, checked against the real tools: the
// qemu trace parser on real traces, and the x86 undefined-flags table
// against the Intel SDM's "Flags Affected" sections.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Cpu } from "../../machine/core/cpu";
import { loadArch, lockstep, type ArchImpl } from "../harness/lockstep";
import { objdump, OBJDUMP } from "../harness/objdump";
import { QEMU, traceQemu } from "../harness/qemu-trace";
import { AF, CF, OF, PF, SF, ZF, destWidth, undefinedFlags } from "../harness/x86-flags";
import { oracleIt } from "../oracles";
import { FIXTURES } from "./fixtures";

const entryOf = (path: string): bigint => new DataView(readFileSync(path).buffer.slice(0)).getBigUint64(0x18, true);

describe("qemu trace parser", () => {
  oracleIt([QEMU.x86_64, OBJDUMP.x86_64])("x86_64: one record per instruction, from the entry point to the exit syscall", () => {
    const elf = `${FIXTURES}/x86_64/exitcode-O2.elf`;
    const t = traceQemu("x86_64", elf, 100_000);
    const dis = objdump("x86_64", elf);
    expect(t.complete).toBe(true);
    expect(t.records[0].pc).toBe(entryOf(elf));
    expect(dis.text.get(t.records[0].pc)).toBe("xor    ebp,ebp");
    // After `xor ebp, ebp`: ZF and PF set (SDM "XOR": flags from the result 0).
    expect(t.records[1].flags & 0x44n).toBe(0x44n);
    expect(t.records[1].pc).toBe(t.records[0].pc + 2n);
    const last = t.records[t.records.length - 1];
    expect(dis.text.get(last.pc)).toBe("syscall");
    expect(last.regs[0]).toBe(231n);                 // exit_group
    expect(last.regs[7]).toBe(300n);                 // rdi: the status before truncation to 8 bits
    for (const r of t.records) expect(dis.text.has(r.pc), `0x${r.pc.toString(16)} is an instruction`).toBe(true);
  });

  oracleIt([QEMU.x86_64])("x86_64: the limit cuts the trace to maxSteps + 1 records", () => {
    const t = traceQemu("x86_64", `${FIXTURES}/x86_64/exitcode-O0.elf`, 10);
    expect(t.records.length).toBe(11);
    expect(t.complete).toBe(false);
  });

  oracleIt([QEMU.arm64, OBJDUMP.arm64])("arm64: one record per instruction, SP and NZCV parsed", () => {
    const elf = `${FIXTURES}/arm64/exitcode-O2.elf`;
    const t = traceQemu("arm64", elf, 100_000);
    const dis = objdump("arm64", elf);
    expect(t.complete).toBe(true);
    expect(t.records[0].pc).toBe(entryOf(elf));
    expect(t.records[0].regs[31] % 16n).toBe(0n);    // SP is 16-byte aligned at entry
    const last = t.records[t.records.length - 1];
    expect(dis.text.get(last.pc)).toBe("svc\t#0x0");
    expect(last.regs[8]).toBe(94n);                  // exit_group
    expect(last.regs[0]).toBe(300n);
    for (const r of t.records) expect(dis.text.has(r.pc)).toBe(true);
    expect(t.records.every((r) => (r.flags & 0x0fffffffn) === 0n)).toBe(true);
  });
});

describe("x86 undefined flags (Intel SDM Vol. 2, Flags Affected)", () => {
  it("logic ops leave only AF undefined; MUL/IMUL all but CF/OF; DIV all", () => {
    expect(undefinedFlags("xor    eax,eax", 0n)).toBe(AF);
    expect(undefinedFlags("imul   rax,rbx", 0n)).toBe(SF | ZF | AF | PF);
    expect(undefinedFlags("div    rbx", 0n)).toBe(CF | PF | AF | ZF | SF | OF);
    expect(undefinedFlags("add    eax,0x1", 0n)).toBe(0);
    expect(undefinedFlags("bsf    rax,rbx", 0n)).toBe(CF | OF | SF | AF | PF);
  });
  it("shifts: count 0 changes nothing, count 1 defines OF, larger counts do not", () => {
    expect(undefinedFlags("shl    eax,1", 0n)).toBe(AF);
    expect(undefinedFlags("shl    eax,cl", 0n)).toBe(0);
    expect(undefinedFlags("shl    eax,cl", 32n)).toBe(0);         // masked to 0
    expect(undefinedFlags("shl    rax,cl", 32n)).toBe(AF | OF);
    expect(undefinedFlags("sar    BYTE PTR [rbx],0x3", 0n)).toBe(AF | OF);
    expect(undefinedFlags("rol    ax,cl", 1n)).toBe(0);
    expect(undefinedFlags("rcr    ax,cl", 2n)).toBe(OF);
    expect(undefinedFlags("shld   ax,bx,cl", 17n)).toBe(CF | PF | AF | ZF | SF | OF);
    expect(undefinedFlags("shrd   eax,ebx,cl", 17n)).toBe(AF | OF);
  });
  it("reads operand widths from register names and PTR sizes", () => {
    expect(destWidth("al,bl")).toBe(8);
    expect(destWidth("r10w,cx")).toBe(16);
    expect(destWidth("r9d,1")).toBe(32);
    expect(destWidth("DWORD PTR [rbx+0x4],0x9")).toBe(32);
    expect(destWidth("rax,rbx")).toBe(64);
  });
});

/** The real CPU with one injected fault: `corrupt` runs once, after instruction number `at`. */
async function faultyArch(arch: "x86_64" | "arm64", at: number, corrupt: (cpu: Cpu) => void): Promise<ArchImpl> {
  const real = await loadArch(arch);
  return {
    disassemble: real.disassemble,
    createCpu(mmu) {
      const cpu = real.createCpu(mmu);
      let steps = 0;
      return new Proxy(cpu, {
        get(target, prop) {
          if (prop === "run") {
            return (budget: number) => {
              const stop = target.run(budget);
              if (++steps === at) corrupt(target);
              return stop;
            };
          }
          const v = Reflect.get(target, prop, target);
          return typeof v === "function" ? v.bind(target) : v;
        },
      });
    },
  };
}

describe("the lockstep harness catches injected CPU bugs", () => {
  oracleIt([QEMU.x86_64, OBJDUMP.x86_64])("x86_64: a flipped CF and a wrong register are reported at the right instruction", async () => {
    const elf = `${FIXTURES}/lockstep/x86_64/alu.elf`;
    const flags = await lockstep("x86_64", elf, 3000, await faultyArch("x86_64", 1000, (c) => c.setFlags(c.getFlags() ^ 1n)));
    expect(flags.steps).toBe(999);
    expect(flags.divergence).toMatch(/^divergence at 0x[0-9a-f]+ <_start>: /);
    expect(flags.divergence).toMatch(/flags: ours .* qemu /);
    const reg = await lockstep("x86_64", elf, 3000, await faultyArch("x86_64", 1500, (c) => c.setReg(3, c.getReg(3) + 1n)));
    expect(reg.steps).toBe(1499);
    expect(reg.divergence).toMatch(/rbx: ours 0x[0-9a-f]+, qemu 0x[0-9a-f]+/);
  });

  oracleIt([QEMU.arm64, OBJDUMP.arm64])("arm64: a flipped V flag and a wrong SP are reported", async () => {
    const elf = `${FIXTURES}/lockstep/arm64/alu.elf`;
    const flags = await lockstep("arm64", elf, 3000, await faultyArch("arm64", 700, (c) => c.setFlags(c.getFlags() ^ 0x10000000n)));
    expect(flags.steps).toBe(699);
    expect(flags.divergence).toMatch(/flags: ours .*\[.*\], qemu /);
    const sp = await lockstep("arm64", elf, 3000, await faultyArch("arm64", 10, (c) => c.setReg(31, c.getReg(31) - 16n)));
    expect(sp.steps).toBe(9);
    expect(sp.divergence).toMatch(/sp: ours/);
  });
});
