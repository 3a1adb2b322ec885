// The bottom line: arch, run state, virtual time, the last event, and the
// breakpoint prompt when one is open.

import React from "react";
import { Box, Text } from "ink";
import type { StatusView } from "../snapshot";

export interface StatusProps {
  status: StatusView;
  width: number;
  /** Text typed at the breakpoint prompt, if it is open. */
  prompt?: string;
  /** A message that replaces the last event (e.g. a bad breakpoint). */
  message?: string;
  /** What the prompt asks for (default: a breakpoint). */
  promptLabel?: string;
}

const STATE_COLOR = { paused: "yellow", running: "green", exited: "red" } as const;

const MODE_COLOR = { user: "green", kernel: "magenta", idle: "gray" } as const;

export function StatusLine({ status, width, prompt, message, promptLabel }: StatusProps): React.ReactElement {
  if (prompt !== undefined) {
    return (
      <Box width={width}>
        <Text wrap="truncate-end"><Text bold color="cyan">{promptLabel ?? (status.mode ? "breakpoint (symbol, 0x address, event kind or 'fault 0x...'; Enter sets/clears, Esc cancels): " : "breakpoint (symbol or 0x address, Enter sets/clears, Esc cancels): ")}</Text>{prompt}<Text inverse> </Text></Text>
      </Box>
    );
  }
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        <Text bold inverse> {status.chapter ? `${status.chapter} ` : ""}{status.title} </Text>
        {status.mode ? <Text color={MODE_COLOR[status.mode]}> {status.mode}</Text> : null}
        <Text color={STATE_COLOR[status.state]} bold> {status.state} </Text>
        <Text> retired {status.retired}  vt {status.virtualTime}  </Text>
        <Text color={message ? "red" : undefined}>{message ?? status.lastEvent}</Text>
        {status.kernelEvent && !message && !status.lastEvent.includes("kernel:") ? <Text dimColor>  │ kernel {status.kernelEvent}</Text> : null}
        <Text dimColor>  ? help</Text>
      </Text>
    </Box>
  );
}
