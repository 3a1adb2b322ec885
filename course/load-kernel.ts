// Loading a kernel bundle: the payload of a signed image (or a chapter
// build) is CommonJS text; evaluating it with `new Function` gives a fresh
// module instance every time, so two boots never share the kernel's state.
// `minos boot`, `minos chapter`, `minos check` and the tests all load
// kernels here, and only after the firmware has verified the image.

import type { BuiltKernel } from "../chapters/01-boot/kernel/builder";

export class KernelLoadError extends Error {
  constructor(message: string) { super(message); this.name = "KernelLoadError"; }
}

/** Evaluate a CommonJS bundle and return its exports. A kernel may not `require` anything. */
export function evaluateBundle(payload: Uint8Array | string): Record<string, unknown> {
  const code = typeof payload === "string" ? payload : new TextDecoder().decode(payload);
  const mod = { exports: {} as Record<string, unknown> };
  const require = (name: string) => {
    throw new KernelLoadError(`the kernel bundle needs '${name}': a kernel reaches the machine only through KernelMode, so it may import nothing outside the bundle`);
  };
  let fn: Function;
  try { fn = new Function("module", "exports", "require", code); } catch (e) {
    throw new KernelLoadError(`the kernel bundle is not a CommonJS script (${(e as Error).message}); build it with esbuild --format=cjs`);
  }
  fn(mod, mod.exports, require);
  return mod.exports;
}

/** A kernel bundle's BuiltKernel (main, current, tables), freshly instantiated. */
export function instantiateKernel(payload: Uint8Array | string): BuiltKernel {
  const exp = evaluateBundle(payload);
  if (typeof exp.main !== "function" || typeof exp.current !== "function") {
    throw new KernelLoadError("the kernel bundle does not export main and current (a chapter build's entry does: course/chapter-build.ts)");
  }
  return exp as unknown as BuiltKernel;
}
