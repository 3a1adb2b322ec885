// Chapter 01's own part of the kernel state (kernel.ts explains the rule:
// plain data only, so the debugger can snapshot it with structuredClone).
// Later chapters add theirs the same way: declaration merging.

import type { KernelState } from "./kernel";

/** A stretch of physical memory a program owns in chapter 01 (no paging: its addresses are physical). */
export interface ImageRegion { base: number; size: number; what: "program" | "stack" }

/** Frames the kernel took for itself, by purpose ("kernel stack", "GDT/TSS/IDT", ...). */
export interface KmemEntry { purpose: string; frames: number[] }

declare module "./kernel" {
  interface KernelState {
    /** Kernel memory accounting: every frame the kernel allocated for itself, by purpose. */
    kmem: KmemEntry[];
    /** The early (bump) frame allocator: the usable regions and where the next frame comes from. */
    bump: { regions: { base: number; end: number }[]; region: number; next: number };
    /** What each thread's program occupies in physical memory (the write() range check reads it). */
    images: Record<number, ImageRegion[]>;
    /** Programs still to start, in order (boot modules' names, from `run=` or all modules). */
    runList: string[];
    /** The console is up (the UART programmed): kprint may hand bytes to it. */
    consoleUp: boolean;
    /** Problems with the boot input (e.g. the command line) to print once the console is up. */
    bootWarnings: string[];
    /** The trap vectors are installed: the kernel can wait for an interrupt. */
    trapsUp: boolean;
  }
}

export function initState(s: KernelState): void {
  s.chapter = 1;
  s.seed = 0;
  s.events = [];
  s.console = { out: [], input: [] };
  s.threads = [];
  s.current = null;
  s.nextTid = 1;
  s.shutdown = null;
  s.panicked = null;
  s.kmem = [];
  s.bump = { regions: [], region: 0, next: 0 };
  s.images = {};
  s.runList = [];
  s.consoleUp = false;
  s.trapsUp = false;
  s.bootWarnings = [];
}
