// Power: how a kernel turns the machine off (or resets it), and with what
// exit status. The board reads `PowerState` after each run slice and stops
// when `off` or `reset` is set; `minos chapter N --headless` exits with
// `status`.
//
// x86_64 (q35-like PC), two I/O port devices:
//  - ACPI PM1a control register at port 0x604 (QEMU's q35 puts the PM I/O
//    block at 0x600; PM1a_CNT is at +4). ACPI 6.4 section 4.8.3.2.1 (PM1
//    Control Registers, Table 4.13): SLP_TYPx is bits 12:10, SLP_EN bit 13.
//    Writing SLP_EN with SLP_TYPa = the \_S5 value enters S5 (soft off).
//    QEMU's DSDT gives \_S5 = 0; ICH9 hardware uses 7; we accept both. The
//    status of an ACPI power-off is 0. Other sleep types are ignored (no S1-S4).
//  - The exit port at 0x501 (where QEMU's isa-debug-exit sits): writing a
//    value powers off with exit status = value & 0xff. (QEMU exits with
//    (value << 1) | 1, so it can never report 0; ours reports the value as is.)
// AArch64 (virt-like board): PSCI 0.2 (Arm DEN0022D) through HVC/SMC: the
// CPU calls `Psci.call(x0, x1, x2, x3)` and puts the result in x0.
//  - PSCI_VERSION 0x84000000 -> 0x00000002 (major 0, minor 2)
//  - SYSTEM_OFF   0x84000008 -> powers off, status 0
//  - SYSTEM_RESET 0x84000009 -> reset requested
//  - MIGRATE_INFO_TYPE 0x84000006 -> 2 (no Trusted OS; Linux asks this)
//  - MINOS_EXIT   0x82000001 (an SMC32 SiP-service ID, which SMCCC leaves to
//    the platform): powers off with status = x1 & 0xff, the counterpart of
//    the x86 exit port.
//  - anything else -> NOT_SUPPORTED (-1).

import type { MmioDevice } from "../core/physmem";

/** PowerState as plain data (PSCI keeps no state of its own: its requests land here). */
export interface PowerStateData { off: boolean; reset: boolean; status: number; reason: string }

export class PowerState {
  off = false;
  reset = false;
  status = 0;
  /** What asked for it, for the debugger and logs ("ACPI S5", "exit port", "PSCI SYSTEM_OFF"...). */
  reason = "";
  /** Called on any power-off or reset request. */
  onChange: (() => void) | null = null;

  powerOff(status: number, reason: string): void {
    this.off = true; this.status = status; this.reason = reason;
    if (this.onChange !== null) this.onChange();
  }

  requestReset(reason: string): void {
    this.reset = true; this.reason = reason;
    if (this.onChange !== null) this.onChange();
  }

  save(): PowerStateData { return { off: this.off, reset: this.reset, status: this.status, reason: this.reason }; }

  restore(s: PowerStateData): void { this.off = s.off; this.reset = s.reset; this.status = s.status; this.reason = s.reason; }

  /** The board has acted on the request (after a reset, the machine runs again). */
  clear(): void { this.off = false; this.reset = false; this.status = 0; this.reason = ""; }
}

export const PM1A_CNT_PORT = 0x604;
export const EXIT_PORT = 0x501;
const SLP_EN = 1 << 13, SCI_EN = 1;

/** The 16-bit PM1a_CNT register: port window of 2 bytes at 0x604. */
export class Pm1aControl implements MmioDevice {
  readonly name = "acpi-pm1a-cnt";
  private value = SCI_EN; // ACPI-only hardware: SCI_EN reads 1 (no legacy mode to switch from)

  constructor(private readonly power: PowerState) {}

  save(): { value: number } { return { value: this.value }; }
  restore(s: { value: number }): void { this.value = s.value; }

  read(offset: number, size: number): number {
    const v = this.value & ~SLP_EN; // SLP_EN is write-only and reads 0
    return size === 1 ? (v >> (8 * (offset & 1))) & 0xff : v & 0xffff;
  }

  write(offset: number, size: number, v: number): void {
    if (size === 1) v = offset & 1 ? (this.value & 0xff) | ((v & 0xff) << 8) : (this.value & 0xff00) | (v & 0xff);
    this.value = (v & 0x3fff & ~SLP_EN) | SCI_EN;
    const slpTyp = (v >> 10) & 7;
    if ((v & SLP_EN) && (slpTyp === 0 || slpTyp === 7)) this.power.powerOff(0, "ACPI S5 (PM1a_CNT SLP_EN)");
  }
}

/** The exit-with-status port: any write powers off with status value & 0xff. */
export class ExitPort implements MmioDevice {
  readonly name = "exit-port";
  constructor(private readonly power: PowerState) {}
  read(): number { return 0xff; }
  write(_offset: number, _size: number, v: number): void { this.power.powerOff(v & 0xff, "exit port"); }
}

export const PSCI_VERSION = 0x84000000, PSCI_MIGRATE_INFO_TYPE = 0x84000006;
export const PSCI_SYSTEM_OFF = 0x84000008, PSCI_SYSTEM_RESET = 0x84000009;
export const MINOS_EXIT = 0x82000001;
export const PSCI_NOT_SUPPORTED = -1n;

/** PSCI firmware, as HVC/SMC sees it: function ID in x0, arguments x1..x3, result in x0. */
export class Psci {
  constructor(readonly power: PowerState) {}

  call(x0: bigint, x1 = 0n, _x2 = 0n, _x3 = 0n): bigint {
    // SMC32/HVC32 function IDs use only w0 (SMCCC 2.6: the upper 32 bits are ignored).
    switch (Number(x0 & 0xffffffffn)) {
      case PSCI_VERSION: return 2n;
      case PSCI_MIGRATE_INFO_TYPE: return 2n;
      case PSCI_SYSTEM_OFF: this.power.powerOff(0, "PSCI SYSTEM_OFF"); return 0n;
      case PSCI_SYSTEM_RESET: this.power.requestReset("PSCI SYSTEM_RESET"); return 0n;
      case MINOS_EXIT: this.power.powerOff(Number(x1 & 0xffn), "MINOS_EXIT"); return 0n;
      default: return PSCI_NOT_SUPPORTED & 0xffffffffffffffffn;
    }
  }
}
