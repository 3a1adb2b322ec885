// The kernel-stepping screen: the same look as the instruction debugger
// (tui/app.tsx: its Pane, StatusLine and Help), on a StepController. Keys:
// s step into, n step over, o (or S) step out, c continue, b breakpoint,
// Up/Down select a frame, Tab focus, PgUp/PgDn scroll, z zoom, ? help, q quit.

import React, { useEffect, useRef, useState } from "react";
import { Box, Text, useApp, useInput, useStdout } from "ink";
import type { Line } from "../lines/line";
import { Help } from "../panes/Help";
import { Pane } from "../panes/Pane";
import { StatusLine } from "../panes/StatusLine";
import type { StatusView } from "../snapshot";
import type { StepController } from "./controller";
import { consoleLines, eventLines, localsLines, memoryLines, sourceLines, stackLines, stepRegisterLines, whereText } from "./lines";
import { STEP_FOCUS, stepLayout, type StepPaneId } from "./layout";

export const STEP_HELP_KEYS: [string, string][] = [
  ["s", "step into: the next kernel statement, entering calls"],
  ["n", "step over: the next statement in this function (or a caller)"],
  ["o / S", "step out: run to the caller's next statement"],
  ["c / space", "continue: run the machine (user mode too) to a breakpoint or power-off"],
  ["p (or c) while running", "pause at the next kernel statement the machine runs"],
  ["b", "set or clear a breakpoint: file:line (memfault.ts:19) or a function (pageFault)"],
  ["Up / Down", "select the frame the source and locals show"],
  ["Tab / Shift+Tab", "focus the next / previous pane"],
  ["PgUp PgDn Home End", "scroll the focused pane"],
  ["z", "zoom the focused pane to the whole screen (again to restore)"],
  ["?", "this help (any key closes it)"],
  ["q / Ctrl+C", "quit (stops the machine) and restore the terminal"],
];

const TITLES: Record<StepPaneId, string> = {
  registers: "Registers (trapped context, system)", source: "Kernel source", console: "Console", stack: "Call stack",
  locals: "Locals", memory: "Memory", events: "Kernel events",
};

export interface StepAppProps { controller: StepController; columns?: number; rows?: number }

export function StepApp({ controller, columns, rows }: StepAppProps): React.ReactElement {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const width = columns ?? stdout.columns ?? 100, height = rows ?? stdout.rows ?? 30;
  const [, setTick] = useState(0);
  const [help, setHelp] = useState(false);
  const [prompt, setPrompt] = useState<string | undefined>();
  const promptRef = useRef<string | undefined>(undefined);
  const [focus, setFocus] = useState<StepPaneId>("source");
  const [scroll, setScroll] = useState<Partial<Record<StepPaneId, number>>>({});
  const [zoom, setZoom] = useState<StepPaneId | undefined>();
  const v = controller.view;

  useEffect(() => {
    controller.onChange = () => setTick((t) => t + 1);
    return () => { controller.onChange = () => {}; };
  }, [controller]);
  // A new pause re-centres the source and resets the other panes' scrolling.
  const pauseRef = useRef(v.pause);
  if (pauseRef.current !== v.pause) { pauseRef.current = v.pause; if (Object.keys(scroll).length) setScroll({}); }

  const open = (t: string | undefined) => { promptRef.current = t; setPrompt(t); };
  const lay = stepLayout(width, height, (w) => stepRegisterLines(v, w).length, zoom, stackLines(v).length, localsLines(v).length);

  useInput((input, key) => {
    const typed = promptRef.current;
    if (typed !== undefined) {
      const enter = key.return || /[\r\n]/.test(input);
      const text = typed + (key.return ? "" : input.replace(/[\r\n].*$/s, ""));
      if (key.escape) open(undefined);
      else if (enter) { open(undefined); controller.toggleBreakpoint(text); }
      else if (key.backspace || key.delete) open(typed.slice(0, -1));
      else if (input && !key.ctrl && !key.meta) open(text);
      return;
    }
    if (help) { setHelp(false); if (input !== "q") return; }
    if (input === "q" || (key.ctrl && input === "c")) { void controller.quit().then(() => exit()); return; }
    if (input === "?") setHelp(true);
    else if (input === "s") void controller.command("into");
    else if (input === "n") void controller.command("over");
    else if (input === "o" || input === "S") void controller.command("out");
    else if ((input === "c" || input === " " || input === "p") && v.state === "running") controller.pauseRunning();
    else if (input === "c" || input === " ") void controller.command("continue");
    else if (input === "b") open("");
    else if (key.upArrow) controller.selectFrame(1);
    else if (key.downArrow) controller.selectFrame(-1);
    else if (input === "z") setZoom(zoom ? undefined : focus);
    else if (key.tab) {
      const order = zoom ? [zoom] : STEP_FOCUS;
      const i = order.indexOf(focus);
      const next = order[(i + (key.shift ? order.length - 1 : 1)) % order.length];
      setFocus(next);
      if (zoom) setZoom(next);
    } else if (key.pageUp || key.pageDown || key.home || key.end) {
      const h = Math.max(1, (lay.panes[focus]?.height ?? 10) - 3);
      const cur = scroll[focus] ?? 0;
      const by = key.home ? -1e9 : key.end ? 1e9 : key.pageUp ? -h : h;
      setScroll({ ...scroll, [focus]: cur + by });
    }
  });

  const status: StatusView = {
    arch: v.arch, title: `${v.arch === "x86_64" ? "x86_64" : "AArch64"} kernel stepping`, chapter: `chapter ${v.chapter}`,
    retired: v.done?.retired ?? v.machine?.retired ?? 0, virtualTime: v.done?.ticks ?? v.machine?.ticks ?? 0,
    lastEvent: whereText(controller), state: v.state === "exited" ? "exited" : v.state === "paused" ? "paused" : "running",
  };
  if (lay.tooSmall) return <Text>The terminal is too small for the debugger: make it at least 60x16 (q quits).</Text>;
  if (help) return <Help width={width} height={height - 1} keys={STEP_HELP_KEYS} title="MinOS kernel stepping keys"
    footer="=> marks the statement about to run; ● a breakpoint; yellow registers changed since the last pause; + a page mapped since then." />;

  const src = sourceLines(controller);
  const content: Record<StepPaneId, { lines: Line[]; top: number; title?: string }> = {
    source: { lines: src.lines, title: src.title, top: 0 },
    registers: { lines: stepRegisterLines(v, width - 2), top: 0 },
    console: { lines: consoleLines(v), top: 1e9 },
    stack: { lines: stackLines(v), top: 0 },
    locals: { lines: localsLines(v), top: 1e9 },                // the newest locals stay in view (PgUp shows the arguments)
    memory: { lines: memoryLines(v), top: 0 },
    events: { lines: eventLines(v), top: 1e9 },
  };
  const sourceHeight = lay.panes.source?.height ?? 10;
  content.source.top = Math.max(0, src.current - Math.floor((sourceHeight - 2) / 2));
  const pane = (id: StepPaneId) => {
    const size = lay.panes[id];
    if (!size) return null;
    const c = content[id];
    const tail = Math.max(0, c.lines.length - (size.height - 2));        // console and events follow their newest line
    const top = Math.max(0, (c.top === 1e9 ? tail : c.top) + (scroll[id] ?? 0));
    return <Pane key={id} title={id === "source" ? c.title ?? TITLES.source : TITLES[id]} lines={c.lines}
      width={size.width} height={size.height} top={top} focused={focus === id} />;
  };
  if (zoom) return <Box flexDirection="column">{pane(zoom)}<StatusLine status={status} width={width} prompt={prompt} promptLabel={LABEL} /></Box>;
  return (
    <Box flexDirection="column" width={width}>
      {pane("registers")}
      <Box flexDirection="row">
        <Box flexDirection="column">{pane("source")}{pane("console")}</Box>
        <Box flexDirection="column">{pane("stack")}{pane("locals")}{pane("memory")}{pane("events")}</Box>
      </Box>
      <StatusLine status={status} width={width} prompt={prompt} promptLabel={LABEL} />
    </Box>
  );
}

const LABEL = "kernel breakpoint (file:line or function; Enter sets/clears, Esc cancels): ";
