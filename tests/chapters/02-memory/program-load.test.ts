// Chapter 02's program loader at work (chapters/02-memory/kernel/program.ts,
// aslr.ts, brk.ts): C programs built by our toolchain as static PIEs, booted
// on both boards with chapters 01 + 02 and the loader's layer. The tests
// check what the kernel did, not only what the programs print:
//   - the words the RELATIVE relocations name hold base + addend in the
//     process's memory, for exactly the relocations binutils' readelf lists;
//   - the address the program prints for `main` is the base plus main's
//     value in the symbol table (nm), and it moves with the seed;
//   - brk grows and shrinks the heap region, frames return to the free
//     list on exit, and the page-table invariants hold after every event;
//   - a W+X or foreign program is refused and leaks nothing.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Arch } from "../../../machine/core/cpu";
import { buildKernel, type Layer } from "../../../chapters/01-boot/kernel/builder";
import { install as boot } from "../../../chapters/01-boot/kernel";
import { install as memory } from "../../../chapters/02-memory/kernel";
import { installProgram, STACK_SIZE } from "../../../chapters/02-memory/kernel/program";
import { BRK_MAX, type Heap } from "../../../chapters/02-memory/kernel/brk";
import { readSpace } from "../../../chapters/02-memory/kernel/address-space";
import { checkInvariants } from "../../../chapters/02-memory/kernel/invariants";
import type { Region } from "../../../chapters/02-memory/kernel/state";
import { runKernel, type KernelRun } from "../../../course/run-kernel";
import { oracleIt } from "../../oracles";
import { ARCHES, archReady, cprogram, kernelLines } from "./kit";

const tmp = mkdtempSync(path.join(tmpdir(), "minos-ch02-load-"));

interface Exit { tid: number; name: string; status: number; regions: Region[]; heap: Heap | undefined; words: Map<number, bigint>; base: number }
interface LoadRun extends KernelRun { exits: Exit[]; violations: string[]; freeBefore: number; freeAfter: number }

/**
 * Boot chapters 01 + 02 + the loader with `modules`; record each process's
 * regions, heap and the words at `peek` (link-time addresses, read at
 * base + address) just before it is torn down, and check the page-table
 * invariants after every event.
 */
function bootLoader(arch: Arch, modules: { name: string; bytes: Uint8Array }[], cmdline = "", peek: number[] = [], ramSize?: number): LoadRun {
  const exits: Exit[] = [], violations: string[] = [];
  let freeBefore = -1, freeAfter = -1;
  const watch: Layer = (b) => {
    b.wrap("schedule", (earlier) => (kn) => {
      const tid = earlier(kn);
      for (const v of checkInvariants(kn)) violations.push(v);
      if (tid === null) freeAfter = kn.state.frames.free.length;
      return tid;
    });
    b.wrap("spawn", (earlier) => (kn, m, a) => {
      if (freeBefore < 0) freeBefore = kn.state.frames.free.length;
      return earlier(kn, m, a);
    });
    b.wrap("threadExit", (earlier) => (kn, tid, status) => {
      const sp = kn.state.spaces[tid];
      if (sp !== undefined) {
        const words = new Map<number, bigint>();
        const base = kn.state.programs[tid].base;             // where the loader put the PIE's address 0
        for (const a of peek) words.set(a, new DataView(readSpace(kn, tid, base + a, 8).buffer).getBigUint64(0, true));
        exits.push({ tid, name: kn.state.threads.find((t) => t.tid === tid)!.name, status, regions: structuredClone(sp.regions), heap: structuredClone(kn.state.heaps[tid]), words, base });
      }
      earlier(kn, tid, status);
    });
  };
  const kernel = buildKernel([boot, memory, ...(loaderWired ? [] : [installProgram]), watch]);
  const run = runKernel({ arch, kernel, chapter: 2, modules, cmdline, ramSize, maxInstructions: 60_000_000 });
  return { ...run, exits, violations, freeBefore, freeAfter };
}

/** Chapter 02's index.ts installs the loader itself once it is wired in (brk is then a system call of the layer). */
const loaderWired = buildKernel([boot, memory]).tables.syscalls.has(7);

const pie = (name: string, arch: Arch) => cprogram(name, arch, true);

/** RELATIVE relocations [offset, addend] as readelf lists them. */
function readelfRelatives(file: string): [number, number][] {
  const out = spawnSync("readelf", ["-W", "-r", file], { encoding: "utf8" }).stdout;
  return [...out.matchAll(/^([0-9a-f]{16})\s+[0-9a-f]+\s+R_(?:X86_64|AARCH64)_RELATIVE\s+([0-9a-f]+)/gm)].map((m) => [parseInt(m[1], 16), parseInt(m[2], 16)]);
}

describe("chapter 02: loading static PIEs", () => {
  for (const arch of ARCHES) {
    const ready = archReady(arch);
    (ready ? oracleIt(["readelf"]) : it.skip)(`${arch}: pointers in data are relocated to the random base (every RELATIVE readelf lists), argv on the stack`, () => {
      const prog = pie("pie-tables", arch);
      const file = path.join(tmp, `pie-tables.${arch}`);
      writeFileSync(file, prog.bytes);
      const rels = readelfRelatives(file);
      expect(rels.length).toBeGreaterThan(8);
      const run = bootLoader(arch, [prog], "seed=11", rels.map(([o]) => o));
      const lines = kernelLines(run);
      expect(lines).toContain("zero one two three ");
      expect(lines).toContain("ops: 13 42");
      expect(lines).toContain("answer = 42");
      expect(lines).toContain("argc=1 argv[0]=pie-tables");
      expect(run.exits.map((e) => e.status)).toEqual([7]);
      const ex = run.exits[0];
      const base = ex.base;
      expect(ex.regions.find((r) => r.kind === "code")!.start).toBe(base + 0x1000);   // our linker's text is at 0x1000
      expect(base % 4096).toBe(0);
      expect(base).toBeGreaterThanOrEqual(0x1000_0000);
      // x86-64 psABI / AAELF64: RELATIVE = B + A. (The program may have changed none of these words.)
      for (const [off, addend] of rels) expect(ex.words.get(off)).toBe(BigInt(base + addend));
      // W^X held: no region is both writable and executable.
      expect(ex.regions.filter((r) => r.w && r.x)).toEqual([]);
      // The stack with its guard below, STACK_SIZE bytes.
      const stack = ex.regions.find((r) => r.kind === "stack")!, guard = ex.regions.find((r) => r.kind === "guard")!;
      expect(stack.end - stack.start).toBe(STACK_SIZE);
      expect(guard.end).toBe(stack.start);
      expect(run.violations).toEqual([]);
      expect(run.freeAfter).toBe(run.freeBefore);
    });

    (ready ? it : it.skip)(`${arch}: in 2 MiB of RAM, a PIE with its heap (malloc) and stack runs and gives every frame back`, () => {
      const run = bootLoader(arch, [pie("aslr-show", arch), pie("pie-tables", arch)], "seed=4", [], 2 << 20);
      expect(run.exits.map((e) => [e.name, e.status])).toEqual([["aslr-show", 0], ["pie-tables", 7]]);
      expect(run.violations).toEqual([]);
      expect(run.freeAfter).toBe(run.freeBefore);
    });

    (ready ? it : it.skip)(`${arch}: a fixed-address (-no-pie) program still loads where it was linked`, () => {
      const run = bootLoader(arch, [cprogram("pie-tables", arch, false)], "seed=11");
      expect(kernelLines(run)).toContain("ops: 13 42");
      expect(run.exits[0].regions.find((r) => r.kind === "code")!.start).toBe(0x401000);
    });
  }
});

describe("chapter 02: ASLR from the seed", () => {
  for (const arch of ARCHES) {
    (archReady(arch) ? oracleIt(["nm"]) : it.skip)(`${arch}: same seed, same layout; other seeds, other layouts; main is where nm says plus the base`, () => {
      const prog = pie("aslr-show", arch);
      const file = path.join(tmp, `aslr-show.${arch}`);
      writeFileSync(file, prog.bytes);
      const nm = spawnSync("nm", [file], { encoding: "utf8" }).stdout;
      const mainAt = parseInt(/^([0-9a-f]+) T main$/m.exec(nm)![1], 16);
      const layout = (seed: number) => {
        const run = bootLoader(arch, [prog], `seed=${seed}`);
        const line = kernelLines(run).find((l) => l.startsWith("code "))!;
        const [code, data, heap, stack] = [...line.matchAll(/0x[0-9a-f]+/g)].map((m) => Number(m[0]));
        const ex = run.exits[0];
        const base = ex.base;
        const st = ex.regions.find((r) => r.kind === "stack")!;
        expect(code).toBe(base + mainAt);
        expect(data).toBeGreaterThan(base);
        expect(heap).toBeGreaterThanOrEqual(ex.heap!.start);
        expect(heap).toBeLessThan(ex.heap!.end);
        expect(ex.heap!.start).toBeGreaterThan(data);
        expect(stack).toBeGreaterThanOrEqual(st.start);
        expect(stack).toBeLessThan(st.end);
        expect(run.violations).toEqual([]);
        return line;
      };
      const a = layout(1), b = layout(2), c = layout(1), d = layout(3);
      expect(c).toBe(a);
      expect(new Set([a, b, d]).size).toBe(3);
      // Every one of the four addresses moves between seeds 1 and 2.
      const nums = (l: string) => [...l.matchAll(/0x[0-9a-f]+/g)].map((m) => m[0]);
      nums(a).forEach((v, i) => expect(v).not.toBe(nums(b)[i]));
    }, 60_000);
  }
});

describe("chapter 02: brk and malloc", () => {
  for (const arch of ARCHES) {
    (archReady(arch) ? it : it.skip)(`${arch}: libc's malloc over brk; brk grows, shrinks (frames freed, a regrown page reads zero) and refuses the impossible`, () => {
      const run = bootLoader(arch, [pie("malloc-stress", arch)], "seed=5");
      const lines = kernelLines(run);
      expect(lines.find((l) => l.startsWith("malloc:"))).toMatch(/^malloc: \d+ bytes in 450 blocks, all intact$/);
      expect(lines).toContain("brk: grow ok, shrink ok, query ok, too big refused");
      expect(lines).toContain("brk: regrown page reads 0");
      expect(run.exits.map((e) => e.status)).toEqual([0]);
      const heap = run.exits[0].heap!, region = run.exits[0].regions.find((r) => r.kind === "heap")!;
      expect(region.start).toBe(heap.start);
      expect(region.end).toBe(Math.ceil(heap.end / 4096) * 4096);
      expect(heap.limit).toBeLessThanOrEqual(heap.start + BRK_MAX);
      expect(run.violations).toEqual([]);
      expect(run.freeAfter).toBe(run.freeBefore);               // every heap frame came back
    }, 60_000);
  }
});

describe("chapter 02: the stack's guard page under the loader", () => {
  for (const arch of ARCHES) {
    (archReady(arch) ? it : it.skip)(`${arch}: unbounded recursion (H5's overflow.c, as a PIE) hits the guard page below the random stack`, () => {
      const run = bootLoader(arch, [pie("overflow", arch), pie("pie-tables", arch)], "seed=9");
      const text = kernelLines(run).join("\n");
      expect(text).toMatch(/stack overflow/);
      const [over, next] = run.exits;
      expect(over.status).toBeGreaterThanOrEqual(128);       // killed by the kernel (128 + a signal-like number)
      // The kernel carried on: the next program ran.
      expect(next.status).toBe(7);
      expect(run.violations).toEqual([]);
      expect(run.freeAfter).toBe(run.freeBefore);
    }, 60_000);
  }
});

describe("chapter 02: programs the loader refuses", () => {
  for (const arch of ARCHES) {
    (archReady(arch) ? it : it.skip)(`${arch}: a W+X segment or another arch's program is not started, and nothing leaks`, () => {
      const good = pie("pie-tables", arch);
      const wx = good.bytes.slice();
      const v = new DataView(wx.buffer);
      for (let i = 0; i < v.getUint16(56, true); i++) {
        const o = 64 + i * 56;
        if (v.getUint32(o, true) === 1 && (v.getUint32(o + 4, true) & 1)) v.setUint32(o + 4, 7, true);   // text: RWX
      }
      const foreign = pie("pie-tables", arch === "x86_64" ? "arm64" : "x86_64").bytes;
      const run = bootLoader(arch, [{ name: "wx", bytes: wx }, { name: "foreign", bytes: foreign }, good], "seed=3");
      const lines = kernelLines(run).join("\n");
      expect(lines).toMatch(/program wx: not started: .*both writable and executable \(W\^X: refused\)/);
      expect(lines).toMatch(/program foreign: not started: built for machine \d+, not /);
      expect(run.kernel!.state.threads.map((t) => t.name)).toEqual(["pie-tables"]);
      expect(run.exits.map((e) => e.status)).toEqual([7]);
      expect(run.violations).toEqual([]);
      expect(run.freeAfter).toBe(run.freeBefore);
    });
  }
});
