// Kernel stepping: what each pane shows, as styled lines (pure functions of
// the controller's view, tested without a terminal; tui/panes/Pane.tsx draws
// them).
//
//   source     the chapter's .ts file around the current line: "=>" and a
//              highlight on the line about to run, "●" on breakpoint lines
//   stack      the kernel's frames innermost first, then the trapped user
//              context (the CPU's pc and stack pointer, which the kernel has
//              not changed while it runs: the kernel is TypeScript)
//   locals     the selected frame's arguments and locals, described
//   registers  the CPU's registers now; yellow = changed since the last pause
//   memory     the user pages of the current address space, read from the
//              page tables in RAM (new ones first, marked +), and frames by owner
//   events     the kernel's last logged events

import type { MachineAtPause } from "../stepping/protocol";
import type { Line } from "../lines/line";
import { registerLines } from "../lines/registers";
import type { StepController, StepView } from "./controller";

const base = (file: string) => file.slice(file.lastIndexOf("/") + 1);

/** The source pane's lines, and the index of the current line (to scroll it into the middle). */
export function sourceLines(c: StepController): { title: string; lines: Line[]; current: number } {
  const site = c.site;
  if (site === null) {
    const v = c.view;
    const why = v.state === "exited" ? "the kernel has powered off" : v.state === "running" ? "the kernel is running (user mode included) until a breakpoint" : "";
    return { title: "Kernel source", lines: [[{ text: why, dim: true }]], current: 0 };
  }
  const text = c.source(site.file);
  const bps = c.breakpointLines(site.file);
  const numWidth = String(text.length).length;
  const lines: Line[] = text.map((t, i) => {
    const n = i + 1, here = n === site.line && c.view.state === "paused";
    return [
      { text: bps.has(n) ? "●" : " ", color: "red", bold: true },
      { text: here ? "=>" : "  ", color: "yellow", bold: true },
      { text: ` ${String(n).padStart(numWidth)} `, dim: !here },
      here ? { text: t.replace(/\t/g, "  ") || " ", inverse: true } : { text: t.replace(/\t/g, "  ") },
    ];
  });
  return { title: `${site.file}:${site.line}`, lines, current: site.line - 1 };
}

export function stackLines(v: StepView): Line[] {
  const out: Line[] = [];
  const stack = v.pause?.stack ?? [];
  if (v.state !== "paused") out.push([{ text: v.state === "exited" ? "(no kernel frames: the run has ended)" : "(running)", dim: true }]);
  stack.forEach((f, i) => {
    const at = f.at ?? f.enter;
    const sel = i === v.frame;
    out.push([
      { text: sel ? "> " : "  ", color: "cyan", bold: true },
      { text: `#${i} `, dim: true },
      { text: f.enter.fn, bold: sel, color: sel ? "cyan" : undefined },
      { text: `  ${base(at.file)}:${at.line}`, dim: true },
    ]);
  });
  if (v.machine) {
    const pc = v.arch === "x86_64" ? "rip" : "pc";
    const sp = v.arch === "x86_64" ? "rsp" : "sp";
    out.push([{ text: "── trapped user context ──", dim: true }]);
    const at = reg(v.machine, pc);
    if (at === undefined || BigInt(at) === 0n) out.push([{ text: "  (none: the kernel was entered at boot, not from a program)", dim: true }]);
    else out.push([{ text: `  ${pc} ${at}   ${sp} ${reg(v.machine, sp) ?? "?"}`, color: "green" }]);
  }
  return out;
}

export function localsLines(v: StepView): Line[] {
  const f = v.pause?.stack[v.frame];
  if (!f) return [[{ text: "(no frame)", dim: true }]];
  const names = Object.keys(f.locals);
  if (names.length === 0) return [[{ text: `${f.enter.fn}: no arguments or locals yet`, dim: true }]];
  const w = Math.min(12, Math.max(...names.map((n) => n.length)));
  return names.map((n) => [{ text: n.padEnd(w) + " ", color: "cyan" }, { text: "= ", dim: true }, { text: f.locals[n] }]);
}

export function stepRegisterLines(v: StepView, width: number): Line[] {
  if (!v.machine) return [[{ text: "(the registers are read at each pause)", dim: true }]];
  const prev = new Map(v.previous?.regs ?? []);
  const registers = v.machine.regs.map(([name, value]) => ({
    name, value: value.replace(/^0x/, "").padStart(16, "0"), changed: prev.size > 0 && prev.get(name) !== value,
  }));
  return registerLines({ registers, flags: [] }, width);
}

export function memoryLines(v: StepView): Line[] {
  const m = v.machine?.memory;
  if (!m) return [[{ text: "(read at each pause)", dim: true }]];
  const before = new Set((v.previous?.memory?.user ?? []).map((p) => `${p.va}>${p.pa}`));
  const fresh = v.previous?.memory ? m.user.filter((p) => !before.has(`${p.va}>${p.pa}`)) : [];
  const out: Line[] = [];
  out.push([{ text: `frames: ${m.framesUsed} of ${m.framesTotal} in use  `, bold: true },
    { text: m.frames.map((f) => `${f.owner} ${f.count}`).join(", "), dim: true }]);
  out.push([{ text: `user pages (from the page tables in RAM): ${m.user.length}${m.note ? ` — ${m.note}` : ""}`, bold: true }]);
  for (const p of fresh) out.push([{ text: `+ ${p.va} -> frame ${p.pa} ${p.rights}  new`, color: "green", bold: true }]);
  for (const p of m.user) if (!fresh.includes(p)) out.push([{ text: `  ${p.va} -> frame ${p.pa} ${p.rights}` }]);
  return out;
}

export function eventLines(v: StepView): Line[] {
  const ev = v.machine?.events ?? [];
  if (ev.length === 0) return [[{ text: "(no kernel events yet)", dim: true }]];
  return ev.map((e) => [{ text: `${e.time} `, dim: true }, { text: e.kind, color: "magenta" }, { text: ` ${e.text}` }]);
}

export function consoleLines(v: StepView): Line[] {
  return v.console.replace(/\n$/, "").split("\n").map((t) => [{ text: t }]);
}

/** The status line's last-event text: where the kernel is, or how the run ended. */
export function whereText(c: StepController): string {
  const v = c.view;
  if (v.message) return v.message;
  if (v.state === "exited") {
    const d = v.done!;
    return d.reason === "power-off" ? `power-off, status ${d.status} (q quits)` : `the run ended: ${d.reason}${d.error ? `: ${d.error}` : ""} (q quits)`;
  }
  if (v.state === "running") return "running…";
  const p = v.pause!;
  return `${base(p.site.file)}:${p.site.line} in ${p.site.fn} (${p.reason === "breakpoint" ? "breakpoint" : `step ${p.reason}`}, pause ${v.pauses})`;
}

function reg(m: MachineAtPause, name: string): string | undefined {
  return m.regs.find(([n]) => n === name)?.[1];
}
