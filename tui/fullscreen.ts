// Taking over the terminal for a full-screen debugger, and always giving it
// back: the alternate screen and a hidden cursor while `run` runs; restored
// when it returns or throws, at process exit, and when the process is
// killed from outside (SIGTERM, a closing terminal's SIGHUP).

const ENTER = "\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l", LEAVE = "\x1b[?25h\x1b[?1049l";

export async function fullScreen<T>(run: () => Promise<T>): Promise<T> {
  const out = process.stdout;
  out.write(ENTER);
  const restore = () => out.write(LEAVE);
  const killed = (signal: NodeJS.Signals) => { restore(); process.exit(signal === "SIGHUP" ? 129 : 143); };
  process.once("exit", restore);
  process.once("SIGTERM", killed);
  process.once("SIGHUP", killed);
  try {
    return await run();
  } finally {
    process.off("exit", restore);
    process.off("SIGTERM", killed);
    process.off("SIGHUP", killed);
    restore();
  }
}
