// Diagnostics in the form gcc and clang print them, so a student's editor can
// jump to them and the message reads like the compiler they will use later:
//
//   prog.c:3:11: error: expected ';' before '}' token
//       3 |     x = 1 }
//         |           ^
//
// The compiler collects errors and keeps going where it can (several errors
// per run); a `CompileError` stops the current phase when it cannot.

export interface SourceFile {
  name: string;
  text: string;
  /** Offset of the start of each line (line 1 is index 0). */
  lineStarts: number[];
}

export function sourceFile(name: string, text: string): SourceFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return { name, text, lineStarts };
}

/** A place in a source file: 1-based line and column. */
export interface Loc { file: SourceFile; line: number; col: number }

export type Severity = "fatal error" | "error" | "warning" | "note";

export interface Diagnostic { loc?: Loc; severity: Severity; message: string }

export class CompileError extends Error {
  constructor(readonly diag: Diagnostic) {
    super(diag.message);
    this.name = "CompileError";
  }
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];
  /** Stop collecting after this many errors (gcc: -fmax-errors). */
  limit = 20;

  get errorCount(): number { return this.list.filter((d) => d.severity === "error" || d.severity === "fatal error").length; }

  error(loc: Loc | undefined, message: string): void {
    this.list.push({ loc, severity: "error", message });
    if (this.errorCount >= this.limit) throw new CompileError({ loc, severity: "error", message: "too many errors; stopping" });
  }

  warning(loc: Loc | undefined, message: string): void {
    this.list.push({ loc, severity: "warning", message });
  }
}

/** Throw an error at `loc` that the phase cannot continue after. */
export function fatal(loc: Loc | undefined, message: string, severity: Severity = "error"): never {
  throw new CompileError({ loc, severity, message });
}

/** Render one diagnostic as gcc does, with the source line and a caret. */
export function formatDiagnostic(d: Diagnostic): string {
  if (!d.loc) return `minos cc: ${d.severity}: ${d.message}`;
  const { file, line, col } = d.loc;
  const head = `${file.name}:${line}:${col}: ${d.severity}: ${d.message}`;
  const start = file.lineStarts[line - 1];
  if (start === undefined) return head;
  const end = file.text.indexOf("\n", start);
  const text = file.text.slice(start, end < 0 ? undefined : end).replace(/\t/g, " ");
  const gutter = String(line).padStart(5);
  return `${head}\n${gutter} | ${text}\n${" ".repeat(5)} | ${" ".repeat(Math.max(0, col - 1))}^`;
}
