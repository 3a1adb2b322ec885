// The first two boot steps: learn what the firmware found ("bootinfo"),
// then bring up the console and say it ("console").

import type { Kernel } from "./kernel";
import type { BootInfo } from "./bootinfo/bootinfo";
import { parseMultiboot2 } from "./bootinfo/multiboot2";
import { parseFdt } from "./bootinfo/fdt";
import { parseCmdline } from "./bootinfo/cmdline";
import { usableBytes } from "./bootinfo/memmap";
import { kprint } from "./console";
import { logEvent } from "./events";

// @snippet step-bootinfo
/** "bootinfo": where the firmware left its description, in which format, parsed into one arch-neutral BootInfo. */
export function bootInfoStep(kn: Kernel): void {
  const at = kn.hal.bootInfoAt(kn.k);
  const boot: BootInfo = at.format === "multiboot2" ? parseMultiboot2(kn.k, at.pa) : parseFdt(kn.k, at.pa);
  kn.state.boot = boot;
  const cmd = parseCmdline(boot.cmdline);
  kn.state.seed = cmd.seed;
  kn.state.bootWarnings.push(...cmd.warnings.map((w) => `command line: ${w}`));
  kn.state.runList = cmd.run ?? boot.modules.map((m) => m.name);
  logEvent(kn, "boot", `boot information (${boot.format}) at 0x${at.pa.toString(16)}: ${boot.memory.length} regions, ${boot.modules.length} modules`, null);
}
// @end step-bootinfo

const hex8 = (v: number) => "0x" + v.toString(16).padStart(8, "0");

// @snippet step-console
/** "console": program the UART and the interrupt controller, then say what the kernel was given. */
export function consoleStep(kn: Kernel): void {
  const b = kn.state.boot;
  kn.hal.initDevices(kn.k, b);
  kn.state.consoleUp = true;
  const kib = Math.floor(usableBytes(b.memory) / 1024);
  kprint(kn, `MinOS chapter ${kn.state.chapter} (${kn.arch}): ${kib} KiB usable RAM, ${b.modules.length} module${b.modules.length === 1 ? "" : "s"}, ` +
    `command line "${b.cmdline}"\n`);
  kprint(kn, `memory map (from ${b.format}):\n`);
  for (const r of b.memory) kprint(kn, `  ${hex8(r.base)}-${hex8(r.base + r.size - 1)} ${r.type}\n`);
  for (const m of b.modules) kprint(kn, `module ${m.name}: ${hex8(m.pa)}, ${m.size} bytes\n`);
  for (const w of kn.state.bootWarnings) kprint(kn, `warning: ${w}\n`);
}
// @end step-console
