// Driving a real terminal for end-to-end tests: a tmux server of the test's
// own (its own socket, so nothing else's sessions are touched), a shell in
// a session of a given size without CI set (Ink draws live only then), keys
// sent, and the screen polled until it shows what the test waits for.
import { execFileSync } from "node:child_process";

export const PROMPT = "E2E-SHELL-READY$";

export interface Terminal {
  tmux(...args: string[]): string;
  screen(name: string): string;
  keys(name: string, ...k: string[]): string;
  /** Poll the screen until `ok` holds (a generous bound, not a timing assertion). */
  until(name: string, ok: (s: string) => boolean, what: string, tries?: number): Promise<string>;
  /** A shell in a new session `name` of cols x rows, in `cwd`. */
  shell(name: string, cols: number, rows: number, cwd: string): Promise<void>;
  kill(): void;
}

export function terminal(socket: string): Terminal {
  const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
  const screen = (name: string) => tmux("capture-pane", "-p", "-t", name);
  const keys = (name: string, ...k: string[]) => tmux("send-keys", "-t", name, ...k);
  async function until(name: string, ok: (s: string) => boolean, what: string, tries = 900): Promise<string> {
    let s = "";
    for (let i = 0; i < tries; i++) {
      s = screen(name);
      if (ok(s)) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the terminal never showed ${what}; the screen was:\n${s}`);
  }
  return {
    tmux, screen, keys, until,
    async shell(name, cols, rows, cwd) {
      tmux("new-session", "-d", "-s", name, "-x", String(cols), "-y", String(rows), "env", "-u", "CI", "-u", "CONTINUOUS_INTEGRATION",
        `PS1=${PROMPT} `, "bash", "--norc", "--noprofile");
      await until(name, (s) => s.includes(PROMPT), "the shell prompt");
      keys(name, "-l", `cd ${cwd}`);
      keys(name, "Enter");
    },
    kill() { try { execFileSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" }); } catch { /* no server left */ } },
  };
}
