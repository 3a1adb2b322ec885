// The firmware's boot sequence, start to finish, as one function a board
// calls: check the kernel image (secure boot), place and copy the image,
// modules and boot information into RAM, and return the entry registers plus
// the lines the firmware prints on the console, which a student sees first
// when the machine starts:
//
//   firmware: pc board, 64 MiB RAM
//   secure boot: kernel image for chapter 1 (x86_64, build ...) signed by SHA256:...: OK
//   firmware: kernel image 0x00100000-0x00125fff (150 KiB)
//   firmware: module initrd 0x00126000-0x00130fff (40 KiB)
//   firmware: boot information (multiboot2) 0x00131000-0x00131fff
//   firmware: entering the kernel: eax=0x36d76289 ebx=0x00131000
//
// With secure boot off, an unsigned or foreign-signed image still boots (the
// console says so); a damaged one never does.

import type { KeyObject } from "node:crypto";
import type { Board } from "./boards";
import { loadBoot, planBoot, type BootModule, type BootPlan } from "./boot";
import { FormatError } from "./bytes";
import { checkManifest, parseImage, type ImageManifest } from "./image";
import type { RamSink } from "./multiboot2";
import { verifyImage, type VerifyResult } from "./secure-boot";

export interface FirmwareConfig {
  board: Board;
  ramSize: number;
  image: Uint8Array;
  modules: BootModule[];
  cmdline: string;
  /** The public key secure boot trusts; omit (or secureBoot false) to boot without checking signatures. */
  trustedKey?: KeyObject;
  secureBoot?: boolean;
}

export type FirmwareResult =
  | { ok: true; console: string[]; verify?: VerifyResult; manifest: ImageManifest; payload: Uint8Array; plan: BootPlan }
  | { ok: false; console: string[]; verify?: VerifyResult; error: string };

const hex8 = (v: number) => "0x" + v.toString(16).padStart(8, "0");
const span = (start: number, size: number) => `${hex8(start)}-${hex8(start + Math.max(4096, Math.ceil(size / 4096) * 4096) - 1)}`;

/** Run the firmware against `ram`. Never throws for a bad image or too little RAM: the result says why. */
export function runFirmware(ram: RamSink, cfg: FirmwareConfig): FirmwareResult {
  const out = [`firmware: ${cfg.board.name} board, ${cfg.ramSize >= 1 << 20 ? `${cfg.ramSize / (1 << 20)} MiB` : `${cfg.ramSize / 1024} KiB`} RAM`];
  const fail = (error: string, verify?: VerifyResult): FirmwareResult => {
    out.push(error, "firmware: halted; the kernel was not started");
    return { ok: false, console: out, verify, error };
  };
  const secure = cfg.secureBoot ?? true;
  let verify: VerifyResult | undefined;
  let manifest: ImageManifest, payload: Uint8Array;
  if (secure) {
    if (!cfg.trustedKey) return fail("secure boot: no trusted key configured (set MINOS_TRUSTED_KEY or run scripts/dev-key.mjs)");
    verify = verifyImage(cfg.image, cfg.trustedKey, cfg.board.arch);
    if (verify.status !== "ok") return fail(verify.message, verify);
    out.push(verify.message);
    ({ manifest, payload } = verify);
  } else {
    try {
      const parts = parseImage(cfg.image);
      manifest = checkManifest(parts);
      payload = parts.payload;
    } catch (e) {
      if (e instanceof FormatError) return fail(`firmware: ${e.message}`);
      throw e;
    }
    if (manifest.arch !== cfg.board.arch) return fail(`firmware: the image is for ${manifest.arch}, but this board is ${cfg.board.arch}`);
    out.push("secure boot: OFF; the kernel image's signature was not checked");
  }
  let plan: BootPlan;
  try {
    plan = planBoot({ board: cfg.board, ramSize: cfg.ramSize, image: cfg.image, modules: cfg.modules, cmdline: cfg.cmdline });
  } catch (e) {
    if (e instanceof RangeError) return fail(`firmware: ${e.message}`, verify);
    throw e;
  }
  loadBoot(ram, { board: cfg.board, ramSize: cfg.ramSize, image: cfg.image, modules: cfg.modules, cmdline: cfg.cmdline }, plan);
  const l = plan.layout;
  out.push(`firmware: kernel image ${span(l.image.start, l.image.size)} (${Math.ceil(l.image.size / 1024)} KiB)`);
  l.modules.forEach((m, i) => out.push(`firmware: module ${cfg.modules[i].name} ${span(m.start, m.size)} (${Math.ceil(m.size / 1024)} KiB)`));
  out.push(`firmware: boot information (${plan.format}) ${span(l.bootInfo.start, l.bootInfo.size)}`);
  out.push(`firmware: entering the kernel: ${Object.entries(plan.entry).map(([r, v]) => `${r}=${hex8(v)}`).join(" ")}`);
  return { ok: true, console: out, verify, manifest, payload, plan };
}
