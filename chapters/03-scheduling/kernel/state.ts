// Chapter 03's part of the kernel state: the scheduler's queues
// (policy.ts), what each thread waits for and how much CPU it has had, the
// processes and their parent/child links, and the cost of context
// switches. Plain data, like all kernel state (chapters/01-boot/kernel/kernel.ts).

import type { KernelState } from "../../01-boot/kernel/kernel";
import { newSchedState, type SchedState } from "./policy";

/** What a blocked thread waits for. */
export type Wait =
  | { kind: "sleep"; until: number }
  | { kind: "input" }
  | { kind: "child"; pid: number };

export interface ThreadInfo {
  /** The process it belongs to. */
  pid: number;
  /** Virtual ticks it has run in user mode and in the kernel on its behalf. */
  cpu: number;
  waiting: Wait | null;
  /** When console input it waited for arrived (for the response-time figures), or -1. */
  inputAt: number;
}

export interface Process {
  pid: number;
  /** The parent's pid, or 0 for the first programs (started by the kernel). */
  parent: number;
  name: string;
  threads: number[];
  /** Set when its last thread has ended; the process is a zombie until its parent waits for it. */
  exitStatus: number | null;
}

export interface SwitchStats {
  /** Context switches (the CPU went from one thread to another). */
  switches: number;
  /** Of those, how many changed address space (CR3 / TTBR0 with the new PCID / ASID, no TLB flush). */
  spaceSwitches: number;
  /** Register state saved and restored by switches, in bytes. */
  bytesMoved: number;
  /** Ticks from console input arriving to the reading thread getting it, the last 64. */
  inputLatency: number[];
  /** Longest time a runnable thread waited for the CPU. */
  longestWait: number;
}

declare module "../../01-boot/kernel/kernel" {
  interface KernelState {
    sched: SchedState;
    tinfo: Record<number, ThreadInfo>;
    processes: Record<number, Process>;
    /** The thread on the CPU and since when; `preempt` asks the next schedule() to take the CPU away from it. */
    running: { tid: number | null; since: number; preempt: boolean };
    switchStats: SwitchStats;
  }
}

export function initSchedState(s: KernelState): void {
  s.chapter = 3;
  s.sched = newSchedState(0);
  s.tinfo = {};
  s.processes = {};
  s.running = { tid: null, since: 0, preempt: false };
  s.switchStats = { switches: 0, spaceSwitches: 0, bytesMoved: 0, inputLatency: [], longestWait: 0 };
}
