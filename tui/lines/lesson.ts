// The lesson pane: a chapter's README.md rendered for the terminal with
// marked's lexer (headings, paragraphs, lists, code blocks, quotes). For
// `minos debug --linux` there is no chapter, so LINUX_HELP is shown instead.

import { lexer, type Token, type Tokens } from "marked";
import type { Line } from "./line";
import { wrap } from "./line";

/** Inline markdown as plain text: `code`, *emphasis*, [links](url) lose their markup. */
function inlineText(text: string): string {
  return text
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/\*([^*]+)\*/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/<\/?sub>/g, "")
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function tokenLines(t: Token, width: number, out: Line[]): void {
  switch (t.type) {
    case "heading": {
      const h = t as Tokens.Heading;
      for (const l of wrap(inlineText(h.text), width)) out.push([{ text: l, bold: true, color: h.depth === 1 ? "cyan" : "white" }]);
      break;
    }
    case "paragraph":
      for (const l of wrap(inlineText((t as Tokens.Paragraph).text), width)) out.push([{ text: l }]);
      break;
    case "list":
      (t as Tokens.List).items.forEach((item, i) => {
        const bullet = (t as Tokens.List).ordered ? `${i + 1}. ` : "• ";
        wrap(inlineText(item.text), width - bullet.length).forEach((l, j) => out.push([{ text: (j === 0 ? bullet : " ".repeat(bullet.length)) + l }]));
      });
      break;
    case "code":
      for (const l of (t as Tokens.Code).text.split("\n")) out.push([{ text: "  " + l, color: "green" }]);
      break;
    case "blockquote":
      for (const l of wrap(inlineText((t as Tokens.Blockquote).text), width - 2)) out.push([{ text: "│ ", dim: true }, { text: l, dim: true }]);
      break;
    case "hr":
      out.push([{ text: "─".repeat(Math.max(1, width)), dim: true }]);
      break;
    case "space":
      out.push([]);
      break;
    case "html": {
      // The lesson builder captions snippets with <sub>file, line</sub>: keep the text, drop the tags.
      const text = inlineText((t as Tokens.HTML).text.replace(/<[^>]*>/g, "")).trim();
      if (text) for (const l of wrap(text, width)) out.push([{ text: l, dim: true }]);
      break;
    }
    default:
      if ("text" in t && typeof t.text === "string") for (const l of wrap(inlineText(t.text), width)) out.push([{ text: l }]);
  }
}

/** The last few documents rendered, by width: a chapter's lesson is long and the screen redraws it on every frame. */
const rendered = new Map<string, Line[]>();

/** A markdown document as terminal lines `width` wide. */
export function markdownLines(markdown: string, width: number): Line[] {
  const key = `${width}\u0000${markdown}`;
  const hit = rendered.get(key);
  if (hit) return hit;
  const lines = renderMarkdown(markdown, width);
  if (rendered.size >= 4) rendered.delete(rendered.keys().next().value!);
  rendered.set(key, lines);
  return lines;
}

function renderMarkdown(markdown: string, width: number): Line[] {
  const out: Line[] = [];
  for (const t of lexer(markdown)) tokenLines(t, width, out);
  while (out.length && out[out.length - 1].length === 0) out.pop();
  return out;
}

export const LINUX_HELP = `# Debugging a Linux program

Your program runs in user mode on MinOS's emulated CPU, with a small Linux system-call layer, exactly as \`minos run --linux\` runs it. There is no MinOS kernel underneath, so there is no kernel pane (run queues, IPC): the chapters add it.

## Keys

- s step one instruction, S (or Shift+Left) step back
- n run to the next event (system call, fault, exit)
- c or space continue / pause
- b set or clear a breakpoint (symbol or 0x address)
- Tab focus the next pane; arrows and PgUp/PgDn scroll it; z zooms it
- ? help, q quit

## Things to try

- Press n: the program runs until its first system call. Which one is it?
- Set a breakpoint on main (b, then main) and continue.
- Step into a function, watch rsp (sp) and the return address change, then step back.
`;

export const KERNEL_HELP = `# Debugging a MinOS kernel

No lesson text was given for this run. The kernel runs on the emulated machine; its handlers are TypeScript, its programs real machine code.

## Keys

- s step (an instruction, or a whole kernel entry), S step back, p back to the previous kernel event
- n run to the next kernel event (system call, fault, interrupt, context switch...)
- c or space continue / pause
- b breakpoint: a symbol, 0x address, an event kind (syscall, page-fault, irq, switch...) or "fault 0x600000"
- w walk the page tables for an address, i type a line into the kernel's console
- Tab focus, arrows scroll, z zoom, ? help, q quit
`;
