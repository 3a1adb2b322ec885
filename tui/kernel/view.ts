// A kernel session's DebugSnapshot: the CPU's registers and flags, the
// disassembly around the PC (through the page tables, without touching the
// TLB), the console, the status line, and the kernel panes' data
// (sections.ts). Plain data out; nothing here changes the machine.

import type { Arch } from "../../machine/core/cpu";
import type { ArchInfo } from "../../machine/arches";
import type { Kernel } from "../../chapters/01-boot/kernel/kernel";
import { SYSTEM_REGISTERS } from "./system-regs";
import { REGISTERS, decodeFlags, hex16 } from "../arch-view";
import { disasmWindow } from "../disasm-view";
import type { DebugSnapshot, DisasmLine, RunState, ViewRequest } from "../snapshot";
import type { SymbolTable } from "../symbols";
import type { Board, Engine } from "./engine";
import { readVirtual } from "./pagetables";
import { kernelPaneData } from "./sections";

export interface ViewSource {
  arch: Arch;
  info: ArchInfo;
  board: Board;
  engine: Engine;
  kernel: Kernel | null;
  symbols: SymbolTable;
  /** Register values now, and at the baseline "changed" compares with. */
  registers: bigint[];
  baseline: bigint[];
  breakpoints: Map<number, string | undefined>;
  eventBreaks: { id: bigint; label: string }[];
  walk: bigint | null;
  console: string;
  lastEvent: string;
  state: RunState;
  exitText?: string;
  chapter?: number;
}

function disassembly(src: ViewSource, view: ViewRequest): DisasmLine[] {
  const b = src.board, pc = b.cpu.getPc();
  if (b.halted || src.engine.atKernelEntry) {
    const text = b.halted ? "(idle: waiting for an interrupt)" : "(kernel entry: the next step runs the kernel's TypeScript handler)";
    return [{ address: BigInt.asUintN(64, pc).toString(16), bytes: "", text, isPc: true, breakpoint: false }];
  }
  return disasmWindow(src.info, (va, len) => readVirtual(b, va, len), src.symbols, Number(pc), view.disasmBefore, view.disasmAfter, new Set(src.breakpoints.keys()));
}

function newestKernelEvent(kn: Kernel | null): string | undefined {
  const ev = kn?.state.events;
  const e = Array.isArray(ev) ? ev[ev.length - 1] : undefined;
  return e ? `${e.kind}: ${e.text}` : undefined;
}

export function kernelSnapshot(src: ViewSource, view: ViewRequest): DebugSnapshot {
  const b = src.board, cpu = b.cpu, values = src.registers;
  const names = [...REGISTERS[src.arch].map((r) => r.name), ...SYSTEM_REGISTERS[src.arch].map((r) => r.name)];
  const registers = names.map((name, i) => ({ name, value: hex16(values[i]), changed: src.baseline[i] !== undefined && src.baseline[i] !== values[i] }));
  const pane = kernelPaneData({ board: b, kernel: src.kernel, walk: src.walk ?? cpu.getPc() });
  const mode = b.halted ? "idle" : src.engine.atKernelEntry ? "kernel" : "user";
  return {
    arch: src.arch,
    registers,
    pc: BigInt.asUintN(64, cpu.getPc()).toString(16),
    flags: decodeFlags(src.arch, cpu.getFlags()),
    disassembly: disassembly(src, view),
    console: src.console,
    status: {
      arch: src.arch, title: src.info.title, retired: cpu.retired, virtualTime: b.clock.now(),
      lastEvent: src.lastEvent, state: src.state, exitText: src.exitText,
      chapter: src.chapter !== undefined ? `chapter ${src.chapter}` : undefined, mode, kernelEvent: newestKernelEvent(src.kernel),
    },
    regions: pane.regions,
    frames: pane.frames,
    breakpoints: [
      ...[...src.breakpoints].map(([a, s]) => ({ address: a.toString(16), symbol: s })),
      ...src.eventBreaks.map((e) => ({ address: e.id.toString(16), symbol: e.label })),
    ],
    kernel: pane.kernel,
  };
}
