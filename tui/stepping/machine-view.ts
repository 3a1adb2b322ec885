// Kernel stepping, part 8: what the worker reads off the live machine at a
// pause, for the debugger's registers and memory panes. The machine object
// lives in the worker, so whatever the kernel wrote to RAM or a control
// register before this statement is already there: the user pages come from
// the page tables in emulated RAM, walked as the hardware would (the same
// reader as the kernel debugger's address-space pane, tui/kernel/pagetables.ts,
// which is plain code with no UI in it), and the frames by owner from the
// kernel's "frames" inspector or its state (tui/kernel/sections.ts frameMap).
// Reading only: nothing here changes the machine or the kernel.

import type { Kernel } from "../../chapters/01-boot/kernel/kernel";
import { mappings, rights } from "../kernel/pagetables";
import { frameMap } from "../kernel/sections";
import type { Board } from "../kernel/engine";
import type { MemoryAtPause } from "./protocol";

/** Leaf pages listed at most (a pane could not show more). */
const MAX_PAGES = 256;

export function memoryAtPause(board: Board, kernel: Kernel | null): MemoryAtPause {
  const maps = mappings(board);
  const user: MemoryAtPause["user"] = [];
  if (typeof maps !== "string") {
    for (const m of maps) {
      if (!m.user) continue;
      for (let p = 0; p < m.pages && user.length < MAX_PAGES; p++) {
        user.push({ va: hex(m.va + p * 4096), pa: hex(m.pa + p * 4096), rights: rights(m) });
      }
    }
  }
  const fm = frameMap(board, kernel, maps);
  const counts = new Map<number, number>();
  for (const c of fm.cells) if (c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1);
  const frames = fm.owners.map((o, i) => ({ owner: o.label, count: counts.get(i) ?? 0 })).filter((f) => f.count > 0);
  const used = frames.reduce((a, f) => a + f.count, 0);
  return { user, frames, framesTotal: fm.total, framesUsed: used, note: typeof maps === "string" ? maps : undefined };
}

const hex = (v: number) => "0x" + (v >= 2 ** 53 ? BigInt(Math.round(v)) : BigInt(v)).toString(16);

/** What the worker keeps of the KernelMode the current handler was entered with. */
export interface KernelModeLike {
  readonly arch: string;
  readonly regNames: readonly string[];
  reg(r: string): bigint;
  readonly sys: unknown;
}

const X86_SYSTEM: [string, (s: { readCr(n: number): bigint; rdmsr(m: number): bigint }) => bigint][] = [
  ["cr0", (s) => s.readCr(0)], ["cr2", (s) => s.readCr(2)], ["cr3", (s) => s.readCr(3)], ["cr4", (s) => s.readCr(4)],
  ["efer", (s) => s.rdmsr(0xc0000080)],
];
const ARM_SYSTEM = ["TTBR0_EL1", "TTBR1_EL1", "TCR_EL1", "SCTLR_EL1", "VBAR_EL1", "ELR_EL1", "ESR_EL1", "FAR_EL1"];

/**
 * The trapped context as the handler sees it (KernelMode.reg: on x86_64 rip
 * and rsp come from the frame the CPU pushed, or rcx/r11 after SYSCALL; on
 * AArch64 pc is ELR_EL1 and sp is SP_EL0), then the system registers the
 * kernel writes. A register that cannot be read (a bad frame) is left out.
 */
export function trappedRegs(km: KernelModeLike): [string, string][] {
  const out: [string, string][] = [];
  const put = (name: string, f: () => bigint) => { try { out.push([name, `0x${BigInt.asUintN(64, f()).toString(16)}`]); } catch { /* unreadable */ } };
  for (const n of km.regNames) put(n, () => km.reg(n));
  if (km.arch === "x86_64") for (const [n, f] of X86_SYSTEM) put(n, () => f(km.sys as never));
  else for (const n of ARM_SYSTEM) put(n.toLowerCase(), () => (km.sys as { read(n: string): bigint }).read(n));
  return out;
}
