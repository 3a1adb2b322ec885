// Compiled blocks (machine/x86_64/blocks.ts) must be invisible: a CPU that
// runs hot code as blocks and one that interprets every instruction must
// agree on every register, RIP, the flags and the retired count after any
// budget, and on faults and self-modifying code inside a hot loop.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Exc, Stop } from "../../machine/core/cpu";
import { Mmu } from "../../machine/core/mmu";
import { PhysMem } from "../../machine/core/physmem";
import { Prng } from "../../machine/core/prng";
import { X86Cpu } from "../../machine/x86_64";
import { loadElf } from "../../linux/loader";
import { PageMap, Prot } from "../../linux/pagemap";
import { oracleIt } from "../oracles";
import { C_SOURCE } from "./disasm-snippets";
import { CODE, DATA, hexBytes, rig } from "./util";

function state(cpu: X86Cpu): string {
  const regs = Array.from({ length: 16 }, (_, i) => cpu.getReg(i).toString(16));
  return `${cpu.getPc().toString(16)} ${cpu.retired} ${cpu.getFlags().toString(16)} ${regs.join(" ")}`;
}

// A loop summing the qwords at [rsi] until rsi reaches an unmapped page:
//   400000: 48 03 06     add rax, QWORD PTR [rsi]
//   400003: 48 83 c6 08  add rsi, 0x8
//   400007: ff c1        inc ecx
//   400009: eb f5        jmp 400000
const WALK = hexBytes("48 03 06 48 83 c6 08 ff c1 eb f5");

describe("x86_64 compiled blocks", () => {
  it("a fault inside a hot loop is precise: same RIP, registers and count as the interpreter", () => {
    const results: string[] = [];
    for (const blocks of [false, true]) {
      const { cpu } = rig(WALK);
      cpu.blocksEnabled = blocks;
      cpu.setReg(6, BigInt(DATA));                        // 2 data pages mapped, then nothing
      expect(cpu.run(1_000_000)).toBe(Stop.Exception);
      expect(cpu.exc.kind).toBe(Exc.PageFault);
      expect(cpu.getPc()).toBe(BigInt(CODE));
      expect(cpu.getReg(6)).toBe(BigInt(DATA + 8192));
      results.push(state(cpu));
    }
    expect(results[1]).toBe(results[0]);
  });

  it("budgets split a looping block exactly", () => {
    const a = rig(WALK).cpu, b = rig(WALK).cpu;
    a.blocksEnabled = false;
    for (const c of [a, b]) c.setReg(6, BigInt(DATA));
    const rng = new Prng(7);
    for (let k = 0; k < 200; k++) {
      const n = 1 + (rng.next() % 97);
      const sa = a.run(n), sb = b.run(n);
      expect(sb).toBe(sa);
      expect(state(b)).toBe(state(a));
      if (sa !== Stop.Budget) break;
    }
  });

  it("self-modifying code inside a hot loop is seen on the very next instruction", () => {
    // Each pass stores CL into the imm8 of the ADD right after the store:
    //   400000: 88 0d 03 00 00 00   mov BYTE PTR [rip+0x3],cl   -> 400009, the ADD's imm8
    //   400006: 48 83 c0 55         add rax,0x55 (patched to add rax, sign-extended CL)
    //   40000a: ff c1               inc ecx
    //   40000c: 81 f9 00 01 00 00   cmp ecx,0x100
    //   400012: 75 ec               jne 400000
    //   400014: cc                  int3
    // rax = sum of sext8(i) for i = 0..255 = -128 if every patch is seen (SDM Vol. 3A 11.6: stores
    // to code are honoured by the next instruction fetch on the same processor).
    for (const blocks of [false, true]) {
      const { cpu } = rig(hexBytes("88 0d 03 00 00 00 48 83 c0 55 ff c1 81 f9 00 01 00 00 75 ec cc"), Prot.R | Prot.W | Prot.X);
      cpu.blocksEnabled = blocks;
      expect(cpu.run(100_000)).toBe(Stop.Exception);
      expect(cpu.exc.kind).toBe(Exc.Breakpoint);
      expect(cpu.getReg(0)).toBe(BigInt.asUintN(64, -128n));
      expect(cpu.retired).toBe(256 * 5 + 1);
    }
  });

  oracleIt(["gcc"])("gcc -O2 code: blocks and the interpreter agree after every random budget", () => {
    const dir = mkdtempSync(join(tmpdir(), "minos-x86blk-"));
    writeFileSync(join(dir, "t.c"), C_SOURCE);
    execFileSync("gcc", ["-O2", "-ffreestanding", "-nostdlib", "-static", "-fno-pie", "-no-pie", "-mgeneral-regs-only", "-o", join(dir, "t"), join(dir, "t.c")]);
    const elf = new Uint8Array(readFileSync(join(dir, "t")));
    const cpus = [false, true].map((blocks) => {
      const mem = new PhysMem(32 << 20), pm = new PageMap(mem), cpu = new X86Cpu(new Mmu(mem, pm));
      cpu.blocksEnabled = blocks;
      const p = loadElf(pm, elf, "x86_64", ["t"], [], new Uint8Array(16));
      cpu.setPc(BigInt(p.entry)); cpu.setReg(4, BigInt(p.sp));
      return cpu;
    });
    const rng = new Prng(99);
    let stop: number = Stop.Budget;
    for (let k = 0; k < 5000 && stop === Stop.Budget; k++) {
      const n = 1 + (rng.next() % 300);
      stop = cpus[0].run(n);
      expect(cpus[1].run(n)).toBe(stop);
      expect(state(cpus[1])).toBe(state(cpus[0]));
    }
    expect(stop).toBe(Stop.Syscall);                      // reached the exit call
  });
});
