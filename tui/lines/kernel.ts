// The kernel pane: run queues and IPC, filled in by the chapters (03 and 04).
// A user-mode Linux run has no kernel of ours, so it says so.

import type { KernelSections } from "../snapshot";
import type { Line } from "./line";

export function hasKernelData(k: KernelSections): boolean {
  return !!(k.runQueues?.length || k.ipc || k.addressSpace || k.events?.length);
}

export function kernelLines(k: KernelSections): Line[] {
  if (!hasKernelData(k)) return [[{ text: "no MinOS kernel in this run (user-mode Linux emulation)", dim: true }]];
  const lines: Line[] = [];
  for (const q of k.runQueues ?? []) {
    lines.push([{ text: `cpu ${q.cpu} `, bold: true }, { text: `running ${q.current ? `${q.current.name}#${q.current.id}` : "idle"}` }]);
    lines.push([{ text: "  ready: " + (q.ready.map((t) => `${t.name}#${t.id}(p${t.priority})`).join(" ") || "-") }]);
  }
  if (k.ipc) {
    lines.push([{ text: "endpoints", bold: true }]);
    for (const e of k.ipc.endpoints) lines.push([{ text: `  ep${e.id} senders [${e.senders.join(",")}] receivers [${e.receivers.join(",")}]` }]);
    lines.push([{ text: "messages", bold: true }]);
    for (const m of k.ipc.log.slice(-20)) lines.push([{ text: `  t=${m.time} ${m.from}->${m.to} ep${m.endpoint} ${m.label} ${m.words.join(" ")}` }]);
  }
  if (k.addressSpace) {
    lines.push([{ text: `address space root ${k.addressSpace.root}${k.addressSpace.asid !== undefined ? ` asid ${k.addressSpace.asid}` : ""}`, bold: true }]);
    for (const l of k.addressSpace.levels) lines.push([{ text: `  L${l.level}[${l.index}] = ${l.entry} ${l.flags}` }]);
  }
  for (const e of (k.events ?? []).slice(-20)) lines.push([{ text: `t=${e.time} ${e.kind}: ${e.text}` }]);
  return lines;
}

// ---- The kernel session's own panes (tui/kernel-session.ts) ----

/** The address-space pane: the root, one address walked level by level, and the TLB. */
export function addressSpaceLines(k: KernelSections): Line[] {
  const a = k.addressSpace;
  if (!a) return [[{ text: "no address space yet", dim: true }]];
  const lines: Line[] = [[{ text: `root ${a.root}`, bold: true }, { text: a.asid !== undefined ? `  asid ${a.asid}` : "", dim: true }]];
  if (a.note) lines.push([{ text: a.note, color: "yellow" }]);
  if (a.address !== undefined) lines.push([{ text: `walk 0x${a.address} `, bold: true }, { text: "(w: another address)", dim: true }]);
  for (const l of a.levels) lines.push([{ text: `  L${l.level}[${String(l.index).padStart(3)}] `, dim: true }, { text: l.entry.padEnd(20) }, { text: ` ${l.flags}`, color: "cyan" }]);
  if (a.result) lines.push([{ text: `  ${a.result}`, color: a.result.startsWith("fault") ? "red" : "green" }]);
  const tlb = a.tlb ?? [];
  lines.push([{ text: `TLB (${tlb.length} entries in this context)`, bold: true }]);
  for (const t of tlb) lines.push([{ text: `  ${t.va.padStart(16)} -> ${t.pa.padStart(9)} ` }, { text: t.flags, color: "cyan" }]);
  return lines;
}

const KIND_COLOR: Record<string, string> = { syscall: "green", fault: "red", "page-fault": "red", irq: "yellow", switch: "magenta", ipc: "cyan", panic: "redBright", exit: "blue", boot: "white" };

/** The kernel-events pane: run queues and IPC when a chapter has them, then the event log, newest last. */
export function eventsLines(k: KernelSections): Line[] {
  const lines: Line[] = [];
  for (const q of k.runQueues ?? []) {
    lines.push([{ text: `cpu ${q.cpu} `, bold: true }, { text: `running ${q.current ? `${q.current.name}#${q.current.id}` : "idle"}` },
      { text: "  ready: " + (q.ready.map((t) => `${t.name}#${t.id}(p${t.priority})`).join(" ") || "-"), dim: true }]);
  }
  if (k.ipc) {
    for (const e of k.ipc.endpoints) lines.push([{ text: `ep${e.id} `, bold: true }, { text: `senders [${e.senders.join(",")}] receivers [${e.receivers.join(",")}]` }]);
    for (const m of k.ipc.log.slice(-10)) lines.push([{ text: `  t=${m.time} ${m.from}->${m.to} ep${m.endpoint} ${m.label} ${m.words.join(" ")}`, color: "cyan" }]);
  }
  const ev = k.events ?? [];
  if (ev.length === 0) lines.push([{ text: "no kernel events yet", dim: true }]);
  for (const e of ev) lines.push([{ text: `${String(e.time).padStart(9)} `, dim: true }, { text: e.kind.padEnd(8), color: KIND_COLOR[e.kind] }, { text: ` ${e.text}` }]);
  return lines;
}
