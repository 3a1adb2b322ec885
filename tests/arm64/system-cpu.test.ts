// The EL1 instructions and PSTATE on their own: what is UNDEFINED at EL0,
// MSR (immediate) to DAIF, the vector chosen by the source EL and SPSel,
// illegal exception returns, the banked SP_EL0, and the text objdump gives
// for every EL1 instruction this CPU now executes.
// Arm ARM (DDI 0487): C5.2 (PSTATE fields, MSR immediate), C6.2.83 ERET,
// D1.10.2 (vector offsets), D1.11.4 "Illegal return events from AArch64
// state" (EC 0x0E), ESR_EL1 D17.2.37 (EC 0x00 "unknown reason" for an
// UNDEFINED instruction, IL = 1).

import { describe, expect, it } from "vitest";
import { disassemble } from "../../machine/arm64";
import { ap, D, PA, exitOnSvc0, userMachine, USER_CODE, USER_STACK } from "./system-kit";
import type { Arm64KernelMode } from "../../machine/boards/arm64-kernel";
import { assemble, inTempDir, objdumpLines } from "./objdump";
import { oracleIt } from "../oracles";

const EL1_CODE = 0x410000n;
/** Map the user code page a second time at EL1_CODE for EL1 (AP = 10: EL0 cannot write, PXN = 0). */
const el1Code = { spsr: 0x3c5n, pc: EL1_CODE, extra: (_k: Arm64KernelMode, t: import("./system-kit").Tables, kit: import("./system-kit").Kit) => { t.map(kit.roots.ttbr0, EL1_CODE, PA.code, ap(2) | D.UXN); } };

// (MSR DAIFSet/DAIFClr at EL0 are not UNDEFINED: they trap with EC 0x18 unless SCTLR_EL1.UMA; system-daif.test.ts.)
describe("EL1-only instructions are UNDEFINED at EL0 (EC 0x00)", () => {
  for (const [name, insn] of [["MRS of SCTLR_EL1", "mrs x1, sctlr_el1"], ["MSR to VBAR_EL1", "msr vbar_el1, x1"], ["ERET", "eret"],
    ["MSR SPSel", "msr spsel, #1"], ["TLBI VMALLE1", "tlbi vmalle1"], ["HVC", "hvc #0"], ["IC IALLU", "ic iallu"]] as const) {
    it(`${name}: ESR_EL1 = 0x02000000 (EC 0, IL), ELR_EL1 = the instruction`, () => {
      const seen: bigint[] = [];
      const kit = userMachine(`${insn}\nsvc #0`, {
        el0t_64_sync: (k) => {
          if (exitOnSvc0(k)) return;
          seen.push(k.sys.read("ESR_EL1"), k.reg("pc"));
          expect(k.trap.kind).toBe("undefined");
          k.setReg("pc", k.reg("pc") + 4n);
          k.setReg("x0", 1n);
          k.eret();
        },
      });
      const r = kit.m.run({ maxInstructions: 100 });
      expect(r.status).toBe(1);
      expect(seen).toEqual([0x02000000n, BigInt(USER_CODE)]);
    });
  }
});

describe("PSTATE at EL1", () => {
  it("MSR DAIFClr/DAIFSet change DAIF as MRS DAIF reads it (bits 9:6); CurrentEL reads 0b0100", () => {
    const seen: bigint[] = [];
    const kit = userMachine(`
      msr daifclr, #2
      mrs x0, daif
      msr daifset, #0xf
      mrs x1, daif
      mrs x2, currentel
      mrs x3, sp_el0
      svc #7
    `, {
      el1h_64_sync: (k) => {
        seen.push(k.trap.code === 7 ? 1n : 0n, k.reg("x0"), k.reg("x1"), k.reg("x2"), k.reg("x3"), k.reg("pstate"));
        k.sys.hvc(0x84000008n);
      },
    }, el1Code);
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.reason).toBe("power-off");
    // SPSR at the SVC: EL1h (0b0101) with D, A, I, F all set (0x3c0).
    expect(seen).toEqual([1n, 0x340n, 0x3c0n, 4n, BigInt(USER_STACK + 4096), 0x3c5n]);
  });

  it("an SVC at EL1 with SPSel = 0 is taken through the 'current EL with SP_EL0' vector (VBAR + 0x000)", () => {
    const seen: string[] = [];
    const kit = userMachine(`svc #3`, {
      el1t_64_sync: (k) => { seen.push(`el1t ${k.reg("pstate").toString(16)} ${k.sys.read("ESR_EL1").toString(16)}`); k.sys.hvc(0x84000008n); },
      el1h_64_sync: () => { seen.push("el1h"); },
    }, { ...el1Code, spsr: 0x3c4n });
    kit.m.run({ maxInstructions: 100 });
    expect(seen).toEqual(["el1t 3c4 56000003"]);
  });

  it("ERET with SPSR.M naming EL2 is an illegal return: PSTATE.IL is set and the next instruction takes EC 0x0E at EL1", () => {
    const seen: bigint[] = [];
    let first = true;
    const kit = userMachine(`mov x0, #1\nsvc #0`, {
      el0t_64_sync: (k) => {
        if (!first) return;
        first = false;
        k.setReg("pstate", 0x3c9n);                 // M = 0b1001: EL2h, not implemented
        k.eret();
      },
      el1h_64_sync: (k) => {
        seen.push(k.sys.read("ESR_EL1"), k.reg("pc"), k.reg("pstate") & (1n << 20n));
        k.sys.hvc(0x84000008n);
      },
    });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.reason).toBe("power-off");
    // EC 0x0E << 26 | IL; ELR = where the ERET went (after the SVC); SPSR.IL (bit 20) set.
    expect(seen).toEqual([0x3a000000n, BigInt(USER_CODE + 8), 1n << 20n]);
  });
});

describe("EL0 access to the generic timer follows CNTKCTL_EL1 (D11.2, EC 0x18)", () => {
  it("with CNTKCTL_EL1 = 0, MRS CNTVCT_EL0 at EL0 traps with EC 0x18 and the register's encoding in the ISS; with EL0VCTEN it reads the count", () => {
    const seen: bigint[] = [];
    const kit = userMachine(`
      mrs x3, cntvct_el0
      svc #1
      mrs x4, cntvct_el0
      mov x0, #2
      svc #0
    `, {
      el0t_64_sync: (k) => {
        if (exitOnSvc0(k)) return;
        if (k.trap.kind === "syscall") { k.sys.write("CNTKCTL_EL1", 2n); seen.push(k.reg("x3")); }    // EL0VCTEN
        else { seen.push(k.sys.read("ESR_EL1"), k.reg("pc") - BigInt(USER_CODE)); k.setReg("pc", k.reg("pc") + 4n); k.setReg("x3", 0n); }
        k.eret();
      },
    });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.status).toBe(2);
    // ISS: Op0 = 3, Op2 = 2, Op1 = 3, CRn = 14, Rt = 3, CRm = 0, Direction = 1 (read).
    const iss = (3 << 20) | (2 << 17) | (3 << 14) | (14 << 10) | (3 << 5) | (0 << 1) | 1;
    expect(seen.slice(0, 3)).toEqual([BigInt((0x18 << 26) | (1 << 25) | iss), 0n, 0n]);
    expect(kit.m.cpu.getReg(4) > 100n).toBe(true);                  // a real count: ticks since power-on
  });
});

describe("SP alignment checking follows SCTLR_EL1.SA0 (D1.8.2)", () => {
  for (const sa0 of [false, true]) {
    it(`SA0 = ${sa0 ? 1 : 0}: an EL0 load based on an SP that is not 16-byte aligned ${sa0 ? "takes EC 0x26" : "just loads"}`, () => {
      const seen: bigint[] = [];
      const kit = userMachine(`
        sub sp, sp, #8
        ldr x0, [sp]
        mov x0, #6
        svc #0
      `, {
        el0t_64_sync: (k) => {
          if (exitOnSvc0(k)) return;
          seen.push(k.sys.read("ESR_EL1"), k.reg("pc") - BigInt(USER_CODE));
          k.setReg("pc", k.reg("pc") + 4n);
          k.eret();
        },
      }, { extra: (k) => { if (sa0) k.sys.write("SCTLR_EL1", k.sys.read("SCTLR_EL1") | (1n << 4n)); } });
      const r = kit.m.run({ maxInstructions: 100 });
      expect(r.status).toBe(6);
      expect(seen).toEqual(sa0 ? [0x9a000000n, 4n] : []);      // EC 0x26 << 26 | IL
    });
  }
});

describe("disassembly of the EL1 instructions", () => {
  oracleIt(["aarch64-linux-gnu-as", "aarch64-linux-gnu-objdump"])("matches aarch64-linux-gnu-objdump", () => {
    const src = ["eret", "hvc #0", "smc #0x12", "msr daifclr, #2", "msr daifset, #0xf", "msr spsel, #1", ".inst 0xd500419f",
      "tlbi vae1, x3", "tlbi vmalle1", "tlbi vmalle1is", "tlbi aside1, x2", "tlbi vaae1is, x1", "tlbi vale1, x0", "tlbi vaale1, x7",
      "ic iallu", "ic ialluis", "dc ivac, x0", "dc isw, x1", "dc csw, x2", "dc cisw, x3", "msr sctlr_el1, x0", "mrs x1, currentel",
      "msr ttbr1_el1, x2", "mrs x3, esr_el1", "msr cntv_cval_el0, x4"].join("\n");
    const lines = inTempDir((dir) => objdumpLines(assemble(dir, src + "\n")));
    expect(lines.length).toBe(25);
    for (const l of lines) {
      const b = new Uint8Array([l.word & 0xff, (l.word >>> 8) & 0xff, (l.word >>> 16) & 0xff, (l.word >>> 24) & 0xff]);
      expect(disassemble(b, 0, l.address).text, (l.word >>> 0).toString(16)).toBe(l.text);
    }
  });
});
