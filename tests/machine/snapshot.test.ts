// Copy-on-write RAM snapshots (machine/core/snapshot.ts) and the RAM base.
//
// The reference for "restored correctly" is a full copy of RAM taken with
// Uint8Array.slice at snapshot time (and, for the random walk, a model that
// keeps such a copy per snapshot): restore must give those bytes back exactly.
import { describe, expect, it } from "vitest";
import { Access, Mmu, type Translator } from "../../machine/core/mmu";
import { BusError, PhysMem } from "../../machine/core/physmem";
import { RamHistory } from "../../machine/core/snapshot";
import { fnv1a64, fnv64 } from "../../machine/core/hash";
import { Prng } from "../../machine/core/prng";
import { PageMap, Prot } from "../../linux/pagemap";
import { Stop } from "../../machine/core/cpu";
import { X86Cpu } from "../../machine/x86_64";

function setup(size = 1 << 20) {
  const mem = new PhysMem(size);
  const pm = new PageMap(mem);
  const mmu = new Mmu(mem, pm);
  const ram = new RamHistory(mem);
  return { mem, pm, mmu, ram };
}

/** Byte-equal? (vitest's toEqual walks a typed array element by element: far too slow for RAM.) */
function same(a: Uint8Array, b: Uint8Array): boolean { return Buffer.compare(a, b) === 0; }

/** Identity mapping: VA = PA, everything allowed (a kernel's direct map, for RAM-base tests). */
const identity: Translator = { translate: (_m, lo, hi) => hi * 4294967296 + ((lo >>> 0) & ~0xfff) };

describe("copy-on-write RAM snapshots", () => {
  it("restores RAM byte for byte after CPU-style stores, device writes, loads and fills", () => {
    const { mem, pm, mmu, ram } = setup();
    pm.map(0x10, 4, Prot.R | Prot.W);
    mmu.write32(0x10000, 0, 0x11111111);
    const before = mem.bytes.slice();
    const s = ram.take();
    mmu.write32(0x10000, 0, 0x22222222);          // a store through the (refilled) write TLB entry
    mmu.write64(0x11ffc, 0, -1, -1);              // a store crossing into the next page
    mem.write(pm.physOf(0x13000), 4, 0x33);       // a device register-style physical write
    mem.load(pm.physOf(0x12000), new Uint8Array([1, 2, 3]));  // a loader / DMA
    mem.fill(0x80000, 0x2000, 0xcc);              // zeroing/poisoning, two frames
    expect(same(mem.bytes, before)).toBe(false);
    ram.restore(s);
    expect(same(mem.bytes, before)).toBe(true);
    expect(mmu.read32(0x10000, 0)).toBe(0x11111111);  // the TLB was flushed: no stale view
  });

  it("saves each frame once per snapshot: memory is 4 KiB per frame written, not a copy of RAM", () => {
    const { mem, pm, mmu, ram } = setup(64 << 20);
    pm.map(0x100, 64, Prot.R | Prot.W);
    ram.take();
    for (let rep = 0; rep < 5; rep++) for (let p = 0; p < 10; p++) mmu.write32(0x100000 + p * 0x1000 + rep * 4, 0, rep);
    expect(ram.stats()).toMatchObject({ frames: 10, bytes: 10 * 4096 });
    ram.take();
    for (let p = 5; p < 8; p++) mmu.write8(0x100000 + p * 0x1000, 0, 9);
    expect(ram.stats()).toMatchObject({ snapshots: 2, frames: 13, bytes: 13 * 4096 });
    expect(ram.stats().bytes).toBeLessThan(mem.size / 1000);
  });

  it("a chain of 3 snapshots restores in any order, and later snapshots survive going back", () => {
    const { mem, pm, mmu, ram } = setup();
    pm.map(0x10, 8, Prot.R | Prot.W);
    const states: string[] = [];
    const snaps = [];
    for (let k = 0; k < 3; k++) {
      snaps.push(ram.take());
      states.push(fnv1a64(mem.bytes));
      for (let p = 0; p < 8; p += k + 1) mmu.write32(0x10000 + p * 0x1000 + 4 * k, 0, 0x100 * (k + 1) + p);
    }
    const last = fnv1a64(mem.bytes);
    for (const k of [1, 0, 2, 1, 2, 0]) {
      ram.restore(snaps[k]);
      expect(fnv1a64(mem.bytes), `restore snapshot ${k}`).toBe(states[k]);
    }
    // From snapshot 0, a new branch: its own snapshot, then back to the old branch's snapshots.
    mmu.write32(0x17000, 0, 0x5555);
    const s4 = ram.take(), h4 = fnv1a64(mem.bytes);
    mmu.write32(0x17004, 0, 0x6666);
    ram.restore(snaps[2]);
    expect(fnv1a64(mem.bytes)).toBe(states[2]);
    ram.restore(s4);
    expect(fnv1a64(mem.bytes)).toBe(h4);
    expect(last).not.toBe(states[2]);
  });

  it("released snapshots give their memory back and the others stay exact", () => {
    const { mem, pm, mmu, ram } = setup();
    pm.map(0x10, 4, Prot.R | Prot.W);
    const a = ram.take(); const ha = fnv1a64(mem.bytes);
    mmu.write32(0x10000, 0, 1);
    const b = ram.take();
    mmu.write32(0x11000, 0, 2);
    const c = ram.take(); const hc = fnv1a64(mem.bytes);
    mmu.write32(0x12000, 0, 3);
    ram.release(b);
    ram.restore(a);
    expect(fnv1a64(mem.bytes)).toBe(ha);
    ram.restore(c);
    expect(fnv1a64(mem.bytes)).toBe(hc);
    expect(() => ram.restore(b)).toThrow(/released/);
    ram.release(a);
    expect(ram.stats().snapshots).toBe(1);
    expect(ram.stats().frames).toBe(0);             // c is current and nothing was written since
  });

  it("restoring drops decoded code (codeWritten) for frames that change, and only those", () => {
    const { mem, pm, mmu, ram } = setup();
    pm.map(0x60, 2, Prot.R | Prot.W | Prot.X);
    const code = mmu.translate(0x60000, 0, Access.Exec) >>> 12;
    const other = mmu.translate(0x61000, 0, Access.Exec) >>> 12;
    const dropped: number[] = [];
    mem.onCodeWrite = (f) => dropped.push(f);
    const s = ram.take();
    mem.codeMap[code] = 1; mem.codeMap[other] = 1;    // a CPU decoded both frames
    mmu.write8(0x60010, 0, 0x90);                     // self-modifying store
    expect(dropped).toEqual([code]);
    mem.codeMap[code] = 1;                            // the CPU decoded the new bytes
    ram.restore(s);
    expect(dropped).toEqual([code, code]);            // the new decoding is stale again
    expect(mem.codeMap[other]).toBe(1);
  });

  it("a real CPU runs the restored code, not a stale decoding of the code written after the snapshot", () => {
    const mem = new PhysMem(16 << 20), pm = new PageMap(mem), mmu = new Mmu(mem, pm), ram = new RamHistory(mem);
    pm.map(0x400, 1, Prot.R | Prot.W | Prot.X);
    const pa = pm.physOf(0x400000);
    // MOV r32, imm32 is B8+rd id; SYSCALL is 0F 05 (Intel SDM Vol. 2B, MOV and SYSCALL).
    mem.load(pa, new Uint8Array([0xb8, 1, 0, 0, 0, 0x0f, 0x05]));
    const cpu = new X86Cpu(mmu);
    const run = () => { cpu.setPc(0x400000n); expect(cpu.run(10)).toBe(Stop.Syscall); return cpu.getReg(0); };
    expect(run()).toBe(1n);
    const s = ram.take();
    mem.load(pa, new Uint8Array([0xb8, 2, 0, 0, 0]));
    expect(run()).toBe(2n);
    ram.restore(s);
    expect(run()).toBe(1n);
  });

  it("a random walk of writes, snapshots, restores and releases matches full copies", () => {
    const { mem, pm, mmu, ram } = setup(256 << 10);
    pm.map(0, 48, Prot.R | Prot.W);                   // 48 of the 64 frames
    const rng = new Prng(7);
    const live: { s: ReturnType<typeof ram.take>; copy: Uint8Array }[] = [];
    for (let step = 0; step < 1500; step++) {
      const op = rng.below(10);
      if (op < 6) {
        const va = rng.below(48 * 4096 - 8), v = rng.next() | 0;
        if (op < 3) mmu.write32(va, 0, v); else if (op < 4) mmu.write64(va, 0, v, ~v); else if (op < 5) mem.write(pm.physOf(va), 2, v);
        else mem.load(pm.physOf(va), new Uint8Array([v & 0xff, 1, 2, 3, 4, 5, 6, 7]));
      } else if (op < 8) {
        live.push({ s: ram.take(), copy: mem.bytes.slice() });
      } else if (op < 9 && live.length) {
        const t = live[rng.below(live.length)];
        ram.restore(t.s);
        expect(same(mem.bytes, t.copy), `step ${step}`).toBe(true);
      } else if (live.length > 1) {
        const i = rng.below(live.length);
        ram.release(live[i].s); live.splice(i, 1);     // the current one too: it stays as an inner node
      }
    }
    for (const t of live) { ram.restore(t.s); expect(same(mem.bytes, t.copy)).toBe(true); }
    for (const t of live) ram.release(t.s);
    expect(ram.stats()).toMatchObject({ snapshots: 0, nodes: 1, frames: 0 });   // every delta freed
  });
});

describe("RAM at a base address (the AArch64 virt board: RAM at 0x40000000, devices below)", () => {
  const BASE = 0x40000000;
  function board() {
    const mem = new PhysMem(1 << 20, { base: BASE });
    const regs: [number, number, number][] = [];
    mem.mapDevice(0x09000000, 0x1000, {
      name: "probe",
      read: (off) => 0x5a000000 | off,
      write: (off, size, v) => { regs.push([off, size, v]); },
    });
    return { mem, regs, mmu: new Mmu(mem, identity) };
  }

  it("puts physical [base, base+size) in RAM; MMIO below it; nothing else answers", () => {
    const { mem, regs } = board();
    mem.write(BASE + 0x10, 4, 0x12345678);
    expect(mem.bytes[0x10]).toBe(0x78);
    expect(mem.read(BASE + 0x10, 4)).toBe(0x12345678);
    expect(mem.isRam(BASE)).toBe(true);
    expect(mem.isRam(BASE - 1)).toBe(false);
    expect(mem.isRam(BASE + (1 << 20) - 4, 8)).toBe(false);
    expect(mem.read(0x09000024, 4)).toBe(0x5a000024);
    mem.write(0x09000000, 4, 0x41);
    expect(regs).toEqual([[0, 4, 0x41]]);
    expect(() => mem.read(0x1000, 4)).toThrow(BusError);  // below RAM, no device: a bus error, not RAM[0x1000]
    expect(() => mem.mapDevice(BASE + 0x8000, 0x1000, { name: "bad", read: () => 0, write: () => {} })).toThrow(/overlaps RAM/);
    expect(() => new PhysMem(1 << 20, { base: 0x123 })).toThrow(/aligned/);
  });

  it("reaches RAM and MMIO through the Mmu; TLB hits index RAM from its start", () => {
    const { mem, regs, mmu } = board();
    mmu.write64(BASE + 0x2000, 0, 0x55667788, 0x11223344);
    expect(mem.view.getUint32(0x2000, true)).toBe(0x55667788);
    expect(mmu.read32(BASE + 0x2004, 0)).toBe(0x11223344);
    expect(mmu.translate(BASE + 0x2004, 0, Access.Read)).toBe(0x2004);   // an index into mmu.bytes
    expect(mmu.probe(BASE + 0x2004, 0, Access.Read)).toBe(BASE + 0x2004); // the physical address
    expect(mmu.read32(0x09000fe0, 0)).toBe(0x5a000fe0);
    mmu.write32(0x09000030, 0, 0x301);
    expect(regs).toEqual([[0x30, 4, 0x301]]);
  });

  it("snapshots work the same with a base", () => {
    const { mem, mmu } = board();
    const ram = new RamHistory(mem);
    mmu.write32(BASE + 0x3000, 0, 1);
    const s = ram.take(), h = fnv1a64(mem.bytes);
    mmu.write32(BASE + 0x3000, 0, 2);
    mem.write(BASE + 0xff000, 4, 3);
    ram.restore(s);
    expect(fnv1a64(mem.bytes)).toBe(h);
    expect(mmu.read32(BASE + 0x3000, 0)).toBe(1);
  });
});

describe("FNV-1a 64", () => {
  it("matches the published test vectors (draft-eastlake-fnv; isthe.com/chongo/tech/comp/fnv)", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
  });
});

describe("FNV-1a over 32-bit words (RAM hashing)", () => {
  it("equals the same recurrence computed with BigInt, from the definition", () => {
    const words = new Int32Array([0, 1, -1, 0x12345678, -0x7fffffff, 0x00010000, 0xffff, 42]);
    let ref = 0xcbf29ce484222325n;
    for (const w of words) ref = ((ref ^ BigInt(w >>> 0)) * 0x100000001b3n) & 0xffffffffffffffffn;
    const h = fnv64();
    h.words(words);
    expect(h.digest()).toBe(ref.toString(16).padStart(16, "0"));
  });
});

describe("RamHistory misuse and bookkeeping", () => {
  it("refuses a snapshot of another machine; stops saving once every snapshot is released", () => {
    const a = setup(), b = setup();
    a.pm.map(0x10, 2, Prot.R | Prot.W);
    const sb = b.ram.take();
    expect(() => a.ram.take() && a.ram.restore(sb)).toThrow(/another machine/);
    const s = a.ram.current!;
    a.ram.release(s);
    a.mmu.write32(0x10000, 0, 5);
    expect(a.ram.stats()).toMatchObject({ snapshots: 0, frames: 0 });
    const s2 = a.ram.take(), h = fnv1a64(a.mem.bytes);
    a.mmu.write32(0x10000, 0, 6);
    a.ram.restore(s2);
    expect(fnv1a64(a.mem.bytes)).toBe(h);
  });
});

describe("a machine snapshot around a running CPU", () => {
  it("x86 stores over 16 pages, a timer in virtual time: the run after restore hashes like the first", async () => {
    const { MachineSnapshots } = await import("../../machine/core/snapshot");
    const { DeviceClock } = await import("../../machine/devices/time");
    const mem = new PhysMem(16 << 20), pm = new PageMap(mem), mmu = new Mmu(mem, pm);
    pm.map(0x400, 1, Prot.R | Prot.X);
    pm.map(0x600, 16, Prot.R | Prot.W);
    // loop: mov [rdi],eax (89 /r); add eax,3 (83 /0 ib); add rdi,0x404 (REX.W 81 /0 id);
    //       and edi,0x60fffc (81 /4 id); jmp loop (EB cb). Intel SDM Vol. 2, MOV/ADD/AND/JMP.
    mem.load(pm.physOf(0x400000), new Uint8Array([
      0x89, 0x07, 0x83, 0xc0, 0x03, 0x48, 0x81, 0xc7, 0x04, 0x04, 0x00, 0x00,
      0x81, 0xe7, 0xfc, 0xff, 0x60, 0x00, 0xeb, 0xec,
    ]));
    const cpu = new X86Cpu(mmu);
    cpu.setPc(0x400000n); cpu.setReg(7, 0x600000n);
    const clock = new DeviceClock();
    clock.source = () => cpu.retired;
    const ticks: number[] = [];
    const tick = () => { ticks.push(clock.now()); clock.after(777, tick); };
    clock.after(777, tick);
    // What a CPU's own save/restore will do (its helpers add the real one): registers, PC, flags, retired.
    const cpuState = {
      save: () => ({ regs: Array.from({ length: 18 }, (_, i) => cpu.getReg(i)), pc: cpu.getPc(), flags: cpu.getFlags(), retired: cpu.retired }),
      restore: (s: { regs: bigint[]; pc: bigint; flags: bigint; retired: number }) => {
        s.regs.forEach((v, i) => cpu.setReg(i, v)); cpu.setPc(s.pc); cpu.setFlags(s.flags); cpu.retired = s.retired;
      },
    };
    const snaps = new MachineSnapshots({ mem, clock, cpus: [cpuState as never] });
    const run = (n: number) => { for (let k = 0; k < n; k += 100) { cpu.run(100); clock.runDue(); } };
    run(1000);
    ticks.length = 0;
    const s = snaps.take(), h0 = snaps.hash();
    run(20000);
    const h1 = snaps.hash(), t1 = ticks.splice(0);
    expect(t1.length).toBeGreaterThan(20);
    snaps.restore(s);
    expect(snaps.hash()).toBe(h0);
    run(20000);
    expect(ticks).toEqual(t1);
    expect(snaps.hash()).toBe(h1);
    expect(snaps.ram.stats().frames).toBe(16);          // only the 16 data pages were saved
  });
});
