import { describe, expect, it } from "vitest";
import { Prng } from "../../machine/core/prng";
import { EventQueue } from "../../machine/core/clock";

describe("Prng", () => {
  it("is xoshiro128** seeded by splitmix32: same seed, same stream; another seed, another stream", () => {
    const a = new Prng(7), b = new Prng(7), c = new Prng(8);
    const sa = Array.from({ length: 64 }, () => a.next());
    expect(Array.from({ length: 64 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 64 }, () => c.next())).not.toEqual(sa);
    expect(new Set(sa).size).toBe(64);
  });

  it("below(n) stays in range and is roughly uniform", () => {
    const r = new Prng(1), counts = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) counts[r.below(10)]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
    expect(() => r.below(0)).toThrow(/n > 0/);
  });

  it("save/restore replays the stream", () => {
    const r = new Prng(3);
    r.next();
    const s = r.save();
    const x = [r.next(), r.next()];
    r.restore(s);
    expect([r.next(), r.next()]).toEqual(x);
  });
});

describe("EventQueue (virtual time)", () => {
  it("fires events in time order, ties in scheduling order, skipping cancelled ones", () => {
    const q = new EventQueue(), log: string[] = [];
    q.schedule(30, () => log.push("c"));
    q.schedule(10, () => log.push("a1"));
    const x = q.schedule(20, () => log.push("x"));
    q.schedule(10, () => log.push("a2"));
    q.schedule(20, () => log.push("b"));
    x.cancelled = true;
    expect(q.nextTime()).toBe(10);
    q.runDue(20);
    expect(log).toEqual(["a1", "a2", "b"]);
    expect(q.nextTime()).toBe(30);
    q.runDue(100);
    expect(log).toEqual(["a1", "a2", "b", "c"]);
    expect(q.nextTime()).toBe(Infinity);
  });

  it("keeps order across many random insertions", () => {
    const q = new EventQueue(), r = new Prng(9), got: number[] = [];
    for (let i = 0; i < 500; i++) { const t = r.below(100); q.schedule(t, () => got.push(t)); }
    q.runDue(1000);
    expect(got).toEqual([...got].sort((a, b) => a - b));
    expect(got.length).toBe(500);
  });
});
