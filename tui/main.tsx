// Opening the debugger full-screen and giving the terminal back afterwards.
//
// The alternate screen buffer (as vim and less use) keeps the student's
// shell scrollback intact; the cursor is hidden while we draw. Whatever way
// we leave — q, Ctrl+C, an exception — the terminal is restored.

import React from "react";
import { render } from "ink";
import { App } from "./app";
import type { DebugSession } from "./session";

const ENTER = "\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l", LEAVE = "\x1b[?25h\x1b[?1049l";

export async function openDebugger(session: DebugSession, lesson?: string): Promise<void> {
  const out = process.stdout;
  out.write(ENTER);
  const restore = () => out.write(LEAVE);
  // Killed from outside (kill, a closing terminal): still give the screen back.
  const killed = (signal: NodeJS.Signals) => { restore(); process.exit(signal === "SIGHUP" ? 129 : 143); };
  process.once("exit", restore);
  process.once("SIGTERM", killed);
  process.once("SIGHUP", killed);
  try {
    const app = render(<App session={session} lesson={lesson} />, { exitOnCtrlC: false, patchConsole: true, maxFps: 30 });
    await app.waitUntilExit();
    app.cleanup();
  } finally {
    process.off("exit", restore);
    process.off("SIGTERM", killed);
    process.off("SIGHUP", killed);
    restore();
  }
}
