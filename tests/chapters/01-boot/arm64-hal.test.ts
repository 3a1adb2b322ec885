// The AArch64 HAL of chapter 01 (chapters/01-boot/kernel/hal/arm64/): what
// it leaves in the machine's registers after a boot, checked against the
// architecture documents rather than against its own output:
//   - Arm ARM D1.10.2 (the vector table, VBAR_EL1 2 KiB aligned),
//     D17.2.118 (SCTLR_EL1), D17.2.37 (ESR_EL1: SVC from AArch64 is EC 0x15)
//   - GICv2 architecture spec IHI 0048B, 4.3 (distributor) and 4.4 (CPU interface)
//   - PL011 TRM DDI 0183G, 3.3 (registers)
//   - Linux arm64 boot protocol (x0 = DTB, x1..x3 = 0)
// and the chapter's user programs assembled by GNU as, byte for byte.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KERNEL_WINDOW, type VirtMachine } from "../../../machine/boards/virt";
import { assemble, formatError } from "../../../toolchain/asm/assemble";
import { projectRoot } from "../../../toolchain/util/root";
import type { Layer } from "../../../chapters/01-boot/kernel/builder";
import { oracleIt } from "../../oracles";
import { boot, kernelLines } from "./kit";

const GICD = 0x08000000, GICC = 0x08010000, UART = 0x09000000;
const UART_INTID = 33, VTIMER_INTID = 27;

describe("arm64 HAL: the machine state after booting hello", () => {
  const run = boot("arm64", { programs: ["hello"] });
  const m = run.machine as VirtMachine;
  const r32 = (pa: number) => m.mem.read(pa, 4) >>> 0;

  it("ran to a clean power-off", () => {
    expect(run.result).toMatchObject({ reason: "power-off", status: 0 });
    expect(kernelLines(run)).toContain("hello, world from user mode");
  });

  it("VBAR_EL1 points at a 2 KiB aligned vector table in the entry window (D1.10.2)", () => {
    const vbar = Number(m.sys.vbar);
    expect(vbar % 0x800).toBe(0);
    expect(vbar).toBeGreaterThanOrEqual(KERNEL_WINDOW.base);
    expect(vbar + 16 * 0x80).toBeLessThanOrEqual(KERNEL_WINDOW.base + KERNEL_WINDOW.size);
  });

  it("SCTLR_EL1: MMU off (chapter 01 is flat), WFI/WFE from EL0 trap (nTWI = nTWE = 0), no alignment check (A = 0)", () => {
    const s = m.sys.sctlr;
    expect(s & 1).toBe(0);                                   // M
    expect(s & 2).toBe(0);                                   // A
    expect(s & (1 << 16)).toBe(0);                           // nTWI
    expect(s & (1 << 18)).toBe(0);                           // nTWE
  });

  it("GICv2: distributor and CPU interface enabled, the UART SPI and the virtual timer PPI enabled (IHI 0048B 4.3, 4.4)", () => {
    expect(r32(GICD + 0x000) & 1).toBe(1);                   // GICD_CTLR.Enable
    expect((r32(GICD + 0x100) >>> VTIMER_INTID) & 1).toBe(1);   // GICD_ISENABLER0
    expect((r32(GICD + 0x104) >>> (UART_INTID - 32)) & 1).toBe(1);
    expect(m.mem.read(GICD + 0x400 + UART_INTID, 1)).toBeLessThan(0xf0);   // priority above the mask
    expect(m.mem.read(GICD + 0x400 + VTIMER_INTID, 1)).toBeLessThan(0xf0);
    expect((r32(GICD + 0xc08) >>> (2 * (UART_INTID - 32) + 1)) & 1).toBe(0);   // GICD_ICFGR2: level-sensitive
    expect(r32(GICC + 0x000) & 1).toBe(1);                   // GICC_CTLR.Enable
    expect(r32(GICC + 0x004)).toBe(0xf0);                    // GICC_PMR
  });

  it("PL011: enabled for TX and RX, 8N1 with FIFOs, receive interrupts on, transmit interrupt off when idle (DDI 0183G 3.3)", () => {
    expect(r32(UART + 0x030)).toBe(0x301);                   // UARTCR: UARTEN | TXE | RXE
    expect(r32(UART + 0x02c)).toBe(0x70);                    // UARTLCR_H: WLEN 8 bits, FEN
    expect(r32(UART + 0x024)).toBe(1);                       // UARTIBRD
    expect(r32(UART + 0x028)).toBe(0);                       // UARTFBRD
    expect(r32(UART + 0x038)).toBe((1 << 4) | (1 << 6));     // UARTIMSC: RXIM | RTIM
    expect(r32(UART + 0x018) & (1 << 7)).not.toBe(0);        // UARTFR.TXFE: everything sent before power-off
  });

  it("the one-shot drain timer fired through the GIC and was switched off (CNTV_CTL_EL0 = 0)", () => {
    const events = run.kernel!.state.events;
    expect(events.some((e) => e.kind === "irq" && e.text.startsWith("timer"))).toBe(true);
    expect(m.timer.read(6)).toBe(0);                         // CNTV_CTL_EL0 (generic-timer register id 6)
  });

  it("the program ran at EL0 with interrupts unmasked: the SPSR saved at its SVC is EL0t with DAIF clear", () => {
    const t = run.kernel!.state.threads[0];
    const pstate = t.context.regs[33];
    expect(pstate & 0xfn).toBe(0n);                          // M[3:0] = EL0t
    expect(pstate & 0x10n).toBe(0n);                         // AArch64
    expect(pstate & 0x3c0n).toBe(0n);                        // D, A, I, F clear
    expect(t.context.regs[8]).toBe(0n);                      // x8: the last call was exit (0)
  });
});

describe("arm64 HAL: behaviour", () => {
  it("WFI in user mode traps (EC 0x01) and kills only that program, status 128 + SIGSEGV as on x86", () => {
    const run = boot("arm64", { programs: ["fault", "hello"] });
    const st = run.kernel!.state;
    expect(st.threads.map((t) => [t.name, t.exitStatus])).toEqual([["fault", 139], ["hello", 0]]);
    expect(run.result).toMatchObject({ reason: "power-off", status: 0 });
  });

  it("a bad pointer to write() comes back as -EFAULT in x0", () => {
    const run = boot("arm64", { programs: ["badptr"] });
    expect(run.kernel!.state.threads[0].exitStatus).toBe(114);
  });

  it("typed bytes arrive through the PL011's receive interrupts, also while a program runs (el0t_64_irq), which then goes on intact", () => {
    const run = boot("arm64", { programs: ["hello"], input: "hi\n" });
    const st = run.kernel!.state;
    expect(String.fromCharCode(...st.console.input)).toBe("hi\n");
    expect(st.events.some((e) => e.kind === "irq" && e.tid === 1)).toBe(true);   // taken from EL0, pid 1 current
    expect(st.threads[0].exitStatus).toBe(0);
    expect(kernelLines(run)).toContain("hello, world from user mode");
  });

  it("a kernel bug panics with the AArch64 registers, ESR_EL1 = 0x56000000 for the SVC it was handling (D17.2.37)", () => {
    const boom: Layer = (b) => b.syscall(1, "write", () => { throw new Error("boom"); });
    const run = boot("arm64", { programs: ["hello"], layers: [boom] });
    expect(run.result.status).toBe(100);
    const out = run.console;
    expect(out).toContain("PANIC: while handling syscall: boom");
    for (const r of ["x0", "x30", "sp_el0", "elr_el1", "spsr_el1", "far_el1", "sctlr_el1", "ttbr0_el1", "ttbr1_el1", "tcr_el1", "vbar_el1"]) {
      expect(out).toMatch(new RegExp(`\\b${r}\\s+[0-9a-f]{16}`));
    }
    // EC 0x15 (SVC from AArch64) << 26 | IL (bit 25), ISS = the SVC's imm16 = 0.
    expect(out).toMatch(/esr_el1\s+0000000056000000/);
  });

  describe("the boot protocol is checked: a bad hand-off is a panic, not a wrong kernel", () => {
    const withX = (reg: number, value: (m: VirtMachine) => bigint) =>
      boot("arm64", { programs: ["hello"], before: (mm) => { const m = mm as VirtMachine; m.cpu.setReg(reg, value(m)); } });

    it("x0 pointing at something that is not a DTB", () => {
      const run = withX(0, () => 0x40000000n);               // the image, not the DTB
      expect(run.result.status).toBe(100);
      expect(run.kernel!.state.panicked).toMatch(/holds no devicetree: magic 0x4d494e4f, not 0xd00dfeed/);
    });

    it("x1 not zero", () => {
      const run = withX(1, () => 5n);
      expect(run.result.status).toBe(100);
      expect(run.kernel!.state.panicked).toMatch(/x1 is 0x5, not 0/);
    });

    it("a damaged DTB", () => {
      const run = boot("arm64", { programs: ["hello"], before: (mm) => {
        const m = mm as VirtMachine, dtb = Number(m.cpu.getReg(0));
        m.mem.write(dtb + 20, 4, 0x01000000);               // version (big-endian) = 1
      } });
      expect(run.result.status).toBe(100);
      expect(run.kernel!.state.panicked).toMatch(/devicetree: version 1 /);
    });
  });
});

describe("arm64 user programs", () => {
  const dir = path.join(projectRoot(), "chapters", "01-boot", "user");
  for (const name of ["hello", "fault", "badptr"]) {
    oracleIt(["aarch64-linux-gnu-as", "aarch64-linux-gnu-objcopy"])(`${name}.arm64.s: our assembler's .text is GNU as's, byte for byte`, () => {
      const src = readFileSync(path.join(dir, `${name}.arm64.s`), "utf8");
      const tmp = mkdtempSync(path.join(tmpdir(), "minos-h2-"));
      const ours = assemble(src, { arch: "arm64", file: `${name}.arm64.s` });
      if (ours.errors.length) throw new Error(ours.errors.map(formatError).join("\n"));
      writeFileSync(path.join(tmp, "ours.o"), ours.object!);
      execFileSync("aarch64-linux-gnu-as", ["-o", path.join(tmp, "gnu.o"), "-"], { input: src });
      const text = (o: string) => {
        execFileSync("aarch64-linux-gnu-objcopy", ["-O", "binary", "-j", ".text", path.join(tmp, o), path.join(tmp, `${o}.bin`)]);
        return readFileSync(path.join(tmp, `${o}.bin`));
      };
      expect(text("ours.o").toString("hex")).toBe(text("gnu.o").toString("hex"));
    });
  }
});
