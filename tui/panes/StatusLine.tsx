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
}

const STATE_COLOR = { paused: "yellow", running: "green", exited: "red" } as const;

export function StatusLine({ status, width, prompt, message }: StatusProps): React.ReactElement {
  if (prompt !== undefined) {
    return (
      <Box width={width}>
        <Text wrap="truncate-end"><Text bold color="cyan">breakpoint (symbol or 0x address, Enter sets/clears, Esc cancels): </Text>{prompt}<Text inverse> </Text></Text>
      </Box>
    );
  }
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        <Text bold inverse> {status.title} </Text>
        <Text color={STATE_COLOR[status.state]} bold> {status.state} </Text>
        <Text> retired {status.retired}  vt {status.virtualTime}  </Text>
        <Text color={message ? "red" : undefined}>{message ?? status.lastEvent}</Text>
        <Text dimColor>  ? help</Text>
      </Text>
    </Box>
  );
}
