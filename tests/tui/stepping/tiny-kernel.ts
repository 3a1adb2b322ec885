// A tiny kernel for the stepping worker test: it counts to three in a
// function, then powers the machine off with the count as the status.
// Line numbers matter to worker.test.ts.
import type { KernelMode } from "../../../machine/kernel-mode";

interface Sys { hvc?(x0: bigint, x1?: bigint): bigint; outPort?(port: number, size: number, value: number): void }

function count(limit: number): number {
  let n = 0;
  while (n < limit) n++;
  return n;
}

export function main(k: KernelMode<Sys>): void {
  const status = count(3);
  if (k.arch === "arm64") k.sys.hvc!(0x82000001n, BigInt(status));
  else k.sys.outPort!(0x501, 1, status);
}

export const current = () => null;
