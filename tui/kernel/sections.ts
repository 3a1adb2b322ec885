// The kernel panes' data, built from the board and the kernel as plain data
// (tui/snapshot.ts): the address space, physical frames by owner, kernel
// events, run queues and IPC. Chapters publish what only they know through
// named inspectors (builder.ts `inspect(name, fn)`); every one is optional,
// and a pane whose data is absent falls back to what the machine shows, or
// stays empty. Nothing here changes the machine or the kernel.

import type { Kernel } from "../../chapters/01-boot/kernel/kernel";
import type { Board } from "./engine";
import { invariantViolations } from "./invariants";
import { mappings, regionsOfMappings, tlbEntries, walkAddress, type Mapping } from "./pagetables";
import type {
  AddressSpaceView, FrameMap, FramesInspection, IpcView, KernelEventView, KernelSections, MemoryRegion, RunQueueView, ThreadView,
} from "../snapshot";
import { PcMachine } from "../../machine/boards/pc";

/** Cells beyond this many frames are not sent to the UI. */
const MAX_CELLS = 16384;

/** Colours for well-known owners; others take the next free colour of PALETTE. */
const KNOWN: Record<string, string> = {
  kernel: "blue", "kernel image": "blue", image: "blue", "kernel stack": "magenta", "page table": "cyan", pagetable: "cyan",
  user: "green", "user stack": "red", "user heap": "yellow", firmware: "gray", module: "white", bootinfo: "white",
  reserved: "gray", hole: "gray", null: "gray",
};
const PALETTE = ["green", "yellow", "magenta", "red", "greenBright", "yellowBright", "magentaBright", "cyanBright", "redBright", "blueBright", "white"];
const FREE = new Set(["", "free"]);

/** Call a kernel inspector safely: a broken inspector must not take the debugger down. */
export function inspect<T>(kn: Kernel | null, name: string): T | undefined {
  const fn = kn?.tables?.inspectors?.get(name);
  if (!fn || !kn) return undefined;
  try { return fn(kn) as T; } catch { return undefined; }
}

/** Physical frames by owner: from the kernel's "frames" inspector, else from the current mappings. */
export function frameMap(b: Board, kn: Kernel | null, maps: Mapping[] | string): FrameMap {
  const total = Math.floor(b.mem.size / 4096);
  const base = b.mem.base;
  const data = inspect<FramesInspection>(kn, "frames");
  const owners: { label: string; color: string }[] = [];
  const index = new Map<string, number>();
  const ownerOf = (label: string): number => {
    if (FREE.has(label)) return -1;
    let i = index.get(label);
    if (i === undefined) {
      const used = new Set(owners.map((o) => o.color));
      const color = KNOWN[label] ?? (label.startsWith("kernel") ? "blue" : label.startsWith("program") ? "green" : undefined)
        ?? PALETTE.find((c) => !used.has(c)) ?? "white";
      i = owners.length;
      owners.push({ label, color });
      index.set(label, i);
    }
    return i;
  };
  if (data && Array.isArray(data.owners)) {
    const skip = typeof data.base === "number" ? Math.max(0, Math.floor((data.base - base) / 4096)) : 0;
    const n = Math.min(skip + data.owners.length, MAX_CELLS);
    const cells = new Array<number>(n).fill(-1);
    for (let f = skip; f < n; f++) cells[f] = ownerOf(String(data.owners[f - skip] ?? ""));
    return { cells, owners, total, frameSize: 4096 };
  }
  // Chapter 02 keeps every frame's owner in its state (frames.owner[i] is the frame at frames.base + i * 4096).
  const fs = (kn?.state as unknown as { frames?: { base?: number; owner?: unknown } } | undefined)?.frames;
  if (fs && Array.isArray(fs.owner) && typeof fs.base === "number") {
    const skip = Math.max(0, Math.floor((fs.base - base) / 4096));
    const n = Math.min(skip + fs.owner.length, MAX_CELLS);
    const cells = new Array<number>(n).fill(-1);
    for (let f = skip; f < n; f++) cells[f] = ownerOf(String(fs.owner[f - skip] ?? ""));
    return { cells, owners, total, frameSize: 4096 };
  }
  // Chapter 01: the kernel's own frames by purpose (state.kmem) and each program's image and stack (state.images).
  const st = kn?.state as unknown as { kmem?: { purpose: string; frames: number[] }[]; images?: Record<number, { base: number; size: number; what: string }[]> } | undefined;
  if (st && (Array.isArray(st.kmem) || st.images)) {
    const cells: number[] = [];
    const mark = (pa: number, label: string) => {
      const f = Math.floor((pa - base) / 4096);
      if (f < 0 || f >= MAX_CELLS) return;
      while (cells.length <= f) cells.push(-1);
      cells[f] = ownerOf(label);
    };
    for (const e of st.kmem ?? []) for (const pa of e.frames ?? []) mark(pa, `kernel ${e.purpose}`);
    for (const [tid, regions] of Object.entries(st.images ?? {})) {
      const name = kn!.state.threads?.find((t) => t.tid === Number(tid))?.name ?? `#${tid}`;
      for (const r of regions) for (let pa = r.base; pa < r.base + r.size; pa += 4096) mark(pa, `${name} ${r.what}`);
    }
    if (cells.length) return { cells, owners, total, frameSize: 4096 };
  }
  // No inspector: what the page tables tell (frames mapped for user or kernel); the rest is unknown.
  const cells: number[] = [];
  if (typeof maps !== "string") {
    for (const m of maps) {
      for (let p = 0; p < m.pages && p < MAX_CELLS; p++) {
        const f = Math.floor((m.pa - base) / 4096) + p;
        if (f < 0 || f >= MAX_CELLS) continue;
        while (cells.length <= f) cells.push(-1);
        cells[f] = ownerOf(m.user ? "user" : "kernel");
      }
    }
  }
  return { cells, owners, total, frameSize: 4096 };
}

function threadView(t: { tid: number; name: string; status: string; priority?: number }): ThreadView {
  return { id: t.tid, name: t.name, priority: t.priority ?? 0, state: t.status };
}

/** The run queues as the panes and the dashboard show them: queues, and a length per queue with its name. */
export interface RunQueueData { queues: RunQueueView[]; lengths: number[]; labels: string[] }

interface LevelsInspection { running?: ThreadView | null; levels?: ThreadView[][] }

/**
 * Run queues from the kernel's "run-queues" inspector: either RunQueueView[]
 * (one per CPU), or chapter 03's { running, levels: ThreadView[][] } (one
 * queue per priority level); without one, chapter 01's threads as one queue.
 */
export function runQueueData(kn: Kernel | null): RunQueueData | undefined {
  if (!kn) return undefined;
  const q = inspect<RunQueueView[] | LevelsInspection>(kn, "run-queues");
  if (Array.isArray(q)) return { queues: q, lengths: q.map((x) => x.ready.length), labels: q.map((x) => `cpu ${x.cpu}`) };
  if (q && Array.isArray(q.levels)) {
    const ready = q.levels.flatMap((l, i) => l.map((t) => ({ ...t, priority: t.priority ?? i })));
    return { queues: [{ cpu: 0, current: q.running ?? undefined, ready }], lengths: q.levels.map((l) => l.length), labels: q.levels.map((_, i) => `level ${i}`) };
  }
  const threads = kn.state.threads;
  if (!Array.isArray(threads) || threads.length === 0) return undefined;
  const cur = threads.find((t) => t.tid === kn.state.current);
  const ready = threads.filter((t) => t.status === "runnable").map(threadView);
  return { queues: [{ cpu: 0, current: cur ? threadView(cur) : undefined, ready }], lengths: [ready.length], labels: ["ready"] };
}

export interface SectionsInput {
  board: Board;
  kernel: Kernel | null;
  /** The address whose walk the pane expands (default: the PC). */
  walk: bigint;
}

export interface KernelPaneData {
  kernel: KernelSections;
  regions: MemoryRegion[];
  frames: FrameMap;
}

/** Everything the kernel panes show, as plain data. */
export function kernelPaneData({ board, kernel, walk }: SectionsInput): KernelPaneData {
  const maps = mappings(board);
  const regions = typeof maps === "string" ? [] : regionsOfMappings(maps);
  const w = walkAddress(board, walk);
  const asid = board.mmu.asid;
  const root = board instanceof PcMachine ? board.sys.cr3 : Number(board.sys.ttbr0 & 0xfffffffff000n);
  const addressSpace: AddressSpaceView = {
    root: root.toString(16), asid, levels: w.levels, tlb: tlbEntries(board, 64),
    address: walk.toString(16), result: w.result, note: typeof maps === "string" ? maps : undefined,
  };
  const sections: KernelSections = { addressSpace };
  if (kernel) {
    const ev = Array.isArray(kernel.state.events) ? kernel.state.events : [];
    sections.events = ev.map((e): KernelEventView => ({ time: e.time, kind: String(e.kind), text: e.tid !== null && e.tid !== undefined ? `[${e.tid}] ${e.text}` : e.text }));
    sections.runQueues = runQueueData(kernel)?.queues;
    const ipc = inspect<IpcView>(kernel, "ipc");
    if (ipc && Array.isArray(ipc.endpoints)) sections.ipc = ipc;
  }
  const frames = frameMap(board, kernel, maps);
  if (typeof maps !== "string") {
    const base = board.mem.base;
    frames.violations = invariantViolations(maps, (pa) => {
      const c = frames.cells[Math.floor((pa - base) / 4096)];
      return c === undefined ? null : c < 0 ? "free" : frames.owners[c].label;
    });
  }
  return { kernel: sections, regions, frames };
}
