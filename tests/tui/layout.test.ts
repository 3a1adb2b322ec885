// Layout arithmetic and the line builders, without a terminal.

import { describe, expect, it } from "vitest";
import { layout, type PaneId } from "../../tui/layout";
import { kernelLayout } from "../../tui/kernel/layout";
import { markdownLines } from "../../tui/lines/lesson";
import { lineText, wrap } from "../../tui/lines/line";
import { consoleLines } from "../../tui/lines/console";
import { expandTabs } from "../../tui/disasm-view";

const regRows = (n: number) => (w: number) => Math.ceil(n / Math.floor((w + 2) / 23)) + 1;

describe("layout", () => {
  for (const [cols, rows] of [[100, 30], [120, 40], [200, 60]]) {
    it(`fills ${cols}x${rows} without overlap, one row short of the terminal`, () => {
      for (const regs of [17, 34]) {
        const l = layout(cols, rows, regRows(regs), false);
        const p = l.panes as Record<PaneId, { width: number; height: number }>;
        expect(l.tooSmall).toBe(false);
        // Columns: left + right = full width; rows: registers + body + status = rows - 1.
        expect(p.disasm.width + p.memory.width).toBe(cols);
        expect(p.registers.height + l.bodyHeight + 1).toBe(rows - 1);
        expect(p.disasm.height + p.console.height).toBe(l.bodyHeight);
        expect(p.memory.height + p.lesson.height).toBe(l.bodyHeight);
        expect(p.disasm.height).toBeGreaterThanOrEqual(8);
        expect(p.kernel).toBeUndefined();
      }
    });
  }

  it("makes room for the kernel pane when a kernel publishes data", () => {
    const l = layout(100, 30, regRows(17), true);
    expect(l.panes.kernel!.height).toBeGreaterThan(2);
    expect(l.panes.memory!.height + l.panes.lesson!.height + l.panes.kernel!.height).toBe(l.bodyHeight);
  });

  it("zooms one pane to the whole screen, and refuses tiny terminals", () => {
    expect(layout(100, 30, regRows(17), false, "console").panes).toEqual({ console: { width: 100, height: 28 } });
    expect(layout(59, 30, regRows(17), false).tooSmall).toBe(true);
    expect(layout(100, 15, regRows(17), false).tooSmall).toBe(true);
  });
});

describe("kernel layout", () => {
  for (const [cols, rows] of [[100, 30], [120, 40], [149, 45], [150, 45], [200, 60]]) {
    it(`tiles ${cols}x${rows}: columns fill the width, each column the body, every pane readable`, () => {
      const l = kernelLayout(cols, rows, regRows(20));
      expect(l.tooSmall).toBe(false);
      const cs = l.columns!;
      expect(cs.length).toBe(cols >= 150 ? 3 : 2);
      expect(cs.reduce((n, c) => n + c.width, 0)).toBe(cols);
      expect(l.panes.registers!.height + l.bodyHeight + 1).toBe(rows - 1);
      for (const c of cs) expect(c.panes.reduce((n, id) => n + l.panes[id]!.height, 0)).toBe(l.bodyHeight);
      for (const id of ["disasm", "console", "memory", "aspace", "events", "lesson"] as PaneId[]) expect(l.panes[id]!.height).toBeGreaterThanOrEqual(3);
    });
  }
});

describe("lines", () => {
  it("renders a lesson's markdown: headings, paragraphs, lists, code", () => {
    const md = "# Boot\n\nThe *firmware* loads `kernel.elf`.\n\n- one\n- two\n\n```\nmov rax, 1\n```\n";
    const text = markdownLines(md, 40).map(lineText);
    expect(text).toEqual(["Boot", "", "The firmware loads kernel.elf.", "", "• one", "• two", "", "  mov rax, 1"]);
  });

  it("wraps at spaces and splits words longer than the width", () => {
    expect(wrap("aaa bbb ccc", 7)).toEqual(["aaa bbb", "ccc"]);
    expect(wrap("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
  });

  it("shows control characters in console output escaped, not raw", () => {
    expect(consoleLines("a\x1b[2Jb\n", 20).map(lineText)).toEqual(["a^[[2Jb"]);
  });

  it("expands objdump's tab to spaces at 8-column stops", () => {
    expect(expandTabs("stp\tx29, x30")).toBe("stp     x29, x30");
  });
});
