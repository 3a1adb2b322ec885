// The virt console: an Arm PL011 UART (PrimeCell UART PL011 Technical
// Reference Manual r1p5, Arm DDI 0183G, chapter 3 "Programmers Model").
// Interrupt driven like the PC's 16550: the kernel fills the 32-byte
// transmit FIFO and asks for the transmit interrupt while it has more to
// send; the interrupt comes when the FIFO drains down through its trigger
// level (3.4.3), and the kernel refills it then. It never waits for the wire.

import type { KernelMode } from "../../../../../machine/kernel-mode";

/** Register offsets (Table 3-1). */
const R = { DR: 0x000, FR: 0x018, IBRD: 0x024, FBRD: 0x028, LCR_H: 0x02c, CR: 0x030, IFLS: 0x034, IMSC: 0x038, ICR: 0x044 } as const;
/** UARTFR (3.3.3): BUSY transmitting, receive FIFO empty, transmit FIFO full / empty. */
const FR_BUSY = 1 << 3, FR_RXFE = 1 << 4, FR_TXFF = 1 << 5, FR_TXFE = 1 << 7;
/** Interrupt bits in IMSC and ICR (3.3.10, 3.3.13): receive, transmit, receive timeout. */
const INT_RX = 1 << 4, INT_TX = 1 << 5, INT_RT = 1 << 6;
/** UARTCR (3.3.8): UART enable, transmit enable, receive enable. */
const CR_UARTEN = 1 << 0, CR_TXE = 1 << 8, CR_RXE = 1 << 9;
/** UARTLCR_H (3.3.7): WLEN = 0b11 (8 data bits) in bits 6:5, FEN (FIFOs on) bit 4; no parity, one stop bit. */
const LCRH_8N1_FIFO = (3 << 5) | (1 << 4);

const rd = (k: KernelMode, base: number, r: number) => Number(k.read(base + r, 4));
const wr = (k: KernelMode, base: number, r: number, v: number) => k.write(base + r, 4, BigInt(v >>> 0));

// @snippet arm64-uart-init
export function initPl011(k: KernelMode, base: number): void {
  wr(k, base, R.CR, 0);                       // disabled while we program it (3.3.8)
  wr(k, base, R.IMSC, 0);                     // no interrupts yet
  wr(k, base, R.ICR, 0x7ff);                  // clear anything pending
  // Baud rate divisor = UARTCLK / (16 x baud) = IBRD + FBRD/64 (3.3.6). The clock is
  // 24 MHz (the devicetree's apb-pclk); 1.0 gives 1.5 Mbaud, the fastest it allows,
  // and here a 10-bit frame then takes 10 ticks, as the PC's 16550 at divisor 1.
  wr(k, base, R.IBRD, 1);
  wr(k, base, R.FBRD, 0);
  wr(k, base, R.LCR_H, LCRH_8N1_FIFO);        // the divisor takes effect with this write (3.3.7)
  wr(k, base, R.IFLS, 0);                     // both FIFO triggers at 1/8 (4 bytes) (3.3.9)
  wr(k, base, R.IMSC, INT_RX | INT_RT);       // a byte arrived, or bytes wait below the trigger; TX only while sending
  wr(k, base, R.CR, CR_UARTEN | CR_TXE | CR_RXE);
}
// @end arm64-uart-init

// @snippet arm64-uart-send
/** Fill the transmit FIFO from the queue while it has room; ask for the TX interrupt while bytes remain. */
export function pl011Send(k: KernelMode, base: number, queue: number[]): void {
  wr(k, base, R.ICR, INT_TX);                 // a stale "FIFO drained" must not wake us: refilling is happening now
  let n = 0;
  while (n < queue.length && (rd(k, base, R.FR) & FR_TXFF) === 0) wr(k, base, R.DR, queue[n++]);
  queue.splice(0, n);
  wr(k, base, R.IMSC, INT_RX | INT_RT | (queue.length > 0 ? INT_TX : 0));
}
// @end arm64-uart-send

/** Drained: the transmit FIFO is empty and the UART is no longer busy shifting out the last byte (3.3.3). */
export function pl011Drained(k: KernelMode, base: number): boolean {
  const fr = rd(k, base, R.FR);
  return (fr & FR_TXFE) !== 0 && (fr & FR_BUSY) === 0;
}

/** Take every received byte (the RX and receive-timeout interrupts clear as the FIFO empties). */
export function pl011Receive(k: KernelMode, base: number, into: number[]): void {
  while ((rd(k, base, R.FR) & FR_RXFE) === 0) into.push(rd(k, base, R.DR) & 0xff);   // bits 11:8 are error flags
  wr(k, base, R.ICR, INT_RX | INT_RT);
}
