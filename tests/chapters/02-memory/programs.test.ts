// Chapter 02 end to end, on both boards: C programs built with the
// project's compiler run under the chapter 01+02 kernel, and the tests look
// at what the kernel did - which pages it mapped, which frames it handed out
// and took back, what it wrote into freed frames, the page tables in RAM
// after every event (kit.ts) - not only at the console.

import { describe, expect, it } from "vitest";
import { ARCHES, archReady, bootMem, kernelLines, type MemRun } from "./kit";
import { POISON } from "../../../chapters/02-memory/kernel/frames";
import { createSpace, addRegion, destroySpace, writeSpace, AddressSpaceError } from "../../../chapters/02-memory/kernel/address-space";
import { checkInvariants } from "../../../chapters/02-memory/kernel/invariants";
import { lookup, map, unmap } from "../../../chapters/02-memory/kernel/pagetable";
import { tablesOf } from "../../../chapters/02-memory/kernel/paging";
import type { Layer } from "../../../chapters/01-boot/kernel/builder";

const PAGE = 4096;
const line = (r: MemRun, prefix: string): string | undefined => kernelLines(r).find((l) => l.startsWith(prefix));
const num = (r: MemRun, prefix: string): number => Number(line(r, prefix)?.slice(prefix.length));
const statusOf = (r: MemRun, name: string) => r.kernel?.state.threads.find((t) => t.name === name)?.exitStatus;

function healthy(r: MemRun): void {
  expect(r.result.reason).toBe("power-off");
  expect(r.kernel?.state.panicked ?? null).toBeNull();
  expect(r.violations).toEqual([]);
  expect(r.checks).toBeGreaterThan(0);
}

describe.each(ARCHES)("chapter 02 on %s", (arch) => {
  const maybe = archReady(arch) ? it : it.skip;

  maybe("demand paging: touching 5 of 64 pages of an array maps exactly those 5, one frame each", () => {
    const r = bootMem(arch, ["touch"]);
    healthy(r);
    expect(statusOf(r, "touch")).toBe(0);
    expect(line(r, "sum ")).toBe("sum 15");
    const big = parseInt(line(r, "big at ")!.slice(7), 16);
    const e = r.exits[0];
    // inside the array, only the pages the program touched are mapped (the two ragged ends may hold other data)
    const touched = new Set([0, 3, 7, 20, 63].map((p) => Math.floor((big + p * PAGE + 100) / PAGE) * PAGE));
    const first = Math.ceil(big / PAGE) * PAGE, last = Math.floor((big + 64 * PAGE) / PAGE) * PAGE;
    const mapped = e.pages.map((p) => Number(p.va)).filter((va) => va >= first && va < last);
    expect(new Set(mapped)).toEqual(new Set([...touched].filter((va) => va >= first && va < last)));
    // frames allocated == pages mapped == the kernel's count; every one owned by the process
    expect(e.owned).toBe(e.pages.length);
    expect(e.resident).toBe(e.pages.length);
    expect(e.faults).toBeGreaterThanOrEqual(5);
  });

  maybe("every frame comes back after exit, poisoned", () => {
    const r = bootMem(arch, ["touch", "wcode", "overflow", "badptr"]);
    healthy(r);
    const k = r.kernel!;
    expect(r.baselineFree).toBeGreaterThan(0);
    expect(k.state.frames.free.length).toBe(r.baselineFree);
    expect(k.state.frames.owner.some((o) => o.startsWith("process:"))).toBe(false);
    expect(k.state.spaces).toEqual({});
    expect(k.state.paging.asids).toEqual({});
    // the pages the processes had are free now and hold the poison pattern (read from the machine's RAM)
    const m = r.machine.mem;
    for (const e of r.exits) for (const p of e.pages) {
      const frame = p.pa - (p.pa % PAGE);
      const bytes = m.bytes.subarray(frame - m.base, frame - m.base + PAGE);
      expect(bytes.every((b) => b === POISON), `frame 0x${frame.toString(16)}`).toBe(true);
    }
  });

  maybe("W^X and NX: writing code and executing the stack are killed with a clear report", () => {
    const r = bootMem(arch, ["wcode", "xstack"]);
    healthy(r);
    expect(statusOf(r, "wcode")).toBe(139);
    expect(statusOf(r, "xstack")).toBe(139);
    expect(line(r, "fault: pid 1 (wcode)")).toMatch(/write at 0x[0-9a-f]+ is not allowed in code \(r-x\)/);
    expect(line(r, "fault: pid 2 (xstack)")).toMatch(/exec at 0x[0-9a-f]+ is not allowed in stack \(rw-\)/);
    expect(kernelLines(r).some((l) => l.includes("survived"))).toBe(false);
    // no page of either process was ever mapped writable+executable
    for (const e of r.exits) expect(e.pages.filter((p) => p.w && p.x)).toEqual([]);
  });

  maybe("the guard page: unbounded recursion is reported as a stack overflow", () => {
    const r = bootMem(arch, ["overflow"]);
    healthy(r);
    expect(statusOf(r, "overflow")).toBe(139);
    expect(line(r, "fault: pid 1 (overflow)")).toMatch(/stack overflow: write at 0x[0-9a-f]+ hit the guard below stack/);
    const e = r.exits[0], guard = e.regions.find((g) => g.kind === "guard")!;
    expect(e.pages.some((p) => Number(p.va) >= guard.start && Number(p.va) < guard.end)).toBe(false);
    const stack = e.regions.find((g) => g.kind === "stack")!;
    expect(guard.end).toBe(stack.start);
    expect(e.pages.filter((p) => Number(p.va) >= stack.start && Number(p.va) < stack.end).length).toBe((stack.end - stack.start) / PAGE);
  });

  maybe("frames bigger than the guard page: still reported as a stack overflow", () => {
    const r = bootMem(arch, ["bigframe"]);
    healthy(r);
    expect(statusOf(r, "bigframe")).toBe(139);
    expect(line(r, "fault: pid 1 (bigframe)")).toMatch(/stack overflow: write at 0x[0-9a-f]+ jumped past the guard below stack/);
  });

  maybe("the kernel half is mapped but not user-accessible", () => {
    const r = bootMem(arch, ["kread"]);
    healthy(r);
    expect(statusOf(r, "kread")).toBe(139);
    expect(line(r, "fault: pid 1 (kread)")).toMatch(/read of kernel address 0xffff/);
    expect(line(r, "got ")).toBeUndefined();
  });

  maybe("write() with bad pointers returns -EFAULT; an untouched .bss page is faulted in", () => {
    const r = bootMem(arch, ["badptr"]);
    healthy(r);
    for (const k of ["kernel", "kernel2", "null", "unmapped", "wrap", "cross"]) expect(num(r, `${k} `), k).toBe(-14);
    expect(kernelLines(r).some((l) => l.endsWith("bss 1"))).toBe(true);
    expect(statusOf(r, "badptr")).toBe(0);
  });

  maybe("copy-in/copy-out: rights of the program, all or nothing", () => {
    const r = bootMem(arch, ["copyprobe"]);
    healthy(r);
    expect(num(r, "out-data ")).toBe(0);
    expect(num(r, "data-now ")).toBe(1);
    expect(num(r, "out-bss ")).toBe(0);
    for (const k of ["out-code", "out-rodata", "out-kernel", "out-cross", "in-unmapped", "str-kernel"]) expect(num(r, `${k} `), k).toBe(-14);
    expect(num(r, "local-kept ")).toBe(1);                 // a failed copy-out wrote nothing
    expect(num(r, "in-code ")).toBe(0);                    // code is readable
    expect(num(r, "str ")).toBe(5);
  });

  maybe("TLB: a reused ASID sees no stale translation (and would, without the flush)", () => {
    // pid 1 leaves a secret and exits; then pid 2 is spawned and gets pid 1's ASID/PCID back
    const opts = { cmdline: "run=tlbpeek", respawn: { after: 1, module: "tlbpeek2" } };
    const good = bootMem(arch, ["tlbpeek", ["tlbpeek2", "tlbpeek"]], opts);
    healthy(good);
    expect(good.exits.length).toBe(2);
    expect(kernelLines(good).filter((l) => l.startsWith("saw "))).toEqual(["saw 0", "saw 0"]);
    // the same run with destroySpace's TLB flush switched off: the second process reads through the first one's entry
    const bad = bootMem(arch, ["tlbpeek", ["tlbpeek2", "tlbpeek"]], { ...opts, forgetTlb: true });
    const saw = kernelLines(bad).filter((l) => l.startsWith("saw "));
    expect(saw[0]).toBe("saw 0");
    expect(saw[1]).not.toBe("saw 0");
  });

  maybe("TLB: a page taken away (region shrunk) faults on the next touch (and would not, without the flush)", () => {
    const good = bootMem(arch, ["shrink"]);
    healthy(good);
    expect(num(good, "shrunk ")).toBe(0);
    expect(statusOf(good, "shrink")).toBe(139);
    expect(line(good, "fault: pid 1 (shrink)")).toMatch(/write at 0x[0-9a-f]+: no region of the process holds it/);
    const bad = bootMem(arch, ["shrink"], { forgetTlb: true });
    expect(kernelLines(bad)).toContain("survived");
  });

  maybe("TLB: a page made read-only faults on the next write (and would not, without the flush)", () => {
    const good = bootMem(arch, ["protect"]);
    healthy(good);
    expect(num(good, "protected ")).toBe(0);
    expect(num(good, "still reads ")).toBe(1);
    expect(statusOf(good, "protect")).toBe(139);
    expect(line(good, "fault: pid 1 (protect)")).toMatch(/write at 0x[0-9a-f]+ is not allowed in data \(r--\)/);
    const bad = bootMem(arch, ["protect"], { forgetTlb: true });
    expect(kernelLines(bad)).toContain("survived");
  });

  maybe("the kernel state stays plain data (the debugger snapshots it with structuredClone)", () => {
    const r = bootMem(arch, ["touch"]);
    healthy(r);
    const s = r.kernel!.state;
    expect(structuredClone(s)).toEqual(s);
  });

  maybe("the invariant checker is not vacuous: it reports a W+X page, a user-accessible kernel page, a stray frame", () => {
    const found: string[][] = [];
    const corrupt: Layer = (b) => b.bootStep("corrupt", (kn) => {
      const sp = createSpace(kn, 555);
      addRegion(kn, 555, { start: 0x400000, size: 2 * PAGE, w: false, x: true, kind: "code" });
      writeSpace(kn, 555, 0x400000, new Uint8Array([1]));
      found.push(checkInvariants(kn));                     // clean
      const pt = tablesOf(kn), fmt = pt.fmt;
      const m = lookup(pt, sp.root, 0x400000n)!;
      pt.write(m.entryPa, fmt.leaf(m.pa, { r: true, w: true, x: true, user: true, global: false }, 3));   // W+X
      map(pt, sp.root, 0x401000n, kn.state.frames.free[0], { r: true, w: false, x: false, user: true, global: false });  // a free frame
      const k = lookup(pt, kn.state.paging.kernelRoot, kn.state.paging.directBase + BigInt(kn.state.frames.base + 0x200000))!;
      const old = pt.read(k.entryPa);
      pt.write(k.entryPa, fmt.leaf(k.pa - (k.pa % k.size), { ...k.perms, user: true }, k.depth));             // kernel page open to users
      found.push(checkInvariants(kn));
      pt.write(k.entryPa, old);
      unmap(pt, sp.root, 0x401000n);
      destroySpace(kn, 555);
    }, { after: "traps" });
    const r = bootMem(arch, ["touch"], { layers: [corrupt] });
    expect(r.kernel?.state.panicked ?? null).toBeNull();
    expect(found[0]).toEqual([]);
    const bad = found[1].join("\n");
    expect(bad).toMatch(/kernel-half 0xffff[0-9a-f]+ is user-accessible/);
    expect(bad).toMatch(/pid 555: 0x400000 is writable and executable/);
    expect(bad).toMatch(/pid 555: 0x401000 maps frame 0x[0-9a-f]+ owned by free/);
    expect(bad).toMatch(/pid 555: 0x401000 is mapped outside its regions|2 pages mapped but 1 counted/);
  });

  maybe("W^X: a region asked for as writable and executable is refused", () => {
    const seen: string[] = [];
    const probe: Layer = (b) => b.bootStep("wx-probe", (kn) => {
      createSpace(kn, 999);
      try { addRegion(kn, 999, { start: 0x400000, size: PAGE, w: true, x: true, kind: "code" }); seen.push("accepted"); } catch (e) {
        seen.push(e instanceof AddressSpaceError ? e.message : `other: ${String(e)}`);
      }
      destroySpace(kn, 999);
    }, { after: "paging" });
    const r = bootMem(arch, ["touch"], { layers: [probe] });
    healthy(r);
    expect(seen).toEqual(["W^X: region code asks to be both writable and executable"]);
  });

  maybe("out of memory: a program that wants more than the machine has is killed, the kernel carries on", () => {
    const r = bootMem(arch, ["hog", "touch"], { ramSize: 2 << 20 });
    healthy(r);
    expect(statusOf(r, "hog")).toBe(139);
    expect(line(r, "fault: pid 1 (hog)")).toMatch(/out of memory/);
    expect(statusOf(r, "touch")).toBe(0);                   // the next program still runs
    expect(r.kernel!.state.frames.free.length).toBe(r.baselineFree);
  });

  maybe("boots in 2 MiB of RAM and prints its memory accounting", () => {
    const r = bootMem(arch, ["touch", "badptr"], { ramSize: 2 << 20 });
    healthy(r);
    expect(statusOf(r, "touch")).toBe(0);
    expect(statusOf(r, "badptr")).toBe(0);
    const acct = line(r, "kernel: ")!;
    expect(acct).toMatch(/^kernel: \d+ KiB \(.*page tables \d+ KiB.*\); free \d+ KiB$/);
    // the total is the sum of its parts, and the free figure is the allocator's at that moment (before any program)
    const parts = [...acct.slice(acct.indexOf("(")).matchAll(/ (\d+) KiB/g)].map((m) => Number(m[1]));
    expect(parts.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(Number(/^kernel: (\d+)/.exec(acct)![1]));
    expect(parts[parts.length - 1]).toBe(r.baselineFree * 4);
    const k = r.kernel!;
    // the accounting adds up: every kernel frame has a purpose, and the line says how many
    const kernelFrames = k.state.kmem.reduce((n, e) => n + e.frames.length, 0);
    for (const e of k.state.kmem) for (const pa of e.frames) expect(k.state.frames.owner[(pa - k.state.frames.base) / PAGE]).toMatch(/^(kernel:|pagetable)/);
    expect(kernelFrames).toBeGreaterThan(0);
    expect(k.state.frames.free.length).toBe(r.baselineFree);
  });
});
