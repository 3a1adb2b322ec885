// A bordered pane with a title in its top border, showing the visible slice
// of its lines (only those are rendered: a long console costs nothing).

import React from "react";
import { Box, Text } from "ink";
import type { Line } from "../lines/line";

export interface PaneProps {
  title: string;
  lines: Line[];
  width: number;
  height: number;
  /** Index of the first line shown. */
  top: number;
  focused: boolean;
}

export function Pane({ title, lines, width, height, top, focused }: PaneProps): React.ReactElement {
  const inner = Math.max(0, height - 2);
  const first = Math.max(0, Math.min(top, lines.length - inner));
  const visible = lines.slice(first, first + inner);
  const color = focused ? "cyan" : "gray";
  const more = lines.length > inner ? ` ${first + 1}-${first + visible.length}/${lines.length} ` : "";
  const label = ` ${title} `;
  const fill = Math.max(0, width - 2 - label.length - more.length);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text color={color}>┌</Text>
        <Text color={focused ? "cyan" : "white"} bold={focused}>{label}</Text>
        <Text color={color}>{"─".repeat(fill)}</Text>
        <Text color="gray">{more}</Text>
        <Text color={color}>┐</Text>
      </Text>
      <Box flexDirection="column" width={width} height={inner + 1} borderStyle="single" borderTop={false} borderColor={color}>
        {visible.map((line, i) => (
          <Text key={i} wrap="truncate-end">
            {line.length === 0 ? " " : line.map((s, j) => (
              <Text key={j} color={s.color} backgroundColor={s.backgroundColor} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>{s.text}</Text>
            ))}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
