// Kernel stepping in a worker: the machine runs in a worker thread, the
// kernel pauses mid-handler at a breakpoint, the main thread reads the
// stack and locals, steps, and continues to power-off. Line numbers are
// tests/tui/stepping/tiny-kernel.ts's.
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { stepPlugin } from "../../../tui/stepping/plugin";
import type { Site } from "../../../tui/stepping/instrument";
import { KernelStepSession } from "../../../tui/stepping/session";
import type { WorkerMessage } from "../../../tui/stepping/protocol";
import { projectRoot } from "../../../toolchain/util/root";

const FILE = "tests/tui/stepping/tiny-kernel.ts";

/** Plugins need esbuild's asynchronous API. */
async function bundle(): Promise<{ code: string; sites: Site[] }> {
  const sites: Site[] = [];
  const r = await build({
    entryPoints: [FILE], bundle: true, format: "cjs", platform: "neutral", write: false, logLevel: "silent",
    plugins: [stepPlugin(/tiny-kernel\.ts$/, sites, projectRoot())],
  });
  return { code: r.outputFiles[0].text, sites };
}

let session: KernelStepSession | null = null;
afterEach(async () => { await session?.close(); session = null; });

const lines = (m: WorkerMessage) => (m.type === "pause" ? `${m.pause.site.fn}:${m.pause.site.line}` : m.type);

describe.each(["x86_64", "arm64"] as const)("kernel stepping in a worker (%s)", (arch) => {
  it("pauses at a function breakpoint, steps into and out, and continues to the power-off", async () => {
    const { code, sites } = await bundle();
    const bp = sites.filter((s) => s.kind === "enter" && s.fn === "count").map((s) => s.id);
    expect(bp).toHaveLength(1);
    session = new KernelStepSession({ arch, chapter: 1, bundle: code, sites, modules: [], cmdline: "", ramSize: 4 << 20,
      maxInstructions: 1_000_000, breakpoints: bp });
    const first = await session.next();
    expect(lines(first)).toBe("count:9");
    if (first.type !== "pause") throw new Error("no pause");
    expect(first.pause.stack.map((f) => f.enter.fn)).toEqual(["count", "main"]);
    expect(first.pause.stack[0].locals).toEqual({ limit: "3" });
    expect(first.pause.stack[1].at?.line).toBe(15);
    expect(first.machine.regs.length).toBeGreaterThan(10);
    session.command("over");
    const second = await session.next();
    expect(lines(second)).toBe("count:10");
    if (second.type === "pause") expect(second.pause.stack[0].locals).toMatchObject({ limit: "3", n: "0" });
    session.command("out");
    const third = await session.next();
    expect(lines(third)).toBe("main:16");
    if (third.type === "pause") expect(third.pause.stack[0].locals).toMatchObject({ status: "3" });
    session.command("continue", [], bp);
    const done = await session.next();
    expect(done).toMatchObject({ type: "done", reason: "power-off", status: 3 });
  });
});
