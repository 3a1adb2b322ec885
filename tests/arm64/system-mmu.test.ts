// Address spaces and the permission modifiers, on the virt board:
// ASID-tagged TLB entries (Arm ARM D8.14 "Translation Lookaside Buffers",
// ASIDs in TTBR0_EL1[63:48] with TCR_EL1.A1 = 0), PSTATE.PAN (D8.4.4,
// FEAT_PAN: an EL1 data access to memory EL0 can access faults), and
// SCTLR_EL1.WXN (D8.4.3: writable memory is execute-never).

import { describe, expect, it } from "vitest";
import { ap, D, PA, exitOnSvc0, userMachine, USER_CODE, USER_DATA, USER_RX, USER_RW, USER_STACK, MINOS_EXIT } from "./system-kit";

describe("ASIDs (D8.14)", () => {
  it("switching TTBR0 to another ASID needs no TLBI; reusing an ASID for a new table without TLBI sees the old entries", () => {
    const got: bigint[] = [];
    let r2 = 0;
    const kit = userMachine(`
      ldr x2, [x3]
      svc #1
      ldr x4, [x3]
      svc #2
      ldr x5, [x3]
      svc #3
      ldr x6, [x3]
      svc #4
    `, {
      el0t_64_sync: (k) => {
        const n = k.trap.code;
        got.push(k.reg(["x2", "x4", "x5", "x6"][n - 1]));
        if (n === 1) k.sys.write("TTBR0_EL1", BigInt(r2) | (2n << 48n));              // space B, ASID 2
        else if (n === 2) k.sys.write("TTBR0_EL1", BigInt(kit.roots.ttbr0) | (1n << 48n)); // back to A, ASID 1
        else if (n === 3) k.sys.write("TTBR0_EL1", BigInt(r2) | (1n << 48n));         // B's tables under A's ASID: a kernel bug
        else { k.sys.hvc(MINOS_EXIT, 0n); return; }
        k.eret();
      },
    }, {
      extra: (k, t, kit) => {
        t.map(kit.roots.ttbr0, BigInt(USER_DATA), PA.data, USER_RW);
        r2 = t.page();
        t.map(r2, BigInt(USER_CODE), PA.code, USER_RX);
        t.map(r2, BigInt(USER_STACK), PA.stack, USER_RW);
        t.map(r2, BigInt(USER_DATA), PA.spare, USER_RW);
        k.write(PA.data, 8, 11n);
        k.write(PA.spare, 8, 22n);
        k.setReg("x3", BigInt(USER_DATA));
      },
    });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.error).toBeUndefined();
    expect(got).toEqual([11n, 22n, 11n, 11n]);
  });
});

describe("TLBI from EL1 machine code (C5.5, C6.2.366)", () => {
  it("an EL1 load keeps using a remapped page's old frame until TLBI VAE1, Xt; DSB ISH; ISB", () => {
    const got: bigint[] = [];
    let leaf = 0;
    const kit = userMachine(`
      ldr x2, [x3]
      svc #1
      ldr x4, [x3]
      tlbi vae1, x7
      dsb ish
      isb
      ldr x5, [x3]
      svc #0
    `, {
      el1h_64_sync: (k) => {
        if (k.trap.code === 1) {
          k.write(leaf, 8, (k.read(leaf, 8) & ~0xfffffffff000n) | BigInt(PA.spare));
          k.eret();
          return;
        }
        got.push(k.reg("x2"), k.reg("x4"), k.reg("x5"));
        k.sys.hvc(MINOS_EXIT, 0n);
      },
    }, {
      spsr: 0x3c5n, pc: 0x410000n,
      extra: (k, t, kit) => {
        t.map(kit.roots.ttbr0, 0x410000n, PA.code, ap(2) | D.UXN);
        leaf = t.map(kit.roots.ttbr0, BigInt(USER_DATA), PA.data, USER_RW);
        k.write(PA.data, 8, 11n);
        k.write(PA.spare, 8, 22n);
        k.setReg("x3", BigInt(USER_DATA));
        k.setReg("x7", (BigInt(USER_DATA) >> 12n) | (1n << 48n));             // VA[55:12], ASID 1
      },
    });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.error).toBeUndefined();
    expect(got).toEqual([11n, 11n, 22n]);
  });
});

describe("PAN and WXN", () => {
  it("with PSTATE.PAN = 1 an EL1 load from an EL0-accessible page is a permission fault (EC 0x25); SPSR_EL1 saves PAN (bit 22)", () => {
    const seen: bigint[] = [];
    const kit = userMachine(`
      .inst 0xd500419f
      ldr x1, [x2]
      b .
    `, {
      el1h_64_sync: (k) => {
        seen.push(k.sys.read("ESR_EL1"), k.sys.read("FAR_EL1"), k.reg("pstate") & (1n << 22n));
        k.sys.hvc(MINOS_EXIT, 0n);
      },
    }, {
      spsr: 0x3c5n, pc: 0x410000n,
      extra: (k, t, kit) => { t.map(kit.roots.ttbr0, 0x410000n, PA.code, ap(2) | D.UXN); k.setReg("x2", BigInt(USER_DATA)); },
    });
    kit.m.run({ maxInstructions: 100 });
    expect(seen).toEqual([0x9600000fn, BigInt(USER_DATA), 1n << 22n]);
  });

  it("with SCTLR_EL1.SPAN = 0, taking an exception to EL1 sets PSTATE.PAN (FEAT_PAN); with SPAN = 1 it is left alone", () => {
    for (const span of [0n, 1n]) {
      const seen: bigint[] = [];
      const kit = userMachine(`svc #1`, {
        el0t_64_sync: (k) => { seen.push(k.sys.read("PAN")); k.sys.hvc(MINOS_EXIT, 0n); },
      }, { extra: (k) => k.sys.write("SCTLR_EL1", (k.sys.read("SCTLR_EL1") & ~(1n << 23n)) | (span << 23n)) });
      kit.m.run({ maxInstructions: 10 });
      expect(seen).toEqual([span === 0n ? 1n << 22n : 0n]);
    }
  });

  it("with SCTLR_EL1.WXN = 1 EL0 cannot execute a page EL0 can write, though UXN = 0", () => {
    for (const wxn of [false, true]) {
      const seen: bigint[] = [];
      const kit = userMachine(`blr x5\nmov x0, #1\nsvc #0`, {
        el0t_64_sync: (k) => {
          if (exitOnSvc0(k)) return;
          seen.push(k.sys.read("ESR_EL1"));
          k.setReg("pc", k.reg("x30"));
          k.eret();
        },
      }, {
        extra: (k, t, kit) => {
          t.map(kit.roots.ttbr0, 0x550000n, PA.spare, ap(1) | D.PXN | D.NG);         // EL0 RW, UXN = 0
          k.write(PA.spare, 4, 0xd65f03c0n);                                       // ret
          k.setReg("x5", 0x550000n);
          if (wxn) k.sys.write("SCTLR_EL1", k.sys.read("SCTLR_EL1") | (1n << 19n));
        },
      });
      const r = kit.m.run({ maxInstructions: 100 });
      expect(r.status).toBe(1);
      expect(seen).toEqual(wxn ? [0x8200000fn] : []);
    }
  });
});
