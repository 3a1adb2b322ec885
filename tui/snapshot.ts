// What the debugger shows, as plain data.
//
// Data flows one way: machine -> session -> snapshot -> UI. A session (the
// user-mode Linux one today, a chapter's kernel session later) turns the
// machine's state into a DebugSnapshot; the Ink panes only read snapshots.
// Nothing here holds a reference into a CPU, so a snapshot can be kept,
// compared with the previous one, or rendered in a test without a machine.
//
// The kernel chapters only ADD data: `kernel` is optional and empty for a
// user-mode Linux run; chapter 2 fills `kernel.addressSpace`, chapter 3 the
// run queues, chapter 4 the IPC endpoints and message log.

import type { Arch } from "../machine/core/cpu";

/** One register as the registers pane shows it. */
export interface RegisterView {
  name: string;
  /** Hex digits without 0x, zero-padded to the register's width. */
  value: string;
  /** True if the last step or run changed it. */
  changed: boolean;
}

/** One decoded flag (CF, ZF, N, Z, ...). */
export interface FlagView { name: string; set: boolean }

/** One line of the disassembly pane. */
export interface DisasmLine {
  /** The instruction's address as 0x-less hex. */
  address: string;
  /** Its bytes as "48 89 e5". */
  bytes: string;
  /** The instruction as objdump prints it. */
  text: string;
  /** The symbol starting at this address, if any ("main"). */
  symbol?: string;
  isPc: boolean;
  breakpoint: boolean;
}

/** A run of mapped pages with the same permissions, in the current address space. */
export interface MemoryRegion {
  start: string;
  /** One past the last byte. */
  end: string;
  pages: number;
  /** "r-x", "rw-", ... */
  flags: string;
  /** What it is, where the session knows ("text", "stack", "heap", "mmap"). */
  label: string;
}

/** Physical frames, one entry per frame, by owner (WeensyOS-style map). */
export interface FrameMap {
  /** Owner index into `owners` for frames [0, shown); -1 is free. */
  cells: number[];
  /** Owners by index: a label and a colour name the UI understands. */
  owners: { label: string; color: string }[];
  /** Frames the machine has in all (cells covers only the first, interesting, part). */
  total: number;
  frameSize: number;
  /** Page-table invariants the current address space breaks (tui/kernel/invariants.ts); absent when not checked. */
  violations?: string[];
}

export type RunState = "paused" | "running" | "exited";

export interface StatusView {
  arch: Arch;
  /** The arch's title ("x86_64", "AArch64"). */
  title: string;
  retired: number;
  /** Virtual time: retired instructions (no devices in a user-mode run). */
  virtualTime: number;
  lastEvent: string;
  state: RunState;
  /** "exit status 0", "segmentation fault ..." once exited. */
  exitText?: string;
  /** A chapter's kernel: "chapter 2". */
  chapter?: string;
  /** Where the CPU is: in a user program, about to enter the kernel, or idle (kernel sessions only). */
  mode?: "user" | "kernel" | "idle";
  /** The kernel's newest logged event ("syscall: write(1, ...) = 3"), kernel sessions only. */
  kernelEvent?: string;
}

// ---- Kernel sections (typed now; filled by the chapters) ----

export interface ThreadView { id: number; name: string; priority: number; state: string }
export interface RunQueueView { cpu: number; current?: ThreadView; ready: ThreadView[] }
export interface EndpointView { id: number; senders: number[]; receivers: number[] }
export interface IpcMessageView { time: number; from: number; to: number; endpoint: number; label: string; words: string[] }
export interface IpcView { endpoints: EndpointView[]; log: IpcMessageView[] }
/** One page-table level entry on the path to an address, for the address-space pane. */
export interface PageTableLevelView { level: number; index: number; entry: string; flags: string }
export interface AddressSpaceView {
  /** The root table's physical address (CR3 / TTBR0_EL1), 0x-less hex. */
  root: string;
  asid?: number;
  /** The walk of `address`, level by level, as the machine's walker sees it. */
  levels: PageTableLevelView[];
  /** The TLB's entries for the current context (R, W, X sets merged; G = global). */
  tlb?: { va: string; pa: string; flags: string }[];
  /** The address walked (0x-less hex) and where it ends ("-> 0x2003000 (4 KiB page)" or the fault). */
  address?: string;
  result?: string;
  /** Why there are no mappings ("paging is off"), if so. */
  note?: string;
}
export interface KernelEventView { time: number; kind: string; text: string }

/**
 * What a kernel's "frames" inspector returns (builder.ts `inspect("frames", ...)`):
 * the owner of every physical frame, indexed by frame number counted from
 * the start of RAM ("kernel", "page table", "user", a program's name...);
 * "free" or "" for a free frame. Frames past the end of the array are free.
 */
export interface FramesInspection {
  owners: string[];
  /** Physical address of owners[0], if not the start of RAM. */
  base?: number;
}

export interface KernelSections {
  runQueues?: RunQueueView[];
  ipc?: IpcView;
  addressSpace?: AddressSpaceView;
  events?: KernelEventView[];
}

export interface DebugSnapshot {
  arch: Arch;
  registers: RegisterView[];
  /** The program counter, 0x-less hex. */
  pc: string;
  flags: FlagView[];
  disassembly: DisasmLine[];
  /** Everything the program wrote to stdout and stderr so far. */
  console: string;
  status: StatusView;
  regions: MemoryRegion[];
  frames: FrameMap;
  breakpoints: { address: string; symbol?: string }[];
  /** Empty for a user-mode Linux run. */
  kernel: KernelSections;
}

/** How much the UI will show, so a snapshot holds only visible lines. */
export interface ViewRequest {
  /** Disassembly lines before and after the PC's line. */
  disasmBefore: number;
  disasmAfter: number;
}

export const DEFAULT_VIEW: ViewRequest = { disasmBefore: 6, disasmAfter: 20 };
