// Turning paging on, checked by the machine's own page walkers (written from
// Intel SDM Vol. 3A 4.5 and Arm ARM D8): right after the "traps" step, the
// address the CPU will jump to on a system call (LSTAR) or an exception
// (VBAR_EL1) must translate into the board's kernel entry window,
// executable and supervisor-only; all RAM must be reachable through the
// direct map, never from user mode; and the frame allocator's free path
// poisons and refuses a double free.

import { describe, expect, it } from "vitest";
import { ARCHES, archReady, bootMem } from "./kit";
import type { Layer } from "../../../chapters/01-boot/kernel/builder";
import type { Kernel } from "../../../chapters/01-boot/kernel/kernel";
import type { X86Sys } from "../../../machine/boards/x86_64-kernel";
import type { Arm64Sys } from "../../../machine/boards/arm64-kernel";
import type { PhysMem } from "../../../machine/core/physmem";
import { Access } from "../../../machine/core/mmu";
import { walk as x86Walk } from "../../../machine/x86_64/paging";
import { walk as armWalk } from "../../../machine/arm64/paging";
import { allocFrame, freeFrame, ownerOf, POISON } from "../../../chapters/02-memory/kernel/frames";

type Walk = (va: bigint, access: number, user: boolean) => { pa?: number; fault?: unknown };

/** The machine's walker over the registers the kernel has just programmed. */
function walker(kn: Kernel, mem: PhysMem): Walk {
  if (kn.arch === "x86_64") {
    const s = (kn.k as unknown as { sys: X86Sys }).sys;
    const regs = { cr0: Number(s.readCr(0)), cr3: Number(s.readCr(3)), cr4: Number(s.readCr(4)), efer: Number(s.rdmsr(0xc0000080)) };
    return (va, access, user) => x86Walk(mem, regs, va, { access: access as never, user });
  }
  const s = (kn.k as unknown as { sys: Arm64Sys }).sys;
  const regs = { sctlr: Number(s.read("SCTLR_EL1")), tcr: s.read("TCR_EL1"), ttbr0: s.read("TTBR0_EL1"), ttbr1: s.read("TTBR1_EL1"), mair: s.read("MAIR_EL1") };
  return (va, access, user) => armWalk(mem, regs, va, { access: access as never, user });
}

describe.each(ARCHES)("paging on %s", (arch) => {
  const maybe = archReady(arch) ? it : it.skip;

  maybe("the trap entry translates into the entry window (x, supervisor only); RAM through the direct map (rw, no x, no user)", () => {
    let mem: PhysMem | null = null;
    const seen: Record<string, unknown> = {};
    const probe: Layer = (b) => b.bootStep("probe-paging", (kn) => {
      const w = walker(kn, mem!);
      const entry = arch === "x86_64" ? (kn.k as unknown as { sys: X86Sys }).sys.rdmsr(0xc0000082)
        : (kn.k as unknown as { sys: Arm64Sys }).sys.read("VBAR_EL1");
      const win = kn.state.paging.window;
      const pa = w(entry, Access.Exec, false).pa;
      seen.entryVa = entry;
      seen.inWindow = pa !== undefined && pa >= win.pa && pa < win.pa + win.size;
      seen.userExec = w(entry, Access.Exec, true).fault !== undefined;
      seen.kernelWriteWindow = w(entry, Access.Write, false).fault !== undefined;
      const f = kn.state.frames, lastRam = f.base + (f.owner.length - 1) * 4096;
      for (const ram of [f.base + 0x1000, lastRam]) {
        const va = kn.state.paging.directBase + BigInt(ram);
        seen[`read ${ram}`] = w(va, Access.Read, false).pa === ram;
        seen[`write ${ram}`] = w(va, Access.Write, false).pa === ram;
        seen[`exec ${ram}`] = w(va, Access.Exec, false).fault !== undefined;
        seen[`user ${ram}`] = w(va, Access.Read, true).fault !== undefined;
      }
      // the kva hook now answers with the direct map
      seen.kva = kn.hooks.kva(kn, 0x1000) === kn.state.paging.directBase + 0x1000n;
    }, { after: "traps" });
    const r = bootMem(arch, ["touch"], { layers: [probe], before: (m) => { mem = m.mem; } });
    expect(r.kernel?.state.panicked ?? null).toBeNull();
    expect(seen.entryVa as bigint >> 48n).toBe(0xffffn);   // an upper-half address
    for (const [k, v] of Object.entries(seen)) if (k !== "entryVa") expect(v, k).toBe(true);
  });

  maybe("freeFrame poisons the frame and refuses a double free", () => {
    const seen: unknown[] = [];
    const probe: Layer = (b) => b.bootStep("probe-frames", (kn) => {
      const free0 = kn.state.frames.free.length;
      const pa = allocFrame(kn, "process:77");
      seen.push(ownerOf(kn, pa), kn.k.readBytes(pa, 4096).every((x) => x === 0));
      freeFrame(kn, pa);
      seen.push(ownerOf(kn, pa), kn.k.readBytes(pa, 4096).every((x) => x === POISON), kn.state.frames.free.length === free0);
      try { freeFrame(kn, pa); seen.push("no error"); } catch (e) { seen.push((e as Error).message); }
      try { freeFrame(kn, pa + 12); seen.push("no error"); } catch (e) { seen.push((e as Error).message); }
    }, { after: "memory" });
    const r = bootMem(arch, ["touch"], { layers: [probe] });
    expect(r.kernel?.state.panicked ?? null).toBeNull();
    expect(seen.slice(0, 5)).toEqual(["process:77", true, "free", true, true]);
    expect(seen[5]).toMatch(/already free \(double free\)/);
    expect(seen[6]).toMatch(/is not a frame of RAM/);
  });

  maybe("the debugger's inspectors: frames by owner label; address spaces with pages inside an event, without outside", () => {
    let inside: unknown = null;
    const grab: Layer = (b) => b.wrap("schedule", (earlier) => (kn) => {
      const tid = earlier(kn);
      if (inside === null && Object.keys(kn.state.spaces).length > 0) {
        inside = { spaces: kn.tables.inspectors.get("address-space")!(kn), invariants: kn.tables.inspectors.get("invariants")!(kn) };
      }
      return tid;
    });
    const r = bootMem(arch, ["touch"], { layers: [grab] });
    const k = r.kernel!;
    const frames = k.tables.inspectors.get("frames")!(k) as { owners: string[]; total: number; free: number };
    expect(frames.owners.length).toBe(frames.total);
    expect(frames.owners.filter((o) => o === "free").length).toBe(frames.free);
    expect(frames.owners).toContain("page table");
    const got = inside as { spaces: { pid: number; pages: unknown[] }[]; invariants: string[] };
    expect(got.invariants).toEqual([]);
    expect(got.spaces[0].pages.length).toBeGreaterThan(0);
    // after the run: no exception, whether or not the last handler's view of RAM is still open
    expect([null, []]).toContainEqual(k.tables.inspectors.get("invariants")!(k));
    expect(k.tables.inspectors.get("address-space")!(k)).toEqual([]);
  });
});
