// Evaluating an instrumented kernel bundle (build.ts / plugin.ts): a
// CommonJS body with the three step functions the instrumenter inserts
// calls to, bound to a Stepper. `onStatement` sees every statement passed
// (the bench counts them). Every boot gets a fresh module instance.

import type { BuiltKernel } from "../../chapters/01-boot/kernel/builder";
import type { Stepper } from "./stepper";

export function loadInstrumented(bundle: string, stepper: Stepper, onStatement?: () => void): BuiltKernel {
  const mod = { exports: {} as Record<string, unknown> };
  const step = onStatement === undefined
    ? (i: number, l: () => Record<string, unknown>) => stepper.step(i, l)
    : (i: number, l: () => Record<string, unknown>) => { onStatement(); stepper.step(i, l); };
  new Function("module", "exports", "__minosStep", "__minosEnter", "__minosLeave", bundle)(mod, mod.exports, step,
    (i: number, p: () => Record<string, unknown>) => stepper.enter(i, p),
    (f: never) => stepper.leave(f));
  return mod.exports as unknown as BuiltKernel;
}
