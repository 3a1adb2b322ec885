// The kernel debugger's session on a real board booted by the real firmware:
// stepping (an instruction, or a whole kernel entry), stepping to kernel
// events, breakpoints on symbols / event kinds / a faulting page, and
// reverse steps that restore the machine AND the kernel's state exactly.
// The kernel is tests/tui/kernel-fixture.ts until chapter 01 lands.
import { describe, expect, it } from "vitest";
import { readElf, readSymbols } from "../../toolchain/elf/read";
import { KernelSession } from "../../tui/kernel-session";
import { fixtureKernel, fixtureProgram } from "./kernel-fixture";

const ARCHES = ["x86_64", "arm64"] as const;

function session(arch: (typeof ARCHES)[number], opts: { checkpointEvery?: number; withFrames?: boolean } = {}): KernelSession {
  const prog = fixtureProgram(arch);
  return new KernelSession({ arch, kernel: fixtureKernel(arch, prog, { withFrames: opts.withFrames }), modules: [{ name: "prog", bytes: prog }],
    chapter: 1, checkpointEvery: opts.checkpointEvery ?? 50, ramSize: 16 << 20 });
}

function symbol(arch: (typeof ARCHES)[number], name: string): number {
  const s = readSymbols(readElf(fixtureProgram(arch))).find((x) => x.name === name);
  return Number(s!.value);
}

describe.each(ARCHES)("kernel session on %s", (arch) => {
  it("the first step runs the kernel's boot entry; the next ones run user instructions", () => {
    const s = session(arch);
    expect(s.snapshot().status.chapter).toBe("chapter 1");
    expect(s.snapshot().status.mode).toBe("kernel");
    s.step();
    const k = s.kernel!;
    expect(k.state.events[0].kind).toBe("boot");
    const snap = s.snapshot();
    expect(snap.status.mode).toBe("user");
    expect(snap.pc).toBe(symbol(arch, "_start").toString(16));       // the ELF's entry, from its symbol table
    expect(snap.disassembly.find((l) => l.isPc)?.symbol).toBe("_start");
    const r0 = s.retired;
    s.step();
    expect(s.retired).toBe(r0 + 1);
  });

  it("n runs to the next kernel event: the write system call, whose bytes reach the UART", () => {
    const s = session(arch);
    const why = s.stepToEvent();
    expect(why).toMatch(/the boot entry ran \(start handler ran; kernel: boot: fixture kernel booting/);
    expect(s.stepToEvent()).toMatch(/syscall handler ran; kernel: syscall: write\(1, 0x[0-9a-f]+, 3\) = 3/);
    expect(s.snapshot().kernel.events!.at(-1)!.kind).toBe("syscall");
    s.stepToEvent();                                                    // the UART sends in virtual time: by now the first byte is out
    expect(s.snapshot().console).toMatch(/ebx=0x[0-9a-f]+\nh|x3=0x[0-9a-f]+\nh/);   // after the firmware's last line
  });

  it("breakpoints: a symbol, a kernel event kind, a faulting page; bad specs say what works", () => {
    const s = session(arch);
    s.addBreakpoint("square");
    expect(s.continue()).toMatch(/breakpoint at square/);
    expect(Number(s.board.cpu.getPc())).toBe(symbol(arch, "square"));
    expect((s.kernel!.state as unknown as { faults: number }).faults).toBe(1);   // the demand fault came first

    const t = session(arch);
    t.addBreakpoint("page-fault");
    expect(t.continue()).toMatch(/breakpoint: page-fault \(page fault at 0x600000/);
    expect((t.kernel!.state as unknown as { faults: number }).faults).toBe(1);

    const u = session(arch);
    u.addBreakpoint("fault 0x700000");                                  // never faults there: runs to the end
    expect(u.continue()).toMatch(/powered the machine off \(status 9\)/);
    const v = session(arch);
    const id = v.addBreakpoint("fault 0x600123");                        // anywhere in the page
    expect(v.snapshot().breakpoints.map((b) => b.symbol)).toContain("page fault in 0x600000");
    expect(v.continue()).toMatch(/breakpoint: page fault in 0x600000/);
    expect(v.removeBreakpoint(id)).toBe(true);
    expect(() => v.addBreakpoint("nosuch")).toThrow(/no symbol 'nosuch'.*event/);
  });

  it("step back returns to the identical state: registers, machine hash and kernel state, across kernel events", () => {
    const s = session(arch, { checkpointEvery: 7 });
    for (let i = 0; i < 4; i++) s.stepToEvent();                       // boot and three writes
    const seen: { pos: number; regs: bigint[]; hash: string; events: number }[] = [];
    while (!s.exited && seen.length < 1000) {
      seen.push({ pos: s.position, regs: s.registerValues(), hash: s.stateHash(), events: s.kernel!.state.events.length });
      s.step();
    }
    expect(s.exited).toBe(true);
    expect(seen.length).toBeGreaterThan(200);
    // Back one step at a time from the exit to the third write: over the loop, the demand fault, the store.
    for (let i = seen.length - 1; i >= 0; i--) {
      s.stepBack();
      expect(s.position).toBe(seen[i].pos);
      expect(s.registerValues()).toEqual(seen[i].regs);
      expect(s.stateHash()).toBe(seen[i].hash);
      expect(s.kernel!.state.events.length).toBe(seen[i].events);
    }
    // A jump far back, then forward again, lands on the same states.
    s.rewindTo(seen[3].pos);
    expect(s.stateHash()).toBe(seen[3].hash);
    s.step(); s.step();
    expect(s.stateHash()).toBe(seen[5].hash);
  });

  it("step back by one kernel event returns to where the previous event left the machine", () => {
    const s = session(arch);
    s.stepToEvent(); s.stepToEvent();
    const first = { pos: s.position, hash: s.stateHash() };
    s.stepToEvent();
    expect(s.position).toBeGreaterThan(first.pos);
    s.stepBackEvent();
    expect(s.position).toBe(first.pos);
    expect(s.stateHash()).toBe(first.hash);
  });

  it("the address space pane: mappings in ranges, the PC's walk level by level, the TLB", () => {
    const s = session(arch);
    s.step(); s.step();
    const snap = s.snapshot();
    const start = symbol(arch, "_start");
    const text = snap.regions.find((r) => parseInt(r.start, 16) <= start && start < parseInt(r.end, 16));
    expect(text?.label).toBe("user");
    expect(text?.flags.startsWith("r-x")).toBe(true);
    expect(snap.regions.find((r) => r.start === "7ff000")?.flags.startsWith("rw-")).toBe(true);
    const as = snap.kernel.addressSpace!;
    expect(as.levels).toHaveLength(4);
    const pa = parseInt(as.result!.match(/-> 0x([0-9a-f]+)/)![1], 16);
    const owners = (s.kernel!.state as unknown as { owners: Record<number, string> }).owners;
    expect(owners[pa - (pa % 4096)]).toBe("user");                     // the frame the kernel loaded the program into
    expect(as.tlb!.some((e) => e.va === (start - (start % 4096)).toString(16) && e.flags.includes("X"))).toBe(true);
    // Frames: from the kernel's inspector.
    const labels = snap.frames.owners.map((o) => o.label);
    expect(labels).toEqual(expect.arrayContaining(["page table", "user", "user stack"]));
    // Without the inspector, from the mappings.
    const t = session(arch, { withFrames: false });
    t.step(); t.step();
    expect(t.snapshot().frames.owners.map((o) => o.label)).toEqual(expect.arrayContaining(["user"]));
  });

  it("a kernel that keeps a function in its state gets a clear message instead of a broken reverse step", () => {
    const prog = fixtureProgram(arch);
    const built = fixtureKernel(arch, prog);
    const s = new KernelSession({ arch, kernel: { ...built, main: (k) => { built.main(k); (built.current()!.state as unknown as Record<string, unknown>).bad = () => 1; } },
      modules: [{ name: "prog", bytes: prog }], ramSize: 16 << 20 });
    s.step(); s.step();
    s.stepBack();
    expect(s.snapshot().status.lastEvent).toMatch(/kernel.state is not plain data .*stepping back is off/);
  });
});
