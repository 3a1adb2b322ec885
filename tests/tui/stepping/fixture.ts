// A small "kernel" for the stepping tests: the line numbers in
// stepping.test.ts are this file's own (read them off the source).
export interface Frames { free: number[]; used: number }

export function allocFrame(f: Frames): number {
  const pa = f.free.pop();
  if (pa === undefined) throw new Error("out of frames");
  f.used++;
  return pa;
}

export function fault(f: Frames, va: bigint): number {
  const page = va & ~0xfffn;
  const pa = allocFrame(f);
  let mapped = 0;
  for (let i = 0; i < 2; i++) mapped += i;
  if (page === 0n) return -1;
  return pa + mapped;
}
