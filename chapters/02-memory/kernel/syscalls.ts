// Chapter 01's write() checked its buffer against the physical ranges a
// program was loaded at. With paging, a user pointer is a virtual address
// in the caller's address space: the buffer is copied in through the
// caller's page tables (uaccess.ts), and anything the caller could not read
// itself is -EFAULT.

import type { Kernel } from "../../01-boot/kernel/kernel";
import { consoleWriteBytes } from "../../01-boot/kernel/console";
import { EBADF, EFAULT } from "../../01-boot/kernel/syscalls";
import { copyFromUser } from "./uaccess";

/** The most one write() takes at once (a longer one writes this much and returns the count, as a pipe would). */
export const WRITE_MAX = 64 << 10;

// @snippet sys-write-paged
export function sysWritePaged(kn: Kernel, [fd, buf, len]: bigint[]): bigint {
  if (fd !== 1n && fd !== 2n) return -EBADF;
  if (len === 0n) return 0n;
  const n = len > BigInt(WRITE_MAX) ? BigInt(WRITE_MAX) : len;
  if (len >> 63n) return -EFAULT;                           // a negative length is a bad buffer
  const bytes = copyFromUser(kn, buf, n);
  if (bytes === null) return -EFAULT;
  consoleWriteBytes(kn, bytes);
  return n;
}
// @end sys-write-paged
