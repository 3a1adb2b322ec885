// The help overlay (?): every key, one line each.

import React from "react";
import { Box, Text } from "ink";

export const HELP_KEYS: [string, string][] = [
  ["s", "step one instruction"],
  ["S / Shift+Left", "step back one instruction (replays the run deterministically)"],
  ["n", "run to the next event: system call, fault or exit (a kernel: any kernel entry)"],
  ["p", "a kernel: back to the previous kernel event"],
  ["c / space", "continue to a breakpoint or the end; again to pause"],
  ["b", "set or clear a breakpoint on a symbol (main) or address (0x401000); a kernel: also syscall, page-fault, irq, 'fault 0x600000'"],
  ["w", "a kernel: walk the page tables for an address"],
  ["i", "a kernel: type a line into its console (replays type it again)"],
  ["Tab / Shift+Tab", "focus the next / previous pane"],
  ["Up Down PgUp PgDn Home End", "scroll the focused pane"],
  ["z", "zoom the focused pane to the whole screen (again to restore)"],
  ["?", "this help (any key closes it)"],
  ["q / Ctrl+C", "quit and restore the terminal"],
];

/** `keys`, `title` and `footer` default to the instruction debugger's; kernel stepping (tui/step) passes its own. */
export function Help({ width, height, keys = HELP_KEYS, title = "MinOS debugger keys", footer }: { width: number; height: number;
  keys?: [string, string][]; title?: string; footer?: string }): React.ReactElement {
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor="cyan" paddingX={1}>
      <Text bold color="cyan">{title}</Text>
      <Text> </Text>
      {keys.map(([k, what]) => (
        <Text key={k} wrap="truncate-end"><Text bold>{k.padEnd(28)}</Text>{what}</Text>
      ))}
      <Text> </Text>
      <Text dimColor wrap="truncate-end">{footer ?? "Registers the last step changed are yellow; => marks the next instruction; ● a breakpoint."}</Text>
    </Box>
  );
}
