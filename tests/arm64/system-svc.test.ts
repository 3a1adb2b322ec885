// System mode on AArch64: SVC entry and return, and the data/instruction
// abort syndromes a TypeScript kernel sees, on the virt board with real page
// tables. Expected values come from the Arm ARM (DDI 0487): D1.10 "Exception
// entry" (SPSR/ELR/ESR/FAR, vector offsets), D17.2.37 ESR_EL1 (EC, IL, ISS;
// the DFSC/IFSC encodings), D8.4 "Memory access control" (permissions).

import { describe, expect, it } from "vitest";
import { exitOnSvc0, PA, USER_CODE, USER_DATA, USER_RO, KERNEL_DATA, userMachine, D, USER_RW } from "./system-kit";

describe("SVC entry and return (D1.10, ESR_EL1 EC 0x15)", () => {
  it("enters el0t_64_sync with ESR = EC 0x15 | IL | imm16, ELR past the SVC, SPSR = EL0t; the handler's x0 reaches user code", () => {
    const seen: bigint[][] = [];
    const kit = userMachine(`
      mov x0, #5
      svc #0x42
      add x0, x0, #1
      svc #0
    `, {
      el0t_64_sync: (k) => {
        seen.push([k.sys.read("ESR_EL1"), k.reg("pc"), k.reg("pstate"), k.reg("x0"), k.sys.read("CurrentEL"), k.sys.read("SPSel")]);
        if (exitOnSvc0(k)) return;
        k.setReg("x0", 100n);
        k.eret();
      },
    });
    const r = kit.m.run({ maxInstructions: 1000 });
    expect(r.error).toBeUndefined();
    expect(r.reason).toBe("power-off");
    expect(r.status).toBe(101);
    // ESR_EL1: EC 0x15 (SVC from AArch64) << 26 | IL (bit 25) | imm16.
    expect(seen[0]).toEqual([0x56000042n, BigInt(USER_CODE + 8), 0n, 5n, 4n, 1n]);
    expect(seen[1][0]).toBe(0x56000000n);
    expect(r.retired).toBe(4);
  });
});

describe("data and instruction aborts from EL0 (ESR_EL1 EC 0x24 / 0x20, DFSC/IFSC)", () => {
  it("an unmapped page gives a translation fault at level 3 (DFSC 0b000111), FAR = the address; mapping it and returning retries the load", () => {
    const seen: bigint[][] = [];
    const kit = userMachine(`
      ldr x2, [x3]
      mov x0, x2
      svc #0
    `, {
      el0t_64_sync: (k) => {
        if (exitOnSvc0(k)) return;
        seen.push([k.sys.read("ESR_EL1"), k.sys.read("FAR_EL1"), k.reg("pc")]);
        expect(k.trap).toMatchObject({ kind: "page-fault", access: "read", fromUser: true, detail: "translation fault, level 3" });
        k.write(PA.spare + 8, 8, 0x77n);
        kit.tables!.use(k).map(kit.roots.ttbr0, 0x5ff000n, PA.spare, USER_RW);  // a translation fault is never cached: no TLBI needed
        k.eret();
      },
    }, { extra: (k) => k.setReg("x3", 0x5ff008n) });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0x77);
    // EC 0x24 << 26 | IL | DFSC 0b000111 (translation fault, level 3); WnR = 0.
    expect(seen).toEqual([[0x92000007n, 0x5ff008n, BigInt(USER_CODE)]]);
  });

  it("a missing level 1 entry gives DFSC 0b000101 (translation fault, level 1)", () => {
    const seen: bigint[] = [];
    const kit = userMachine(`ldr x2, [x3]\nsvc #0`, {
      el0t_64_sync: (k) => {
        if (exitOnSvc0(k)) return;
        seen.push(k.sys.read("ESR_EL1"), k.sys.read("FAR_EL1"));
        k.setReg("pc", k.reg("pc") + 4n);
        k.setReg("x0", 3n);
        k.eret();
      },
    }, { extra: (k) => k.setReg("x3", 0x40000010n) });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.status).toBe(3);
    expect(seen).toEqual([0x92000005n, 0x40000010n]);
  });

  it("a store to a read-only page is a permission fault at level 3 with WnR = 1; a load from a kernel-only page one with WnR = 0", () => {
    const seen: bigint[][] = [];
    const kit = userMachine(`
      str x1, [x4]
      ldr x2, [x5]
      mov x0, #9
      svc #0
    `, {
      el0t_64_sync: (k) => {
        if (exitOnSvc0(k)) return;
        seen.push([k.sys.read("ESR_EL1"), k.sys.read("FAR_EL1"), k.reg("pc") - BigInt(USER_CODE)]);
        k.setReg("pc", k.reg("pc") + 4n);
        k.eret();
      },
    }, { extra: (k) => { k.setReg("x4", BigInt(USER_RO + 16)); k.setReg("x5", BigInt(KERNEL_DATA)); } });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.status).toBe(9);
    // DFSC 0b001111 = permission fault, level 3; bit 6 WnR.
    expect(seen).toEqual([[0x9200004fn, BigInt(USER_RO + 16), 0n], [0x9200000fn, BigInt(KERNEL_DATA), 4n]]);
  });

  it("a branch to an execute-never (UXN) page is an instruction abort: EC 0x20, IFSC permission level 3, ELR = FAR = the target", () => {
    const seen: bigint[] = [];
    const kit = userMachine(`
      blr x5
      mov x0, #4
      svc #0
    `, {
      el0t_64_sync: (k) => {
        if (exitOnSvc0(k)) return;
        seen.push(k.sys.read("ESR_EL1"), k.sys.read("FAR_EL1"), k.reg("pc"));
        expect(k.trap).toMatchObject({ kind: "page-fault", access: "exec" });
        k.setReg("pc", k.reg("x30"));
        k.eret();
      },
    }, { extra: (k) => k.setReg("x5", BigInt(USER_DATA)) });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.status).toBe(4);
    expect(seen).toEqual([0x8200000fn, BigInt(USER_DATA), BigInt(USER_DATA)]);
  });

  it("a page with AF = 0 gives an access flag fault (DFSC 0b001011); the kernel sets AF and the retried load succeeds (D8.5.1: v8.0 has no hardware AF update)", () => {
    const seen: bigint[] = [];
    let leaf = 0;
    const kit = userMachine(`ldr x0, [x6]\nsvc #0`, {
      el0t_64_sync: (k) => {
        if (exitOnSvc0(k)) return;
        seen.push(k.sys.read("ESR_EL1"), k.sys.read("FAR_EL1"));
        k.write(leaf, 8, k.read(leaf, 8) | D.AF);
        k.eret();
      },
    }, {
      extra: (k, t) => {
        leaf = t.map(kit.roots.ttbr0, 0x530000n, PA.spare, USER_RW, false);
        k.write(PA.spare + 0x20, 8, 0x5an);
        k.setReg("x6", 0x530020n);
      },
    });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.status).toBe(0x5a);
    expect(seen).toEqual([0x9200000bn, 0x530020n]);
  });
});

describe("the TLB keeps what it cached until TLBI (D8.13 'TLB maintenance requirements')", () => {
  it("after the kernel remaps a page without TLBI, EL0 still reads the old frame; TLBI VAE1 with the ASID makes the new mapping visible", () => {
    const got: bigint[] = [];
    let leaf = 0;
    const kit = userMachine(`
      ldr x2, [x3]
      svc #1
      ldr x4, [x3]
      svc #2
      ldr x5, [x3]
      svc #3
    `, {
      el0t_64_sync: (k) => {
        const n = k.trap.code;
        if (n === 1) {
          got.push(k.reg("x2"));
          k.write(leaf, 8, (k.read(leaf, 8) & ~0xfffffffff000n) | BigInt(PA.spare));   // remap, forget TLBI
        } else if (n === 2) {
          got.push(k.reg("x4"));
          k.sys.tlbi("VAE1", (BigInt(USER_DATA) >> 12n) | (1n << 48n));               // VA[55:12], ASID 1
        } else {
          got.push(k.reg("x5"));
          k.sys.hvc(0x82000001n, 0n);
          return;
        }
        k.eret();
      },
    }, {
      extra: (k, t) => {
        leaf = t.map(kit.roots.ttbr0, BigInt(USER_DATA), PA.data, USER_RW);
        k.write(PA.data, 8, 11n);
        k.write(PA.spare, 8, 22n);
        k.setReg("x3", BigInt(USER_DATA));
      },
    });
    const r = kit.m.run({ maxInstructions: 100 });
    expect(r.error).toBeUndefined();
    expect(got).toEqual([11n, 11n, 22n]);
  });
});
