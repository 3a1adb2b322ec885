// `minos boot`: power on a board with a kernel image. The firmware checks
// the image's signature (secure boot), places it and the boot information in
// RAM and starts the kernel: the image's payload is a CommonJS bundle whose
// entry function runs in the machine's kernel mode (machine/kernel-mode.ts).
// The console is the board's UART; the exit status is the kernel's
// power-off status, or says why the machine did not run.

import { readFile } from "node:fs/promises";
import { PcMachine } from "../../machine/boards/pc";
import { VirtMachine } from "../../machine/boards/virt";
import { loadTrustedKey } from "../../machine/firmware/keys";
import { parseImage } from "../../machine/firmware/image";
import { projectRoot } from "../../toolchain/util/root";
import { evaluateBundle } from "../../course/load-kernel";
import { InputError, parseFlags, UsageError, type Command } from "../command";

/** Exit statuses when the machine does not run the kernel to its power-off. */
export const BootStatus = {
  unsigned: 3, "bad-signature": 4, "wrong-key": 5, malformed: 6, firmware: 7, "kernel-error": 70, budget: 124,
} as const;

export const bootCommand: Command = {
  name: "boot",
  summary: "boot a signed kernel image on the emulated board (secure boot, console, power-off status)",
  help: `usage: minos boot [--ram MiB] [--max-instructions N] [--insecure] [--trusted-key KEY.pem] IMAGE

Boots IMAGE (made by minos sign) on the board its header names: the PC for
x86_64, virt for arm64. The firmware verifies the Ed25519 signature against
the trusted key (--trusted-key, else $MINOS_TRUSTED_KEY, else the development
key) and refuses an unsigned, damaged or foreign image. The console shows the
firmware's lines and then the kernel's UART output.

exit status: the kernel's power-off status, or
  3 unsigned image      4 damaged image (bad signature)   5 signed by another key
  6 malformed image     7 other firmware refusal          70 kernel error
  124 the instruction limit was reached

options:
  --ram MiB              RAM size (default 64)
  --max-instructions N   stop after N instructions (default 2 000 000 000)
  --insecure             boot without checking the signature (the console says so)
  --trusted-key FILE     the public key secure boot trusts (PEM)`,

  async run(args) {
    const f = parseFlags(args, { values: ["--ram", "--max-instructions", "--trusted-key"], booleans: ["--insecure"] });
    if (f.positionals.length !== 1) throw new UsageError("name one kernel image to boot");
    let image: Uint8Array;
    try { image = new Uint8Array(await readFile(f.positionals[0])); } catch { throw new InputError(`${f.positionals[0]}: No such file or directory`); }
    const ram = Number(f.values.get("--ram") ?? "64");
    if (!Number.isInteger(ram) || ram < 1 || ram > 2048) throw new UsageError("--ram takes a whole number of MiB from 1 to 2048");
    const max = Number(f.values.get("--max-instructions") ?? "2000000000");
    let arch: "x86_64" | "arm64";
    // Only the header's arch picks the board; everything else is the firmware's to judge.
    try { arch = parseImage(image).arch; } catch (e) {
      process.stdout.write(`firmware: ${(e as Error).message}\nfirmware: halted; the kernel was not started\n`);
      return BootStatus.malformed;
    }
    const secureBoot = !f.booleans.has("--insecure");
    let trustedKey;
    if (secureBoot) {
      try { trustedKey = loadTrustedKey({ path: f.values.get("--trusted-key"), root: projectRoot() }); } catch (e) { throw new InputError((e as Error).message); }
    }
    const console = (b: number) => process.stdout.write(String.fromCharCode(b));
    const m = arch === "x86_64" ? new PcMachine({ ramSize: ram << 20, console }) : new VirtMachine({ ramSize: ram << 20, console });
    // The kernel's entry comes from the verified payload: the firmware checks
    // before a single line of it is evaluated.
    let entry: ((k: unknown) => void) | undefined;
    const main = (k: unknown) => entry!(k);
    const cfg = { image, secureBoot, trustedKey };
    const res = m instanceof PcMachine ? m.boot(cfg, main) : m.boot(cfg, main);
    for (const line of res.console) process.stdout.write(line + "\n");
    if (!res.ok) return res.verify && res.verify.status !== "ok" ? BootStatus[res.verify.status] : BootStatus.firmware;
    // A fresh module instance per boot (course/load-kernel.ts): CommonJS, evaluated with new Function.
    let mod: Record<string, unknown>;
    try { mod = evaluateBundle(res.payload); } catch (e) {
      process.stdout.write(`firmware: the kernel failed to load: ${(e as Error).message}\n`);
      return BootStatus.firmware;
    }
    const fn = mod[res.manifest.entry];
    if (typeof fn !== "function") {
      process.stdout.write(`firmware: the image's entry '${res.manifest.entry}' is not a function the payload exports\n`);
      return BootStatus.firmware;
    }
    entry = fn as (k: unknown) => void;
    const r = m.run({ maxInstructions: max });
    if (r.reason === "error") { process.stderr.write(`minos boot: ${r.error}\n`); return BootStatus["kernel-error"]; }
    if (r.reason === "budget") { process.stderr.write(`minos boot: stopped after ${r.retired} instructions (the limit)\n`); return BootStatus.budget; }
    return r.status;
  },
};
