// Stage 1 permissions, every combination: AP[2:1] x UXN/PXN x (read, write,
// execute) from EL0 and from EL1, each probed by real machine code on the
// virt board and reported through the exception the CPU takes.
//
// Expected outcomes are written from the Arm ARM (DDI 0487), D8.4.1 "Stage 1
// data access permissions" (AP[2:1]: 00 EL1 RW / EL0 none, 01 EL1 RW / EL0
// RW, 10 EL1 RO / EL0 none, 11 EL1 RO / EL0 RO) and D8.4.2 "Instruction
// access permissions": EL0 may execute wherever UXN = 0 (execute-only
// memory is allowed); EL1 may not execute where PXN = 1 or where EL0 may
// write (AP = 01). SCTLR_EL1.WXN = 0 and PSTATE.PAN = 0 here. A permission
// fault on a level 3 descriptor has FSC 0b001111; data aborts have EC 0x24
// (from EL0) / 0x25 (from EL1) with ISS.WnR, instruction aborts EC 0x20 /
// 0x21 (ESR_EL1, D17.2.37).

import { describe, expect, it } from "vitest";
import { ap, D, PA, userMachine, USER_CODE, MINOS_EXIT } from "./system-kit";
import type { Arm64KernelMode } from "../../machine/boards/arm64-kernel";

type Acc = "read" | "write" | "exec";
interface Probe { apv: number; xn: boolean; acc: Acc }

const RET = 0xd65f03c0;               // ret
const PROBE_VA = 0x600000;            // case i lives at PROBE_VA + i * 4 KiB
/** The probe code at EL0 or EL1: each probe reports success with `svc #1`. */
const CODE = `
  ldr x9, [x10]
  svc #1
  str x9, [x10]
  svc #1
  blr x10
  svc #1
`;
const OFFSET: Record<Acc, number> = { read: 0, write: 8, exec: 16 };

function expected(el: 0 | 1, p: Probe): boolean {
  const el0Read = p.apv === 1 || p.apv === 3, el0Write = p.apv === 1, el1Write = p.apv <= 1;
  if (el === 0) return p.acc === "read" ? el0Read : p.acc === "write" ? el0Write : !p.xn;
  return p.acc === "read" ? true : p.acc === "write" ? el1Write : !p.xn && !el0Write;
}

/** Run every probe at `el`; returns per probe "ok" or the ESR/FAR/ELR seen. */
function runProbes(el: 0 | 1, probes: Probe[]): (string | bigint[])[] {
  const results: (string | bigint[])[] = [];
  let i = -1;
  const codeVa = el === 0 ? USER_CODE : 0x410000;
  const next = (k: Arm64KernelMode) => {
    i++;
    if (i === probes.length) { k.sys.hvc(MINOS_EXIT, 0n); return; }
    k.setReg("x10", BigInt(PROBE_VA + i * 4096));
    k.setReg("pc", BigInt(codeVa + OFFSET[probes[i].acc]));
    k.setReg("pstate", el === 0 ? 0n : 0x3c5n);        // EL0t, or EL1h with DAIF masked
    k.eret();
  };
  const handler = (k: Arm64KernelMode) => {
    if (k.trap.kind === "syscall") results.push("ok");
    else results.push([k.sys.read("ESR_EL1"), k.sys.read("FAR_EL1") - BigInt(PROBE_VA + i * 4096), k.reg("pc") - BigInt(codeVa)]);
    next(k);
  };
  const kit = userMachine(CODE, { el0t_64_sync: handler, el1h_64_sync: handler }, {
    extra: (k, t) => {
      // EL1 runs its copy of the probe code from a page EL0 cannot write (AP = 10), PXN = 0.
      t.map(kit.roots.ttbr0, 0x410000n, PA.code, ap(2) | D.UXN);
      probes.forEach((p, n) => {
        const xn = p.xn ? (el === 0 ? D.UXN : D.PXN) : 0n;
        const other = el === 0 ? D.PXN : D.UXN;
        t.map(kit.roots.ttbr0, BigInt(PROBE_VA + n * 4096), PA.spare, ap(p.apv) | xn | other | D.NG);
      });
      k.write(PA.spare, 4, BigInt(RET));
      k.setReg("x0", 0n);
    },
  });
  // main ERETs to the user code; the first probe starts from the first trap, so begin with `svc #1`.
  kit.m.run({ maxInstructions: 10_000 });
  return results;
}

function cases(): Probe[] {
  const out: Probe[] = [];
  for (let apv = 0; apv < 4; apv++) for (const xn of [false, true]) for (const acc of ["read", "write", "exec"] as Acc[]) out.push({ apv, xn, acc });
  return out;
}

for (const el of [0, 1] as const) {
  describe(`stage 1 permissions from EL${el} (D8.4)`, () => {
    it(`all 24 AP x ${el === 0 ? "UXN" : "PXN"} x access combinations fault or not as the Arm ARM says, with the right syndrome`, () => {
      const probes = cases();
      const got = runProbes(el, probes);
      // The first entry is the initial `ldr` at USER_CODE run by main's ERET (x10 = 0: unmapped); drop it.
      const results = got.slice(1);
      expect(results.length).toBe(probes.length);
      probes.forEach((p, n) => {
        const name = `AP=${p.apv.toString(2).padStart(2, "0")} XN=${p.xn ? 1 : 0} ${p.acc}`;
        if (expected(el, p)) { expect(results[n], name).toBe("ok"); return; }
        const ec = p.acc === "exec" ? 0x20 + el : 0x24 + el;
        const esr = (ec << 26) | (1 << 25) | (p.acc === "write" ? 1 << 6 : 0) | 0x0f;
        const elr = p.acc === "exec" ? BigInt(PROBE_VA + n * 4096 - (el === 0 ? USER_CODE : 0x410000)) : BigInt(OFFSET[p.acc]);
        expect(results[n], name).toEqual([BigInt(esr >>> 0), 0n, elr]);
      });
    });
  });
}

