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
