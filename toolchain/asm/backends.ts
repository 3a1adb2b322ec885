// Which backend assembles for which architecture. A new backend adds one line.

import { AsmBackend } from "./backend";
import { arm64Backend } from "./arm64/index";
import { x86Backend } from "./x86_64/index";

const table: Partial<Record<"x86_64" | "arm64", AsmBackend>> = { x86_64: x86Backend, arm64: arm64Backend };

/** Let a backend announce itself (e.g. an experimental one in a test). */
export function registerBackend(b: AsmBackend): void {
  table[b.arch] = b;
}

export function backendFor(arch: "x86_64" | "arm64"): AsmBackend {
  const b = table[arch];
  if (!b) throw new Error(`no assembler backend for ${arch} yet`);
  return b;
}
