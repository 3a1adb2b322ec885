// Opening the debugger full-screen and giving the terminal back afterwards.
//
// The alternate screen buffer (as vim and less use) keeps the student's
// shell scrollback intact; the cursor is hidden while we draw. Whatever way
// we leave — q, Ctrl+C, an exception — the terminal is restored.

import React from "react";
import { render } from "ink";
import { App } from "./app";
import type { DebugSession } from "./session";
import { fullScreen } from "./fullscreen";


export async function openDebugger(session: DebugSession, lesson?: string): Promise<void> {
  await fullScreen(async () => {
    const app = render(<App session={session} lesson={lesson} />, { exitOnCtrlC: false, patchConsole: true, maxFps: 30 });
    await app.waitUntilExit();
    app.cleanup();
  });
}
