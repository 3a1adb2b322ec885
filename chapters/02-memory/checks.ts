// Chapter 02's checks (course/checks.ts): what `minos check 2` grades,
// against chapter 02's kernel and every later one. They look at what the
// kernel did - exit statuses, who owns every frame after the programs are
// gone, what freed frames hold, the kernel's own memory accounting - not
// only at the console. Exercise checks fail on the exercise's stub (the
// kernel panics naming it) and pass on a correct solution.

import assert from "node:assert/strict";
import type { Check } from "../../course/checks";
import type { KernelRun } from "../../course/run-kernel";

const lines = (r: KernelRun): string[] => r.console.split("\n");
const statusOf = (r: KernelRun, name: string): number | null | undefined => r.kernel?.state.threads.find((t) => t.name === name)?.exitStatus;
const noPanic = (r: KernelRun): void => assert.equal(r.kernel?.state.panicked ?? null, null, "the kernel panicked (see the log)");
const lineOf = (r: KernelRun, re: RegExp): string | undefined => lines(r).find((l) => re.test(l));
const POISON = 0x6b;

export const checks: Check[] = [
  {
    name: "boots-with-paging",
    exercise: "pt-step",
    points: 3,
    hint: "nextTable: read and decode the entry; a table: its address; invalid and create: a fresh zeroed table, and point the entry at it.",
    run(ctx) {
      const r = ctx.boot({ programs: ["touch"] });
      noPanic(r);
      assert.equal(r.kernel?.state.paging.on, true, "paging is not on");
      assert.equal(statusOf(r, "touch"), 0, "touch did not exit 0");
      assert.ok(lines(r).includes("sum 15"), "touch did not print 'sum 15'");
      assert.ok(r.kernel!.state.kmem.some((e) => e.purpose === "page tables" && e.frames.length >= 3), "no kernel page tables accounted");
    },
  },
  {
    name: "demand-paging",
    exercise: "demand-fault",
    points: 2,
    hint: "faultIn: a fault inside a region the access is allowed in gets one zeroed frame, mapped with the region's rights.",
    run(ctx) {
      const r = ctx.boot({ programs: ["touch"] });
      noPanic(r);
      assert.equal(statusOf(r, "touch"), 0, "touch did not exit 0");
      assert.ok(lines(r).includes("sum 15"), "touch did not print 'sum 15'");
    },
  },
  {
    name: "guard-and-wx-faults",
    exercise: "demand-fault",
    points: 2,
    hint: "A guard region: 'stack overflow'. An access the region does not allow (write to r-x, exec of rw-): a permission fault, and the program is killed.",
    run(ctx) {
      const r = ctx.boot({ programs: ["overflow", "wcode", "xstack"] });
      noPanic(r);
      for (const p of ["overflow", "wcode", "xstack"]) assert.equal(statusOf(r, p), 139, `${p} was not killed with status 139`);
      assert.ok(lineOf(r, /fault: pid \d+ \(overflow\) stack overflow/), "no 'stack overflow' report for overflow");
      assert.ok(lineOf(r, /fault: pid \d+ \(wcode\) write at 0x[0-9a-f]+ is not allowed/), "writing code was not reported as not allowed");
      assert.ok(!lines(r).includes("survived?!"), "a program survived what it must not");
    },
  },
  {
    name: "frames-freed-and-poisoned",
    exercise: "frames-free",
    points: 3,
    hint: "freeFrame: refuse a frame that is already free; fill it with POISON (0x6b); mark it free; push it on the free list.",
    run(ctx) {
      const r = ctx.boot({ programs: ["touch", "badptr", "wcode"] });
      noPanic(r);
      const f = r.kernel!.state.frames;
      assert.ok(f.frees > 0, "no frame was ever freed");
      assert.deepEqual(f.owner.filter((o) => o.startsWith("process:")), [], "frames of exited processes are still owned");
      assert.equal(new Set(f.free).size, f.free.length, "a frame is on the free list twice");
      assert.equal(f.free.length, f.owner.filter((o) => o === "free").length, "free list and owners disagree");
      const mem = r.machine.mem;
      const poisoned = f.free.filter((pa) => mem.bytes.subarray(pa - mem.base, pa - mem.base + 4096).every((b) => b === POISON)).length;
      assert.ok(poisoned >= Math.min(f.frees, f.free.length) / 2, `only ${poisoned} free frames hold the poison pattern after ${f.frees} frees`);
    },
  },
  {
    name: "bad-pointers-efault",
    exercise: "copy-range",
    points: 3,
    hint: "userRange: len >= 0, va >= 0, and va + len <= USER_TOP.",
    run(ctx) {
      const r = ctx.boot({ programs: ["badptr"] });
      noPanic(r);
      for (const k of ["kernel", "kernel2", "null", "unmapped", "wrap", "cross"]) assert.ok(lines(r).includes(`${k} -14`), `write() with the '${k}' pointer did not return -14`);
      assert.equal(statusOf(r, "badptr"), 0, "badptr did not exit 0");
    },
  },
  {
    name: "pie-relocated",
    exercise: "apply-relocation",
    points: 2,
    hint: "Each RELATIVE relocation inside the segment: write base + addend, 8 bytes little-endian, at its offset.",
    run(ctx) {
      const r = ctx.boot({ programs: ["pie-tables"] });
      noPanic(r);
      assert.ok(lines(r).includes("zero one two three "), "the string table was not relocated");
      assert.ok(lines(r).includes("ops: 13 42"), "the function table was not relocated");
      assert.equal(statusOf(r, "pie-tables"), 7, "pie-tables did not exit 7");
    },
  },
  {
    name: "kernel-half-protected",
    points: 1,
    run(ctx) {
      const r = ctx.boot({ programs: ["kread"] });
      noPanic(r);
      assert.equal(statusOf(r, "kread"), 139, "reading the kernel half was not killed");
      assert.ok(!lineOf(r, /^got /), "a user program read kernel memory");
    },
  },
  {
    name: "small-ram",
    points: 1,
    hint: "The kernel's own memory must fit 2 MiB; print 'kernel: N KiB (...)'.",
    run(ctx) {
      const r = ctx.boot({ programs: ["touch"], ramSize: 2 << 20 });
      noPanic(r);
      assert.equal(statusOf(r, "touch"), 0, "touch did not run in 2 MiB");
      const acct = lineOf(r, /^kernel: \d+ KiB \(/);
      assert.ok(acct, "no kernel memory accounting line");
      ctx.log(acct!);
    },
  },
];
