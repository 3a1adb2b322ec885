// The console: the kernel's text goes into a byte queue in its state, and
// the UART takes it from there as fast as the wire allows. kprint never
// waits: it hands the UART what fits in its FIFO now, and the transmit
// interrupt ("the FIFO is empty again") brings the kernel back to hand over
// more (irq.ts). Time does not pass inside a handler, so a kernel that
// spun on "is the UART ready?" would spin forever.

import type { Kernel } from "./kernel";

// @snippet kprint
export function kprint(kn: Kernel, text: string): void {
  const q = kn.state.console.out;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    q.push(c < 0x80 ? c : 0x3f);                           // the console is ASCII: anything else prints as '?'
  }
  consoleFlush(kn);
}

/** Hand the UART what fits now (it asks for the rest with its transmit interrupt). */
export function consoleFlush(kn: Kernel): void {
  if (kn.state.consoleUp && kn.state.console.out.length > 0) kn.hal.consoleSend(kn.k, kn.state.console.out);
}
// @end kprint

/** The console has nothing left to send: the queue is empty and the UART's last bit has left. */
export function consoleIdle(kn: Kernel): boolean {
  return kn.state.console.out.length === 0 && (!kn.state.consoleUp || kn.hal.consoleDrained(kn.k));
}

/** Raw bytes from a user program's write(): queued as they are. */
export function consoleWriteBytes(kn: Kernel, bytes: Uint8Array): void {
  const q = kn.state.console.out;
  for (const b of bytes) q.push(b);
  consoleFlush(kn);
}
