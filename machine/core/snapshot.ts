// Snapshots of the whole machine: RAM by copy-on-write, devices and the
// clock by their save()/restore(), CPUs by theirs. The debugger's reverse step
// keeps one every N events and goes back to the nearest; the grader keeps one
// at a failure to replay it.
//
// RAM: deltas, not copies. Taking a snapshot copies nothing. It starts a new
// *generation*: PhysMem.gen goes up (so every frame's `cowGen` is stale) and
// every Mmu drops its write TLB entries. The first write to a frame after
// that - a CPU store refilling its write entry, a device's DMA, a loader -
// calls PhysMem.preserve, which copies the frame's 4 KiB as they were (its
// *pre-image*) into the newest snapshot's delta. Later writes to the frame
// hit the TLB and pay nothing. A snapshot therefore costs 4 KiB per frame
// written while it was the newest, and the CPU's store fast path is unchanged.
//
// A chain (a tree, after restores) of snapshots, restorable in any order.
// Snapshots form a tree whose root is the *current* snapshot, the one whose
// delta is filling up: its delta holds, for each frame written since, the
// contents at the time it was taken, so "root state = live RAM with its delta
// copied back". Every other snapshot's delta is relative to its parent: its
// state is its parent's state with its own delta copied on top. To restore
// snapshot S we first undo the root's delta (live RAM = root state), then
// walk from the root down to S, and at each step *swap* the child's delta
// with the RAM frames it names: RAM becomes the child's state and the delta
// now holds the parent's contents, i.e. the parent's delta relative to the
// child, and the edge is reversed. When S is reached it is the root, and all
// other snapshots still describe the same states. (This is Henry Baker's
// "rerooting" of persistent arrays, 1978/1991, done a page at a time.)
// Swapping moves buffers, never grows memory, and touches only frames that
// differ along the path. Pages a delta no longer needs (the live state thrown
// away by a restore, released snapshots) go back to PhysMem for reuse.
//
// Everything here is in-process: device save() data is plain, but the clock's
// event queue keeps its event objects (their closures), and the RAM deltas
// live in this tree. Saving a machine to a file is a different feature.

import { PAGE_SHIFT, PAGE_SIZE, type PhysMem } from "./physmem";
import { fnv64, type Hash64 } from "./hash";

/** One RAM snapshot: a node of the tree. */
export class RamSnapshot {
  /** Frame -> its contents in this snapshot, for the frames where they differ from the parent's (the root's: from live RAM). */
  delta = new Map<number, Uint8Array>();
  parent: RamSnapshot | null = null;
  readonly children = new Set<RamSnapshot>();
  released = false;
  constructor(readonly id: number) {}
}

export class RamHistory {
  private root: RamSnapshot | null = null;
  private nextId = 1;
  private readonly scratch = new Uint8Array(PAGE_SIZE);
  /** Live snapshots (not yet released), for statistics. */
  private readonly live = new Set<RamSnapshot>();

  constructor(readonly mem: PhysMem) {
    if (mem.preImages !== null) throw new Error("this PhysMem already has a RamHistory");
  }

  /** Take a snapshot of RAM now: O(TLB size), copies no RAM. */
  take(): RamSnapshot {
    const s = new RamSnapshot(this.nextId++);
    const old = this.root;
    if (old !== null) { old.parent = s; s.children.add(old); } // old's delta is relative to live RAM = s
    this.root = s;
    this.live.add(s);
    this.startGeneration();
    this.prune(old);
    return s;
  }

  /**
   * Make RAM exactly what it was when `s` was taken. Frames that change drop
   * their decoded code (codeWritten); every Mmu's TLB is flushed, since page
   * tables live in RAM. Snapshots taken after `s` stay restorable.
   */
  restore(s: RamSnapshot): void {
    if (s.released) throw new Error(`snapshot ${s.id} was released`);
    let top = s;
    while (top.parent !== null) top = top.parent;
    if (top !== this.root) throw new Error(`snapshot ${s.id} belongs to another machine's RAM`);
    const mem = this.mem, touched = new Set<number>();
    const root = this.root;
    // 1. Live RAM back to the root's state; the root's delta empties.
    for (const [f, img] of root.delta) { mem.bytes.set(img, f << PAGE_SHIFT); touched.add(f); mem.recycle(img); }
    root.delta = new Map();
    // 2. The path from s up to the root, then reroot step by step from the top.
    const path: RamSnapshot[] = [];
    for (let x: RamSnapshot | null = s; x !== null; x = x.parent) path.push(x);
    for (let i = path.length - 2; i >= 0; i--) {
      const x = path[i], y = path[i + 1];                      // y is the root: RAM holds y's state
      for (const [f, img] of x.delta) { this.swap(f, img); touched.add(f); }
      y.delta = x.delta; y.parent = x; x.children.add(y); y.children.delete(x);
      x.delta = new Map(); x.parent = null;
    }
    this.root = s;
    this.startGeneration();
    for (const f of touched) if (mem.codeMap[f] !== 0) mem.codeWritten(f);
    for (const m of mem.mmus) m.flushAll();
    for (const x of path) this.prune(x);
  }

  /**
   * Forget `s`: its memory goes once no other snapshot's state depends on it
   * (a snapshot with two or more others hanging off it, or the current one,
   * stays as an inner node until that changes).
   */
  release(s: RamSnapshot): void {
    if (s.released) return;
    s.released = true;
    this.live.delete(s);
    this.prune(s);
  }

  /** Bytes held in deltas, frames saved, and live snapshots: memory is proportional to frames written. */
  stats(): { snapshots: number; nodes: number; frames: number; bytes: number } {
    let frames = 0, nodes = 0;
    const seen = new Set<RamSnapshot>();
    const visit = (n: RamSnapshot) => {
      if (seen.has(n)) return;
      seen.add(n); nodes++; frames += n.delta.size;
      for (const c of n.children) visit(c);
    };
    if (this.root !== null) visit(this.root);
    return { snapshots: this.live.size, nodes, frames, bytes: frames * PAGE_SIZE };
  }

  /** The snapshot the machine's RAM descends from (the one last taken or restored). */
  get current(): RamSnapshot | null { return this.root; }

  private startGeneration(): void {
    const mem = this.mem;
    mem.gen = (mem.gen + 1) >>> 0;
    if (mem.gen === 0) { mem.cowGen.fill(0); mem.gen = 1; }   // 2^32 snapshots: start the counter over
    mem.preImages = this.root!.delta;
    for (const m of mem.mmus) m.dropWrites();
  }

  /** Give `delta`'s pages back to PhysMem, except those now owned by `keptBy`. */
  private free(delta: Map<number, Uint8Array>, keptBy: Map<number, Uint8Array> | null): void {
    for (const [f, img] of delta) if (keptBy === null || keptBy.get(f) !== img) this.mem.recycle(img);
  }

  private swap(f: number, img: Uint8Array): void {
    const at = f << PAGE_SHIFT, ram = this.mem.bytes.subarray(at, at + PAGE_SIZE);
    this.scratch.set(ram); ram.set(img); img.set(this.scratch);
  }

  /** Remove a released node that no state depends on any more, or splice one with a single child. */
  private prune(n: RamSnapshot | null): void {
    while (n !== null && n.released && n !== this.root && n.children.size <= 1) {
      const p = n.parent!;
      p.children.delete(n);
      if (n.children.size === 1) {
        const c = n.children.values().next().value!;
        for (const [f, img] of n.delta) if (!c.delta.has(f)) c.delta.set(f, img);
        c.parent = p; p.children.add(c);
        this.free(n.delta, c.delta);
      } else {
        this.free(n.delta, null);
      }
      n.delta = new Map(); n.parent = null; n.children.clear();
      n = p;
    }
    const r = this.root;
    if (r !== null && r.released && r.children.size === 0 && this.mem.preImages !== null) {
      this.free(r.delta, null); r.delta = new Map();
      this.mem.preImages = null;                                // nobody needs pre-images until the next take()
    }
  }

}

// ---- The whole machine ----

/** Anything with plain-data save() and restore(): devices, CPUs. */
export interface Saveable<S = unknown> { save(): S; restore(s: S): void }

/** The clock's side (DeviceClock has this shape). */
export interface ClockLike<S = unknown> extends Saveable<S> { now(): number }

export interface MachineParts {
  mem: PhysMem;
  clock?: ClockLike;
  /** Devices by name, restored in this order. */
  devices?: Record<string, Saveable>;
  /** Interrupt controllers (GIC, IOAPIC, local APIC): restored after the devices, whose lines they listen to. */
  controllers?: Record<string, Saveable>;
  /** CPUs (their helpers add save/restore of registers, retired count and privilege state). */
  cpus?: Saveable[];
}

export interface MachineSnapshot {
  readonly ram: RamSnapshot;
  readonly clock: unknown;
  readonly devices: Record<string, unknown>;
  readonly controllers: Record<string, unknown>;
  readonly cpus: unknown[];
  /** Virtual time when taken (for the debugger's timeline). */
  readonly time: number;
}

/** Snapshots of a machine's RAM, clock, devices and CPUs together. */
export class MachineSnapshots {
  readonly ram: RamHistory;

  constructor(readonly parts: MachineParts) {
    this.ram = new RamHistory(parts.mem);
  }

  take(): MachineSnapshot {
    const p = this.parts;
    return {
      ram: this.ram.take(),
      clock: p.clock ? p.clock.save() : null,
      devices: saveAll(p.devices), controllers: saveAll(p.controllers),
      cpus: (p.cpus ?? []).map((c) => c.save()),
      time: p.clock ? p.clock.now() : 0,
    };
  }

  /** Back to `s`: RAM, the clock's events, devices, then controllers, then CPUs. */
  restore(s: MachineSnapshot): void {
    const p = this.parts;
    this.ram.restore(s.ram);
    if (p.clock) p.clock.restore(s.clock);
    restoreAll(p.devices, s.devices);
    restoreAll(p.controllers, s.controllers);
    (p.cpus ?? []).forEach((c, i) => c.restore(s.cpus[i]));
  }

  release(s: MachineSnapshot): void { this.ram.release(s.ram); }

  /** A 64-bit fingerprint of the machine now: RAM, devices, controllers, CPUs and the time. */
  hash(): Hash64 { return hashMachine(this.parts); }
}

function saveAll(parts: Record<string, Saveable> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, d] of Object.entries(parts ?? {})) out[k] = d.save();
  return out;
}

function restoreAll(parts: Record<string, Saveable> | undefined, saved: Record<string, unknown>): void {
  for (const [k, d] of Object.entries(parts ?? {})) {
    if (!(k in saved)) throw new Error(`snapshot has no state for ${k}`);
    d.restore(saved[k]);
  }
}

/**
 * Fingerprint a machine's state to compare two runs (determinism checks):
 * RAM, every device's and CPU's save() data, and virtual time. Two machines
 * with equal hashes are, with overwhelming likelihood, in the same state.
 */
export function hashMachine(p: MachineParts): Hash64 {
  const h = fnv64();
  h.words(new Int32Array(p.mem.bytes.buffer, p.mem.bytes.byteOffset, p.mem.size >>> 2));
  h.value(p.clock ? p.clock.now() : 0);
  h.value(saveAll(p.devices));
  h.value(saveAll(p.controllers));
  h.value((p.cpus ?? []).map((c) => c.save()));
  return h.digest();
}
