// Kernel stepping: the instrumenter keeps every line where it was, and the
// Stepper pauses exactly where step into / over / out and breakpoints say.
// The expected lines are read off tests/tui/stepping/fixture.ts.
import { readFileSync } from "node:fs";
import { transformSync } from "esbuild";
import { describe as group, expect, it } from "vitest";
import { instrument } from "../../../tui/stepping/instrument";
import { Stepper, type Pause, type StepCommand } from "../../../tui/stepping/stepper";

const FILE = "tests/tui/stepping/fixture.ts";
const source = readFileSync(FILE, "utf8");

function load(script: StepCommand[], setup: (s: Stepper) => void = () => {}) {
  const { code, sites } = instrument(FILE, source);
  const pauses: Pause[] = [];
  const stepper = new Stepper(sites, (p) => { pauses.push(p); return script.shift() ?? "continue"; });
  setup(stepper);
  const js = transformSync(code, { loader: "ts", format: "cjs" }).code;
  const exports: Record<string, (...a: unknown[]) => unknown> = {};
  const module = { exports };
  new Function("module", "exports", "__minosStep", "__minosEnter", "__minosLeave", js)(module, exports,
    (i: number, l: () => Record<string, unknown>) => stepper.step(i, l),
    (i: number, p: () => Record<string, unknown>) => stepper.enter(i, p),
    (f: never) => stepper.leave(f));
  return { exports: module.exports as typeof exports, pauses, stepper, code, sites };
}

group("instrument", () => {
  it("keeps every line of the source on its line number", () => {
    const { code } = instrument(FILE, source);
    expect(code.split("\n").length).toBe(source.split("\n").length);
    source.split("\n").forEach((line, i) => {
      const t = line.trim().replace(/;$/, "");
      if (t && !t.startsWith("//") && t !== "}") expect(code.split("\n")[i]).toContain(t.split(" ")[0]);
    });
  });

  it("records a site per statement and per function entry, with the source's line and column", () => {
    const { sites } = instrument(FILE, source);
    const fault = sites.filter((s) => s.fn === "fault");
    expect(fault.filter((s) => s.kind === "enter").map((s) => s.line)).toEqual([12]);
    expect(fault.filter((s) => s.kind === "stmt").map((s) => s.line)).toEqual([13, 14, 15, 16, 16, 17, 17, 18]);   // the for and its body; the if and its return
    expect(sites.find((s) => s.fn === "allocFrame" && s.line === 6)?.column).toBe(3);
  });

  it("behaves exactly like the original when nothing pauses", () => {
    const { exports, pauses } = load([]);
    const f = { free: [0x1000, 0x2000], used: 0 };
    expect(exports.fault(f, 0x5123n)).toBe(0x2000 + 1);
    expect(f).toEqual({ free: [0x1000], used: 1 });
    expect(pauses).toEqual([]);
  });
});

group("Stepper", () => {
  it("a function breakpoint pauses at its first statement; over skips calls; into enters them; out returns", () => {
    const { exports, pauses } = load(["over", "into", "out", "over", "continue"], (s) => {
      for (const site of s.findSites("fault")) s.setBreakpoint(site.id, true);
    });
    exports.fault({ free: [0x1000], used: 0 }, 0x5000n);
    expect(pauses.map((p) => `${p.site.fn}:${p.site.line}:${p.reason}`)).toEqual([
      "fault:13:breakpoint",   // first statement of fault
      "fault:14:over",         // over the const
      "allocFrame:6:into",     // into allocFrame
      "fault:15:out",          // out: back in the caller, next statement
      "fault:16:over",
    ]);
  });

  it("shows the call stack innermost first, with arguments and the locals declared so far", () => {
    const { exports, pauses } = load(["into", "into", "continue"], (s) => {
      for (const site of s.findSites(`${FILE}:14`)) s.setBreakpoint(site.id, true);
    });
    exports.fault({ free: [0x3000], used: 0 }, 0x5123n);
    expect(pauses[0].site.line).toBe(14);
    expect(pauses[0].stack[0].locals).toMatchObject({ va: "0x5123", page: "0x5000" });
    const inAlloc = pauses[2];
    expect(inAlloc.site).toMatchObject({ fn: "allocFrame", line: 7 });
    expect(inAlloc.stack.map((f) => f.enter.fn)).toEqual(["allocFrame", "fault"]);
    expect(inAlloc.stack[0].locals.pa).toBe("12288 (0x3000)");
    expect(inAlloc.stack[1].at?.line).toBe(14);
  });

  it("a line breakpoint inside a loop body pauses once per iteration", () => {
    const { exports, pauses } = load([], (s) => {
      const body = s.findSites(`${FILE}:16`).filter((x) => x.column > 3);
      expect(body).toHaveLength(1);
      s.setBreakpoint(body[0].id, true);
    });
    exports.fault({ free: [0x1000], used: 0 }, 0x5000n);
    expect(pauses.map((p) => p.stack[0].locals.i)).toEqual(["0", "1"]);
  });
});
