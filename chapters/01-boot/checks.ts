// Chapter 01's checks (course/checks.ts): what `minos check 1` grades, run
// against chapter 01's kernel and every later chapter's. Each looks at what
// the kernel did (its threads, exit statuses, events, power-off status),
// not only at what it printed. Exercise checks fail on the exercise's stub
// (the kernel panics naming it) and pass on a correct solution.

import assert from "node:assert/strict";
import type { Check, CheckContext } from "../../course/checks";
import type { KernelRun } from "../../course/run-kernel";

const lines = (r: KernelRun): string[] => r.console.split("\n");
const exits = (r: KernelRun): [string, number | null][] => (r.kernel?.state.threads ?? []).map((t) => [t.name, t.exitStatus]);
const noPanic = (r: KernelRun): void => assert.equal(r.kernel?.state.panicked ?? null, null, "the kernel panicked (see the log)");

/** Per arch: system call 99 (no such call), then exit(100 + -result). */
const NOSYS: Record<string, string> = {
  x86_64: ".intel_syntax noprefix\n.text\n.globl _start\n_start:\n mov eax, 99\n syscall\n neg rax\n lea rdi, [rax + 100]\n mov eax, 0\n syscall\n ud2\n",
  arm64: ".text\n.globl _start\n_start:\n mov x8, #99\n svc #0\n neg x0, x0\n add x0, x0, #100\n mov x8, #0\n svc #0\n udf #0\n",
};

/** Per arch: write 4 bytes from the stack (must work), 1 MiB from its code (-EFAULT), len 2^64-1 (-EFAULT). Exit 0, or which failed. */
const EDGES: Record<string, string> = {
  x86_64: `.intel_syntax noprefix
.text
.globl _start
_start:
 sub rsp, 16
 mov dword ptr [rsp], 0x0a4b4f20
 mov eax, 1
 mov edi, 1
 mov rsi, rsp
 mov edx, 4
 syscall
 mov edi, 1
 cmp rax, 4
 jne out
 mov eax, 1
 mov edi, 1
 lea rsi, [rip + _start]
 mov edx, 0x100000
 syscall
 mov edi, 2
 cmp rax, -14
 jne out
 mov eax, 1
 mov edi, 1
 lea rsi, [rip + _start]
 mov rdx, -1
 syscall
 mov edi, 3
 cmp rax, -14
 jne out
 xor edi, edi
out:
 mov eax, 0
 syscall
 ud2
`,
  arm64: `.text
.globl _start
_start:
 sub sp, sp, #16
 movz w9, #0x4f20
 movk w9, #0x0a4b, lsl #16
 str w9, [sp]
 mov x8, #1
 mov x0, #1
 mov x1, sp
 mov x2, #4
 svc #0
 mov x9, #1
 cmp x0, #4
 b.ne out
 mov x8, #1
 mov x0, #1
 adr x1, _start
 mov x2, #0x100000
 svc #0
 mov x9, #2
 cmn x0, #14
 b.ne out
 mov x8, #1
 mov x0, #1
 adr x1, _start
 mov x2, #-1
 svc #0
 mov x9, #3
 cmn x0, #14
 b.ne out
 mov x9, #0
out:
 mov x0, x9
 mov x8, #0
 svc #0
 udf #0
`,
};

/** hello with its first PT_LOAD's p_filesz made larger than the file (ELF-64: program header +32). */
function truncatedElf(ctx: CheckContext): Uint8Array {
  const f = ctx.program("hello").slice();
  const v = new DataView(f.buffer);
  const phoff = Number(v.getBigUint64(32, true)), phentsize = v.getUint16(54, true), phnum = v.getUint16(56, true);
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (v.getUint32(p, true) === 1) { v.setBigUint64(p + 32, BigInt(f.length * 4), true); v.setBigUint64(p + 40, BigInt(f.length * 4), true); break; }
  }
  return f;
}

export const checks: Check[] = [
  {
    name: "boot-banner-and-memory-map", points: 2,
    hint: "The console step prints the banner, then one line per memory region (base-end type).",
    run(ctx) {
      const r = ctx.boot({ programs: ["hello"] });
      noPanic(r);
      const l = lines(r);
      assert.ok(l.some((x) => new RegExp(`^MinOS chapter \\d+ \\(${ctx.arch}\\): \\d+ KiB usable RAM, 1 module`).test(x)), "no banner line");
      for (const type of ["usable", "kernel", "module", "bootinfo"]) {
        assert.ok(l.some((x) => new RegExp(`^  0x[0-9a-f]{8}-0x[0-9a-f]{8} ${type}$`).test(x)), `no '${type}' region in the printed memory map`);
      }
      assert.equal(r.result.reason, "power-off");
      assert.equal(r.result.status, 0, "power-off status");
    },
  },
  {
    name: "hello-runs", exercise: "syscall-dispatch", points: 1,
    hint: "write is system call 1, exit is 0: look them up in kn.tables.syscalls.",
    run(ctx) {
      const r = ctx.boot({ programs: ["hello"] });
      noPanic(r);
      assert.ok(lines(r).includes("hello, world from user mode"), "hello's line is not on the console");
      assert.deepEqual(exits(r), [["hello", 0]]);
    },
  },
  {
    name: "unknown-syscall-enosys", exercise: "syscall-dispatch", points: 2,
    hint: "A number with no handler must return -ENOSYS (-38) to the program, not crash or kill it.",
    run(ctx) {
      const r = ctx.boot({ programs: [], extra: [{ name: "nosys", bytes: ctx.compile(NOSYS[ctx.arch], "nosys.s") }] });
      noPanic(r);
      assert.deepEqual(exits(r), [["nosys", 100 + 38]], "the program exits with 100 + the errno it got");
    },
  },
  {
    name: "write-bad-pointer", exercise: "write-range", points: 1,
    hint: "A buffer outside the program's own memory gets -EFAULT (-14).",
    run(ctx) {
      const r = ctx.boot({ programs: ["badptr", "hello"] });
      noPanic(r);
      assert.deepEqual(exits(r), [["badptr", 100 + 14], ["hello", 0]]);
    },
  },
  {
    name: "write-range-edges", exercise: "write-range", points: 2,
    hint: "The whole range [buf, buf+len) must lie inside ONE region (program or stack); a huge len must not wrap around.",
    run(ctx) {
      const r = ctx.boot({ programs: [], extra: [{ name: "edges", bytes: ctx.compile(EDGES[ctx.arch], "edges.s") }] });
      noPanic(r);
      const [[, status]] = exits(r);
      assert.equal(status, 0, ["", "a write from the stack failed", "a write running past the end of the program succeeded", "a write of 2^64-1 bytes succeeded"][status ?? 0] ?? `status ${status}`);
      assert.ok(lines(r).includes(" OK"), "the 4 bytes written from the stack are not on the console");
    },
  },
  {
    name: "fault-reported-and-survived", exercise: "user-fault", points: 2,
    hint: "Print 'fault: pid N (name) ... killed (status S)', S = 128 + signalFor(trap), and end the thread with kn.hooks.threadExit.",
    run(ctx) {
      const r = ctx.boot({ programs: ["fault", "hello"] });
      noPanic(r);
      const l = lines(r);
      const at = l.findIndex((x) => /^fault: pid 1 \(fault\) .*: killed \(status 139\)$/.test(x));
      assert.ok(at >= 0, "no 'fault: pid 1 (fault) ... killed (status 139)' line");
      assert.ok(l.indexOf("hello, world from user mode") > at, "the next program did not run after the fault");
      assert.deepEqual(exits(r), [["fault", 139], ["hello", 0]]);
      assert.ok(r.kernel!.state.events.some((e) => e.kind === "fault" && e.tid === 1), "no 'fault' event logged");
    },
  },
  {
    name: "elf-loads", exercise: "elf-segments", points: 1,
    hint: "Collect the PT_LOAD program headers; the loader copies them.",
    run(ctx) {
      const r = ctx.boot({ programs: ["hello"] });
      noPanic(r);
      assert.deepEqual(exits(r), [["hello", 0]]);
    },
  },
  {
    name: "elf-bad-segment-refused", exercise: "elf-segments", points: 2,
    hint: "A segment whose file bytes lie past the end of the file is a ProgramError: the program is skipped, the kernel goes on.",
    run(ctx) {
      const r = ctx.boot({ programs: [], extra: [{ name: "bad", bytes: truncatedElf(ctx) }, { name: "hello", bytes: ctx.program("hello") }] });
      noPanic(r);
      assert.ok(lines(r).some((x) => /^program bad: not started: /.test(x)), "no 'program bad: not started: ...' line");
      assert.deepEqual(exits(r), [["hello", 0]]);
    },
  },
];
