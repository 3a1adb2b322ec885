// The kernel command line: words separated by spaces, `key=value` or a bare
// flag, as Linux's. Chapter 01 reads two keys:
//   seed=N       the seed every choice the kernel makes comes from
//   run=a,b,c    the programs to start, in order (default: every boot module)

export interface Cmdline {
  seed: number;
  run: string[] | null;
  words: Record<string, string>;
  /** What was wrong with it (a user's typing mistake is reported, never a panic). */
  warnings: string[];
}

export function parseCmdline(text: string): Cmdline {
  const words: Record<string, string> = {};
  for (const w of text.split(/\s+/).filter((x) => x !== "")) {
    const eq = w.indexOf("=");
    if (eq < 0) words[w] = "";
    else words[w.slice(0, eq)] = w.slice(eq + 1);
  }
  let seed = 0;
  const warnings: string[] = [];
  if (words.seed !== undefined) {
    const n = Number(words.seed);
    if (words.seed !== "" && Number.isSafeInteger(n) && n >= 0) seed = n;
    else warnings.push(`seed=${words.seed} is not a whole number >= 0; using seed 0`);
  }
  const run = words.run === undefined ? null : words.run.split(",").filter((x) => x !== "");
  return { seed, run, words, warnings };
}
