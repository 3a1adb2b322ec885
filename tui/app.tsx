// The debugger's screen: panes laid out by terminal size, a status line, the
// help overlay and the breakpoint prompt. It reads snapshots from the
// session (one per redraw, never per instruction) and sends commands through
// the Controller; it never touches the machine.

import React, { useEffect, useMemo, useRef, useState } from "react";
import { Box, Text, useApp, useInput, useStdout } from "ink";
import { Controller } from "./controller";
import { layout, FOCUS_ORDER, MIN_COLUMNS, MIN_ROWS, type PaneId } from "./layout";
import { consoleLines } from "./lines/console";
import { disasmLines } from "./lines/disasm";
import { addressSpaceLines, eventsLines, hasKernelData, kernelLines } from "./lines/kernel";
import { kernelLayout } from "./kernel/layout";
import { KERNEL_HELP, LINUX_HELP, markdownLines } from "./lines/lesson";
import type { Line } from "./lines/line";
import { memoryLines } from "./lines/memory";
import { registerLines } from "./lines/registers";
import { Help } from "./panes/Help";
import { Pane } from "./panes/Pane";
import { StatusLine } from "./panes/StatusLine";
import { BreakpointError, type DebugSession } from "./session";
import type { DebugSnapshot } from "./snapshot";

export interface AppProps {
  session: DebugSession;
  /** The lesson's markdown (a chapter's README.md); the Linux help when absent. */
  lesson?: string;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  columns?: number;
  rows?: number;
}

const TITLES: Record<PaneId, string> = {
  disasm: "Disassembly", registers: "Registers", memory: "Memory", console: "Console", lesson: "Lesson", kernel: "Kernel",
  aspace: "Address space", events: "Kernel events",
};

/** What the status-line prompt is asking for. */
type PromptKind = "break" | "walk" | "input";

/** The terminal's size, updated when it is resized. */
function useTerminalSize(fixedColumns?: number, fixedRows?: number): [number, number] {
  const { stdout } = useStdout();
  const read = (): [number, number] => [fixedColumns ?? stdout.columns ?? 100, fixedRows ?? stdout.rows ?? 30];
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixedColumns !== undefined && fixedRows !== undefined) return;
    const onResize = () => setSize(read());
    stdout.on("resize", onResize);
    return () => { stdout.off("resize", onResize); };
  }, [stdout, fixedColumns, fixedRows]);
  return [fixedColumns ?? size[0], fixedRows ?? size[1]];
}

export function App({ session, lesson, columns, rows }: AppProps): React.ReactElement {
  const { exit } = useApp();
  const [width, height] = useTerminalSize(columns, rows);
  const [tick, setTick] = useState(0);
  const [message, setMessage] = useState<string | undefined>();
  const controller = useMemo(() => new Controller(session, () => setTick((t) => t + 1), setMessage), [session]);
  const [focus, setFocus] = useState<PaneId>("disasm");
  const [scroll, setScroll] = useState<Partial<Record<PaneId, number>>>({});
  const [zoom, setZoom] = useState<PaneId | undefined>();
  const [help, setHelp] = useState(false);
  const [prompt, setPrompt] = useState<string | undefined>();
  const promptRef = useRef<string | undefined>(undefined);
  const promptKind = useRef<PromptKind>("break");
  const openPrompt = (text: string | undefined, kind?: PromptKind) => { if (kind) promptKind.current = kind; promptRef.current = text; setPrompt(text); };
  const lastSnap = useRef<DebugSnapshot | undefined>(undefined);

  // Disassembly rows needed to fill the pane either side of the PC.
  const disasmRows = Math.max(4, height);
  const snap = useMemo(() => session.snapshot({ disasmBefore: disasmRows, disasmAfter: disasmRows }), [tick, session, disasmRows]);
  lastSnap.current = snap;
  const showKernel = hasKernelData(snap.kernel);
  // A chapter's kernel session says where the CPU is (status.mode): it gets the kernel layout.
  const kernelSession = snap.status.mode !== undefined;
  const regRows = (w: number) => registerLines(snap, w).length;
  const lay = kernelSession ? kernelLayout(width, height, regRows, zoom) : layout(width, height, regRows, showKernel, zoom);
  const focusable = FOCUS_ORDER.filter((p) => (zoom ? p === zoom : lay.panes[p] !== undefined));

  const after = (fn: () => void) => { setMessage(undefined); setScroll((s) => ({ ...s, disasm: 0, console: 0 })); fn(); };
  // Where each pane's view is now, so scrolling moves from what is shown and stops at the ends.
  const shown = useRef<Partial<Record<PaneId, { base: number; top: number; max: number }>>>({});
  const scrollTo = (to: (top: number, max: number) => number) => {
    const id = ui.current.focus, v = shown.current[id];
    if (!v) return;
    const top = Math.max(0, Math.min(v.max, to(v.top, v.max)));
    setScroll((s) => ({ ...s, [id]: top - v.base }));
  };
  const scrollBy = (n: number) => scrollTo((top) => top + n);

  // A key can arrive before React has re-subscribed this handler after a
  // render, so the handler reads the current UI state through a ref.
  const ui = useRef({ help, zoom, focus, focusable });
  ui.current = { help, zoom, focus, focusable };

  useInput((input, key) => {
    const { help, zoom, focus, focusable } = ui.current;
    // Keys can arrive faster than React re-renders, so the prompt's text lives in a ref.
    const typed = promptRef.current;
    if (typed !== undefined) {
      const enter = key.return || /[\r\n]/.test(input);
      const text = typed + (key.return ? "" : input.replace(/[\r\n].*$/s, ""));
      if (key.escape) openPrompt(undefined);
      else if (enter) {
        openPrompt(undefined);
        if (promptKind.current === "walk") submitWalk(text);
        else if (promptKind.current === "input") { session.typeInput?.(text + "\n"); setTick((t) => t + 1); }
        else submitBreakpoint(text);
      }
      else if (key.backspace || key.delete) openPrompt(typed.slice(0, -1));
      else if (input && !key.ctrl && !key.meta) openPrompt(text);
      return;
    }
    if (help) { ui.current.help = false; setHelp(false); if (input !== "q") return; }
    if (input === "q" || (key.ctrl && input === "c")) { controller.quit(); exit(); return; }
    if (input === "?") { ui.current.help = true; setHelp(true); }
    else if (input === "s") after(() => controller.step());
    else if (input === "S" || (key.shift && key.leftArrow)) after(() => void controller.stepBack());
    else if (input === "p" && session.beginStepBackEvent) after(() => void controller.stepBack(true));
    else if (input === "w" && session.setWalk) openPrompt("", "walk");
    else if (input === "i" && session.typeInput) openPrompt("", "input");
    else if (input === "n") after(() => void controller.run("event"));
    else if (input === "c" || input === " ") after(() => void controller.run("breakpoint"));
    else if (input === "b") openPrompt("", "break");
    else if (input === "z") { ui.current.zoom = zoom ? undefined : focus; setZoom(ui.current.zoom); }
    else if (key.tab) {
      const i = focusable.indexOf(focus);
      ui.current.focus = focusable[(i + (key.shift ? focusable.length - 1 : 1)) % focusable.length] ?? "disasm";
      setFocus(ui.current.focus);
    }
    else if (key.upArrow) scrollBy(-1);
    else if (key.downArrow) scrollBy(1);
    else if (key.pageUp) scrollBy(-10);
    else if (key.pageDown) scrollBy(10);
    else if (key.home) scrollTo(() => 0);
    else if (key.end) scrollTo((_, max) => max);
  });

  function submitWalk(spec: string): void {
    try {
      session.setWalk?.(spec);
      setMessage(undefined);
    } catch (e) {
      if (!(e instanceof BreakpointError)) throw e;
      setMessage(e.message);
    }
    setTick((t) => t + 1);
  }

  function submitBreakpoint(spec: string): void {
    const text = spec.trim();
    if (!text) return;
    const bare = text.replace(/^0x/i, "").toLowerCase();
    const existing = lastSnap.current?.breakpoints.find((b) => b.symbol === text || b.address === bare);
    try {
      if (existing) session.removeBreakpoint(BigInt("0x" + existing.address));
      else session.addBreakpoint(text);
      setMessage(undefined);
    } catch (e) {
      if (!(e instanceof BreakpointError)) throw e;
      setMessage(e.message);
    }
    setTick((t) => t + 1);
  }

  if (lay.tooSmall) {
    return <Text>The debugger needs a terminal of at least {MIN_COLUMNS}x{MIN_ROWS} (100x30 or more is best); this one is {width}x{height}. Resize it, or press q.</Text>;
  }
  const usable = height - 1;
  const promptLabel = promptKind.current === "walk" ? "walk the page tables for (0x address or symbol; empty follows the PC, Esc cancels): "
    : promptKind.current === "input" ? "type into the kernel's console (Enter sends the line, Esc cancels): " : undefined;
  const status = <StatusLine status={snap.status} width={width} prompt={prompt} promptLabel={promptLabel} message={message} />;
  if (help) return <Box flexDirection="column" width={width} height={usable}><Help width={width} height={usable - 1} />{status}</Box>;

  const pane = (id: PaneId) => {
    const size = lay.panes[id];
    if (!size) return null;
    const inner = { w: size.width - 2, h: size.height - 2 };
    const { lines, top, base } = paneContent(id, snap, inner.w, inner.h, scroll[id] ?? 0, lesson);
    shown.current[id] = { base, top, max: Math.max(0, lines.length - inner.h) };
    return <Pane key={id} title={TITLES[id]} lines={lines} width={size.width} height={size.height} top={top} focused={focus === id} />;
  };

  if (zoom) return <Box flexDirection="column" width={width} height={usable}>{pane(zoom)}{status}</Box>;
  if (lay.columns) {
    return (
      <Box flexDirection="column" width={width} height={usable}>
        {pane("registers")}
        <Box flexDirection="row" height={lay.bodyHeight}>
          {lay.columns.map((c, i) => <Box key={i} flexDirection="column" width={c.width}>{c.panes.map(pane)}</Box>)}
        </Box>
        {status}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={usable}>
      {pane("registers")}
      <Box flexDirection="row" height={lay.bodyHeight}>
        <Box flexDirection="column" width={lay.leftWidth}>{pane("disasm")}{pane("console")}</Box>
        <Box flexDirection="column" width={width - lay.leftWidth}>{pane("memory")}{pane("lesson")}{pane("kernel")}</Box>
      </Box>
      {status}
    </Box>
  );
}

/**
 * A pane's lines, the first line to show, and `base`: where the view sits
 * when not scrolled (the PC's neighbourhood, the console's end, the top).
 */
function paneContent(id: PaneId, snap: DebugSnapshot, w: number, h: number, scroll: number, lesson?: string): { lines: Line[]; top: number; base: number } {
  const at = (lines: Line[], base: number) => ({ lines, base, top: Math.max(0, Math.min(base + scroll, lines.length - h)) });
  switch (id) {
    case "registers": return at(registerLines(snap, w), 0);
    case "disasm": {
      // Keep the PC a third of the way down.
      const d = disasmLines(snap.disassembly, w);
      return at(d.lines, d.pcIndex - Math.floor(h / 3));
    }
    case "console": {
      const lines = consoleLines(snap.console, w);
      return at(lines, lines.length - h);
    }
    case "memory": return at(memoryLines(snap, w), 0);
    case "lesson": return at(markdownLines(lesson ?? (snap.status.mode ? KERNEL_HELP : LINUX_HELP), w), 0);
    case "kernel": return at(kernelLines(snap.kernel), 0);
    case "aspace": return at(addressSpaceLines(snap.kernel), 0);
    case "events": {
      // Newest events last: start at the end, like the console.
      const lines = eventsLines(snap.kernel);
      return at(lines, lines.length - h);
    }
  }
}
