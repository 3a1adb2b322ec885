// Shared by chapter 02's tests: build the chapter's C programs with the
// project's own compiler, boot chapter 01 + 02 on an arch, and watch what
// the kernel did: after every event (the test layer wraps `schedule`, which
// ends every event that returns to a program) the page-table invariants are
// checked by walking every table in RAM; when a process exits, its address
// space is recorded just before it is freed.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Arch } from "../../../machine/core/cpu";
import { build } from "../../../toolchain/cc/driver";
import { projectRoot } from "../../../toolchain/util/root";
import { buildKernel, type Layer } from "../../../chapters/01-boot/kernel/builder";
import { install as boot } from "../../../chapters/01-boot/kernel";
import { install as memory } from "../../../chapters/02-memory/kernel";
import { checkInvariants } from "../../../chapters/02-memory/kernel/invariants";
import { visit } from "../../../chapters/02-memory/kernel/pagetable";
import { mmuOf, tablesOf } from "../../../chapters/02-memory/kernel/paging";
import type { Region } from "../../../chapters/02-memory/kernel/state";
import { protectRegion, regionAt, resizeRegion } from "../../../chapters/02-memory/kernel/address-space";
import type { Kernel } from "../../../chapters/01-boot/kernel/kernel";
import { copyFromUser, copyToUser, strFromUser } from "../../../chapters/02-memory/kernel/uaccess";
import { runKernel, type KernelRun, type KernelRunOptions } from "../../../course/run-kernel";

export const ARCHES: Arch[] = ["x86_64", "arm64"];
const USER = path.join(projectRoot(), "chapters", "02-memory", "user");

/** Chapter 01's arm64 HAL exists (H2's part): until then the arm64 cases are skipped. */
export const archReady = (arch: Arch): boolean =>
  arch === "x86_64" || existsSync(path.join(projectRoot(), "chapters", "01-boot", "kernel", "hal", "arm64", "index.ts"));

const cache = new Map<string, Uint8Array>();

/** chapters/02-memory/user/NAME.c, built for `arch` as a fixed-address executable, as a boot module. */
export function cprogram(name: string, arch: Arch, pie = false): { name: string; bytes: Uint8Array } {
  const key = `${name}.${arch}.${pie}`;
  let bytes = cache.get(key);
  if (bytes === undefined) {
    const r = build([{ name: `${name}.c`, text: readFileSync(path.join(USER, `${name}.c`), "utf8") }],
      { arch, linux: false, pie, includeDirs: [USER] });
    if (!r.ok || r.exe === undefined) throw new Error(`building ${name}.c for ${arch}:\n${r.messages.join("\n")}`);
    bytes = r.exe;
    cache.set(key, bytes);
  }
  return { name, bytes };
}

export interface ExitRecord { tid: number; status: number; regions: Region[]; pages: { va: bigint; pa: number; w: boolean; x: boolean }[]; owned: number; resident: number; faults: number }

export interface MemRun extends KernelRun {
  /** Invariant violations found after any event (with the event count). */
  violations: string[];
  /** How many times the invariants were checked. */
  checks: number;
  exits: ExitRecord[];
  /** Free frames right after boot (before the first program ran). */
  baselineFree: number;
}

/** Boot chapters 01+02 (plus `layers`) on `arch` with chapter 02 C programs as modules. */
export function bootMem(arch: Arch, programs: (string | [string, string])[],
  opts: Partial<KernelRunOptions> & { layers?: Layer[]; forgetTlb?: boolean; respawn?: { after: number; module: string } } = {}): MemRun {
  const violations: string[] = [], exits: ExitRecord[] = [];
  let checks = 0, baselineFree = -1;
  /** Ablation: run `fn` with the kernel's TLB maintenance switched off (to show a test would see stale entries). */
  const maybeForget = (kn: Kernel, fn: () => void): void => {
    if (!opts.forgetTlb) { fn(); return; }
    const k = kn.k as unknown as { invalidateTlb: (s: unknown) => void };
    const real = k.invalidateTlb;
    k.invalidateTlb = () => {};
    try { fn(); } finally { k.invalidateTlb = real; }
  };
  const watch: Layer = (b) => {
    b.wrap("schedule", (earlier) => (kn) => {
      const tid = earlier(kn);
      checks++;
      for (const v of checkInvariants(kn)) violations.push(`check ${checks}: ${v}`);
      return tid;
    });
    b.wrap("threadExit", (earlier) => (kn, tid, status) => {
      const sp = kn.state.spaces[tid];
      if (sp !== undefined && kn.state.threads.find((t) => t.tid === tid)?.status !== "exited") {
        const pages: ExitRecord["pages"] = [];
        visit(tablesOf(kn), sp.root, (va, m) => pages.push({ va, pa: m.pa, w: m.perms.w, x: m.perms.x }), { to: mmuOf(kn).fmt.userRootSlots });
        const owned = kn.state.frames.owner.filter((o) => o === `process:${tid}`).length;
        exits.push({ tid, status, regions: structuredClone(sp.regions), pages, owned, resident: sp.resident, faults: sp.faults });
      }
      maybeForget(kn, () => earlier(kn, tid, status));
      if (opts.respawn !== undefined && opts.respawn.after === tid) kn.hooks.spawn(kn, opts.respawn.module, "");
    });
    // TEST ONLY: system call 251 shrinks the region holding va to end at va's page (as brk would).
    b.syscall(251, "shrink", (kn, [va]) => {
      const pid = kn.state.current!, sp = kn.state.spaces[pid];
      const r = regionAt(sp, Number(va));
      if (r === undefined) return -14n;
      maybeForget(kn, () => resizeRegion(kn, pid, r.start, Math.floor(Number(va) / 4096) * 4096));
      return 0n;
    });
    // TEST ONLY: system call 252 makes the region holding va read-only (as mprotect would).
    b.syscall(252, "protect", (kn, [va]) => {
      const pid = kn.state.current!, r = regionAt(kn.state.spaces[pid], Number(va));
      if (r === undefined) return -14n;
      maybeForget(kn, () => protectRegion(kn, pid, r.start, { w: false, x: false }));
      return 0n;
    });
    // TEST ONLY: system call 250, copy-in/copy-out probes for copyprobe.c.
    b.syscall(250, "probe", (kn, [va, len, op]) => {
      if (op === 0n) return copyToUser(kn, va, new Uint8Array(Number(len > 1n << 24n ? 1n << 24n : len)).fill(0x41)) ? 0n : -14n;
      if (op === 1n) return copyFromUser(kn, va, len) === null ? -14n : 0n;
      const s = strFromUser(kn, va, 64);
      return s === null ? -14n : BigInt(s.length);
    });
  };
  const baseline: Layer = (b) => b.wrap("spawn", (earlier) => (kn, m, a) => {
    if (baselineFree < 0) baselineFree = kn.state.frames.free.length;
    return earlier(kn, m, a);
  });
  const kernel = buildKernel([boot, memory, ...(opts.layers ?? []), watch, baseline]);
  // a program is a name, or [module name, program name] to run one program under another name
  const modules = programs.map((p) => (typeof p === "string" ? cprogram(p, arch) : { name: p[0], bytes: cprogram(p[1], arch).bytes }));
  const run = runKernel({ arch, kernel, chapter: 2, maxInstructions: 20_000_000, ...opts, modules });
  return { ...run, violations, checks, exits, baselineFree };
}

/** The kernel's console lines (after the firmware's). */
export const kernelLines = (run: KernelRun): string[] => run.console.split("\n").filter((l) => !/^(firmware|secure boot):/.test(l));
