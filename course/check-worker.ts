// The worker thread behind `minos check` and `minos grade`: it runs a list
// of (check, arch) jobs against a chapter bundle and posts each result. The
// main thread (check-isolated.ts) watches the wall clock: a kernel handler
// that never returns (a `while` loop in TypeScript that no instruction
// budget can stop) costs that one check, not the whole scorecard.

import { parentPort, workerData } from "node:worker_threads";
import type { Arch } from "../machine/core/cpu";
import { makeImage } from "../machine/firmware/secure-boot";
import { loadSigningKey } from "../machine/firmware/keys";
import { projectRoot } from "../toolchain/util/root";
import { chapter } from "./chapters";
import { runCheck } from "./check-runner";
import { loadChecks } from "./load-checks";

export interface CheckJob { check: string; arch: Arch }
export interface CheckWorkerData { root: string; ownChapter: number; kernelChapter: number; bundle: string; buildId: string; jobs: CheckJob[] }
export type CheckWorkerMessage = { type: "start"; job: number } | { type: "result"; job: number; result: import("./check-runner").CheckResult };

const d = workerData as CheckWorkerData;
const own = chapter(d.ownChapter, d.root);
const checks = loadChecks(own);
const payload = new TextEncoder().encode(d.bundle);
const key = loadSigningKey({ root: projectRoot() });
const images = new Map<Arch, Uint8Array>();
const image = (arch: Arch) => {
  let img = images.get(arch);
  if (!img) images.set(arch, img = makeImage({ arch, chapter: d.kernelChapter, entry: "main", buildId: d.buildId, payload }, key));
  return img;
};

for (const [i, job] of d.jobs.entries()) {
  parentPort!.postMessage({ type: "start", job: i } satisfies CheckWorkerMessage);
  const c = checks.find((x) => x.name === job.check)!;
  const result = await runCheck(c, own, { chapter: d.kernelChapter, image }, job.arch, d.root);
  parentPort!.postMessage({ type: "result", job: i, result } satisfies CheckWorkerMessage);
}
