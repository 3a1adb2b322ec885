// `minos dashboard N`: live charts of a chapter's kernel over virtual time
// (blessed-contrib). The kernel runs in slices of virtual time between
// screen updates (tui/dashboard/collect.ts records one sample per slice);
// the screen redraws about 10 times a second. Keys: q / Esc / Ctrl+C quit,
// space pauses and resumes.
//
//   +-------------------------------+---------------------------+
//   | CPU use per thread (%)        | run-queue lengths         |
//   +-------------------------------+---------------------------+
//   | syscalls / faults / IRQs / IPC per interval | memory gauge |
//   +-------------------------------+---------------------------+
//   | kernel events (the kernel's log) and the console          |
//   +-----------------------------------------------------------+

import blessed from "blessed";
import contrib from "blessed-contrib";
import type { DashboardRun, Sample } from "./collect";

/** Samples kept on the charts (the x axis scrolls). */
const WINDOW = 60;
const COLORS = ["green", "yellow", "cyan", "magenta", "red", "blue", "white"];

interface Series { title: string; x: string[]; y: number[]; style: { line: string } }

/** Chart series from samples: pure, so a test can check it without a terminal. */
export function chartData(samples: Sample[]): { cpu: Series[]; queues: Series[]; rates: Series[]; memory: number | null } {
  const shown = samples.slice(-WINDOW);
  const x = shown.map((s) => String(s.time));
  const names = [...new Set(shown.flatMap((s) => Object.keys(s.cpu)))].sort((a, b) => (a === "idle" ? 1 : b === "idle" ? -1 : a.localeCompare(b)));
  const cpu = names.map((n, i) => ({ title: n, x, y: shown.map((s) => Math.round(100 * (s.cpu[n] ?? 0))), style: { line: COLORS[i % COLORS.length] } }));
  const n = Math.max(1, ...shown.map((s) => s.runQueues.length));
  const labels = shown[shown.length - 1]?.runQueueLabels ?? [];
  const queues = Array.from({ length: n }, (_, c) => ({ title: labels[c] ?? `queue ${c}`, x, y: shown.map((s) => s.runQueues[c] ?? 0), style: { line: COLORS[c % COLORS.length] } }));
  const rate = (title: string, f: (s: Sample) => number, line: string) => ({ title, x, y: shown.map(f), style: { line } });
  const rates = [
    rate("syscalls", (s) => s.syscalls, "green"), rate("page faults", (s) => s.pageFaults, "red"),
    rate("IRQs", (s) => s.irqs, "yellow"), rate("switches", (s) => s.switches, "magenta"), rate("IPC", (s) => s.ipc, "cyan"),
  ];
  const last = samples[samples.length - 1]?.memory;
  return { cpu, queues, rates, memory: last ? Math.round((100 * last.used) / last.total) : null };
}

export interface DashboardOptions { title: string; fps?: number; sliceMs?: number }

/** Open the dashboard on a terminal; resolves when the user quits. */
export function openDashboard(run: DashboardRun, o: DashboardOptions): Promise<void> {
  const screen = blessed.screen({ smartCSR: true, title: o.title });
  const grid = new contrib.grid({ rows: 12, cols: 12, screen });
  const line = (r: number, c: number, rs: number, cs: number, label: string) =>
    grid.set(r, c, rs, cs, contrib.line, { label, showLegend: true, legend: { width: 16 }, minY: 0, wholeNumbersOnly: true, style: { text: "white", baseline: "white" } });
  const cpuChart = line(0, 0, 5, 7, " CPU use per thread (% of each interval) ");
  const queueChart = line(0, 7, 5, 5, " run-queue length ");
  const rateChart = line(5, 0, 4, 9, " per interval ");
  const gauge = grid.set(5, 9, 4, 3, contrib.gauge, { label: " memory in use ", stroke: "green", fill: "white" });
  const log = grid.set(9, 0, 3, 12, contrib.log, { label: ` ${o.title} — q quits, space pauses `, fg: "white", selectedFg: "white" });

  let paused = false, seen: unknown = undefined, consoleSeen = 0, ended = false;
  const draw = () => {
    const d = chartData(run.samples);
    if (run.samples.length) {
      cpuChart.setData(d.cpu);
      queueChart.setData(d.queues);
      rateChart.setData(d.rates);
    }
    if (d.memory !== null) gauge.setPercent(d.memory);
    // New kernel events (the log is a ring: compare by identity) and console lines.
    const ev = run.kernel?.state.events ?? [];
    const from = ev.indexOf(seen as never) + 1;
    for (let i = from; i < ev.length; i++) log.log(`t=${ev[i].time} ${ev[i].kind}: ${ev[i].text}`);
    if (ev.length) seen = ev[ev.length - 1];
    const con = run.console;
    const nl = con.lastIndexOf("\n");
    if (nl + 1 > consoleSeen) { for (const l of con.slice(consoleSeen, nl).split("\n")) if (l) log.log(`console: ${l}`); consoleSeen = nl + 1; }
    if (run.result && !ended) {
      ended = true;
      const r = run.result;
      log.log(r.reason === "power-off" ? `the kernel powered off (status ${r.status}); q quits` : `the machine stopped: ${r.error ?? r.reason}; q quits`);
    }
    screen.render();
  };

  return new Promise((resolve) => {
    const fps = o.fps ?? 10, sliceMs = o.sliceMs ?? 40;
    const timer = setInterval(() => {
      if (!paused) {
        // Run intervals for at most sliceMs of wall time, then show them.
        const start = performance.now();
        while (!run.done && performance.now() - start < sliceMs) run.step();
      }
      draw();
    }, 1000 / fps);
    const quit = () => { clearInterval(timer); screen.destroy(); resolve(); };
    screen.key(["q", "escape", "C-c"], quit);
    screen.key(["space"], () => { paused = !paused; });
    draw();
  });
}
