// How chapters build on each other (ARCHITECTURE.md, "How chapters build on
// each other"). Chapter N's kernel is the layers of chapters 01..N, applied
// in order to one KernelBuilder. A layer is its chapter's
// `kernel/index.ts`, exporting `install(b: KernelBuilder)`, which may:
//
//   - add boot steps (named, in order; a later layer can put one before or
//     after an earlier one's);
//   - wrap an extension point (a hook, kernel.ts `Hooks`): the wrapper gets
//     the earlier behaviour and returns the new one, so a later chapter adds
//     to chapter 01's code without copying or editing it;
//   - handle a trap kind, register system calls, add initial state and
//     debugger data sources.
//
// The generated entry of a chapter build (course/chapter-build.ts) is:
//
//   import { install as boot } from "chapters/01-boot/kernel";
//   import { install as memory } from "chapters/02-memory/kernel";
//   export const { main, current } = buildKernel([boot, memory]);
//
// `main` is what the firmware starts; `current()` hands the running Kernel
// to a test or the debugger (they read it; they never change it).

import type { Arch } from "../../../machine/core/cpu";
import type { KernelMode, Trap, TrapKind } from "../../../machine/kernel-mode";
import type { Hal } from "./hal/hal";
import type { Hooks, Kernel, KernelState } from "./kernel";

export type TrapFn = (kn: Kernel, trap: Trap) => void;
export type SyscallFn = (kn: Kernel, args: bigint[]) => bigint;
export type BootStep = (kn: Kernel) => void;

export interface KernelBuilder {
  /** The HAL for each arch (chapter 01 provides both). */
  setHal(hals: Record<Arch, Hal>): void;
  /** Fill in this layer's part of the initial state (runs before the boot steps, in layer order). */
  initState(fn: (s: KernelState) => void): void;
  /** A boot step, run once at power-on in order; `where` places it before or after an earlier step. */
  bootStep(name: string, fn: BootStep, where?: { before?: string; after?: string }): void;
  /** Replace an extension point with `wrapper(earlier)`. */
  wrap<K extends keyof Hooks>(name: K, wrapper: (earlier: Hooks[K]) => Hooks[K]): void;
  /** Handle a trap kind; `earlier` is the handler an earlier layer installed for it (or the default). */
  onTrap(kind: TrapKind, fn: (kn: Kernel, trap: Trap, earlier: TrapFn) => void): void;
  /** A system call by number (toolchain/libc/include/minos/syscall.h); a later layer may replace one. */
  syscall(nr: number, name: string, fn: SyscallFn): void;
  /** A data source for the debugger's panes ("frames", "address-space", "run-queues", ...). */
  inspect(name: string, fn: (kn: Kernel) => unknown): void;
}

/** What a built kernel keeps besides its hooks: trap handlers, the system-call table, inspectors, boot steps. */
export interface KernelTables {
  traps: Map<TrapKind, TrapFn>;
  syscalls: Map<number, { name: string; fn: SyscallFn }>;
  inspectors: Map<string, (kn: Kernel) => unknown>;
  bootSteps: { name: string; fn: BootStep }[];
}

export type Layer = (b: KernelBuilder) => void;

export interface BuiltKernel {
  /** The firmware's entry: the first call boots; the kernel installs its own entries for every later event. */
  main(k: KernelMode): void;
  /** The kernel booted by this image, once main has run (for tests and the debugger; read-only). */
  current(): Kernel | null;
  /** The layers' tables as built, before boot (for tests of the build itself). */
  tables: KernelTables;
}

/** The panic every kernel has before chapter 01 installs its own: no console yet, so rethrow. */
const noHooks = (what: string) => () => { throw new Error(`kernel: no ${what} installed (chapter 01's layer sets it)`); };

export function buildKernel(layers: Layer[]): BuiltKernel {
  const tables: KernelTables = { traps: new Map(), syscalls: new Map(), inspectors: new Map(), bootSteps: [] };
  const hooks = {
    trap: noHooks("trap hook"), irq: noHooks("irq hook"), syscall: noHooks("syscall hook"), spawn: noHooks("spawn hook"),
    threadExit: noHooks("threadExit hook"), schedule: noHooks("schedule hook"), userFault: noHooks("userFault hook"),
    allocFrame: noHooks("allocFrame hook"), kva: noHooks("kva hook"), panic: noHooks("panic hook"),
  } as unknown as Hooks;
  const states: ((s: KernelState) => void)[] = [];
  let hals: Record<Arch, Hal> | null = null;

  const b: KernelBuilder = {
    setHal(h) { hals = h; },
    initState(fn) { states.push(fn); },
    bootStep(name, fn, where = {}) {
      if (tables.bootSteps.some((s) => s.name === name)) throw new Error(`kernel build: boot step '${name}' is defined twice`);
      const anchor = where.before ?? where.after;
      let at = tables.bootSteps.length;
      if (anchor !== undefined) {
        const i = tables.bootSteps.findIndex((s) => s.name === anchor);
        if (i < 0) throw new Error(`kernel build: boot step '${name}' is placed relative to '${anchor}', which no earlier layer defines`);
        at = where.before !== undefined ? i : i + 1;
      }
      tables.bootSteps.splice(at, 0, { name, fn });
    },
    wrap(name, wrapper) { (hooks as unknown as Record<string, unknown>)[name] = wrapper(hooks[name]); },
    onTrap(kind, fn) {
      const earlier = tables.traps.get(kind) ?? ((kn: Kernel, trap: Trap) => kn.hooks.userFault(kn, trap));
      tables.traps.set(kind, (kn, trap) => fn(kn, trap, earlier));
    },
    syscall(nr, name, fn) { tables.syscalls.set(nr, { name, fn }); },
    inspect(name, fn) { tables.inspectors.set(name, fn); },
  };
  for (const layer of layers) layer(b);

  let kernel: Kernel | null = null;
  return {
    tables,
    current: () => kernel,
    main(k) {
      if (hals === null) throw new Error("kernel build: no HAL (chapter 01's layer must come first)");
      const hal = hals[k.arch];
      const state = { arch: k.arch } as KernelState;
      for (const fn of states) fn(state);
      kernel = { arch: k.arch, hal, state, hooks, k, tables };
      // A boot step that throws is a kernel bug: panic (which ends this first handler) and run no more steps.
      for (const step of tables.bootSteps) {
        try { step.fn(kernel); } catch (err) {
          hooks.panic(kernel, `boot step '${step.name}': ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
      }
    },
  };
}
