// The PC console: a 16550 UART at I/O ports 0x3F8-0x3FF (PC16550D
// datasheet, section 8 "Registers"). Interrupt driven: the kernel fills
// the 16-byte transmit FIFO, asks for an interrupt when it is empty again
// (IER.THRE), and refills it then. It never waits for the wire.

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { X86Sys } from "../../../../../machine/boards/x86_64-kernel";

const COM1 = 0x3f8;
const R = { data: 0, ier: 1, fcr: 2, lcr: 3, mcr: 4, lsr: 5 } as const;
const IER_RDA = 0x01, IER_THRE = 0x02;
const LSR_DR = 0x01, LSR_THRE = 0x20, LSR_TEMT = 0x40;
const FIFO = 16;

type K = KernelMode<X86Sys>;
const out = (k: K, r: number, v: number) => k.sys.outPort(COM1 + r, 1, v);
const inb = (k: K, r: number) => k.sys.inPort(COM1 + r, 1);

// @snippet x86-uart-init
export function initUart(k: K): void {
  out(k, R.ier, 0);                 // no interrupts while we set it up
  out(k, R.lcr, 0x80);              // DLAB: the next two registers are the divisor
  out(k, R.data, 1); out(k, R.ier, 0);  // divisor 1 (115200 baud on a real PC)
  out(k, R.lcr, 0x03);              // 8 data bits, no parity, 1 stop bit; DLAB off
  out(k, R.fcr, 0x07);              // FIFOs on, both cleared, receive trigger at 1 byte
  out(k, R.mcr, 0x0b);              // DTR, RTS, and OUT2: on a PC, OUT2 gates the UART's interrupt line
  out(k, R.ier, IER_RDA);           // interrupt when a byte arrives; THRE only while we have bytes to send
}
// @end x86-uart-init

// @snippet x86-uart-send
/** THRE means the transmit FIFO is empty: then up to 16 bytes fit. Ask for the THRE interrupt while bytes remain. */
export function uartSend(k: K, queue: number[]): void {
  if ((inb(k, R.lsr) & LSR_THRE) !== 0) {
    const n = Math.min(FIFO, queue.length);
    for (const b of queue.splice(0, n)) out(k, R.data, b);
  }
  out(k, R.ier, IER_RDA | (queue.length > 0 ? IER_THRE : 0));
}
// @end x86-uart-send

/** TEMT: the FIFO and the shift register are both empty (the last bit has left). */
export const uartDrained = (k: K): boolean => (inb(k, R.lsr) & LSR_TEMT) !== 0;

export function uartReceive(k: K, into: number[]): void {
  while ((inb(k, R.lsr) & LSR_DR) !== 0) into.push(inb(k, R.data));
}
