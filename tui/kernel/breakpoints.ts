// Breakpoints of a kernel session: on instruction addresses (a symbol of a
// user program or 0x...), on kernel event kinds (stop after the kernel
// handled a system call, a page fault, an interrupt, a context switch...),
// and on a condition (a page fault in a given page). What the student types
// at the `b` prompt is parsed here, with a clear message for anything else.

import { BreakpointError } from "../session";
import type { EntryInfo } from "./engine";

/** Trap kinds (machine/kernel-mode.ts TrapKind) and kinds a kernel logs (kernel.ts KernelEvent). */
export const EVENT_KINDS = [
  "syscall", "page-fault", "irq", "undefined", "breakpoint", "alignment", "wfi", "illegal", "other", "start",
  "fault", "exit", "switch", "ipc", "panic", "boot", "info",
] as const;

export type BreakSpec =
  | { kind: "address"; address: number; name?: string }
  | { kind: "event"; event: string }
  | { kind: "fault-page"; page: bigint };

/** What the student typed, or a BreakpointError saying what would work. */
export function parseBreakpoint(spec: string, lookup: (name: string) => number | undefined): BreakSpec {
  const text = spec.trim();
  const cond = /^(?:page-fault|pf|fault)\s*(?:@|\s|at\s)\s*(0x[0-9a-f]+)$/i.exec(text);
  if (cond) return { kind: "fault-page", page: BigInt(cond[1]) & ~0xfffn };
  if (/^0x[0-9a-f]+$/i.test(text)) {
    const address = parseInt(text.slice(2), 16);
    if (!Number.isSafeInteger(address)) throw new BreakpointError(`${text} is too large for a breakpoint on user code`);
    return { kind: "address", address };
  }
  const sym = lookup(text);
  if (sym !== undefined) return { kind: "address", address: sym, name: text };
  if ((EVENT_KINDS as readonly string[]).includes(text.toLowerCase())) return { kind: "event", event: text.toLowerCase() };
  if (/^[0-9a-f]+$/i.test(text)) return { kind: "address", address: parseInt(text, 16) };
  throw new BreakpointError(`no symbol '${text}' in the programs; use an address (0x401000), an event (${EVENT_KINDS.slice(0, 3).join(", ")}, switch, ...) or "fault 0x600000"`);
}

/** Pseudo addresses for breakpoints that are not on an instruction, so the UI can list and toggle them. */
export const PSEUDO_BASE = 0xffffffffff000000n;

/** The event and condition breakpoints, and how an entry is checked against them. */
export class EventBreaks {
  private readonly list = new Map<bigint, { label: string; spec: BreakSpec }>();
  private next = 0n;

  get size(): number { return this.list.size; }

  add(spec: BreakSpec, label: string): bigint {
    for (const [id, b] of this.list) if (b.label === label) return id;
    const id = PSEUDO_BASE + this.next++;
    this.list.set(id, { label, spec });
    return id;
  }

  remove(id: bigint): boolean { return this.list.delete(id); }

  entries(): { id: bigint; label: string }[] { return [...this.list].map(([id, b]) => ({ id, label: b.label })); }

  /** The breakpoint an entry hits: its trap kind, a kind the kernel logged during it, or a fault in the page. */
  hit(e: EntryInfo, logged: string[]): string | null {
    for (const { label, spec } of this.list.values()) {
      if (spec.kind === "event" && (spec.event === e.kind || logged.includes(spec.event))) return label;
      if (spec.kind === "fault-page" && e.kind === "page-fault" && e.address !== null && (e.address & ~0xfffn) === spec.page) return label;
    }
    return null;
  }
}
