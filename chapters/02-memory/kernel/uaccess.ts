// Copying to and from user memory. A system call's pointer argument is the
// least trustworthy number in the kernel: it may point into the kernel
// half, at nothing, at read-only memory, or at a buffer that starts fine
// and runs off the end of the mapped memory. The kernel must never fault on
// it, and must never let it read or write what the program itself could not.
//
// So the kernel does what the MMU would do for the program: it walks the
// *program's* page tables page by page, with the program's rights (user,
// and writable for copy-out), faulting in a demand page that belongs to a
// region just as a real access would, and answers "no" (-EFAULT) for
// anything else. It then copies through the physical address it found.
// (Linux does the access itself and recovers from the fault with an
// exception table; walking first is slower but needs no fault recovery.)

import type { Kernel } from "../../01-boot/kernel/kernel";
import { currentPid } from "../../01-boot/kernel/kernel";
import { PAGE, lookup } from "./pagetable";
import { faultIn, USER_TOP } from "./address-space";
import { tablesOf } from "./paging";
import { OutOfMemory } from "./frames";

/** The most one copy moves (a system call with more splits it, as write() does): the kernel never holds a huge buffer. */
export const COPY_MAX = 16 << 20;

// @snippet user-range
/** Is [va, va + len) a range of the user half at all? (bigints do not wrap: a huge len cannot sneak past) */
export function userRange(va: bigint, len: bigint): boolean {
  // @exercise copy-range 3 "True only if len >= 0, va >= 0 and va + len <= USER_TOP (the end may equal USER_TOP; a kernel-half pointer is never valid)."
  return len >= 0n && va >= 0n && va + len <= BigInt(USER_TOP);
  // @end copy-range
}
// @end user-range

/** The physical address of a user page the current thread may read (or write), faulting it in if needed; null if not. */
function userPage(kn: Kernel, page: number, write: boolean): number | null {
  const pid = currentPid(kn);                               // the address space is the process's
  if (pid === null || kn.state.spaces[pid] === undefined) return null;
  const m = lookup(tablesOf(kn), kn.state.spaces[pid].root, BigInt(page));
  if (m === null) {
    try {
      const r = faultIn(kn, pid, page, write ? "write" : "read");
      return r.ok ? r.pa : null;
    } catch (err) {
      if (err instanceof OutOfMemory) return null;           // no frame for it: the call fails, the kernel does not
      throw err;
    }
  }
  return m.perms.user && (!write || m.perms.w) ? m.pa - (m.pa % PAGE) : null;
}

/** Visit [va, va+len) page by page: fn(pa, offsetInRange, n). False as soon as a page is not accessible. */
function eachPage(kn: Kernel, va: bigint, len: bigint, write: boolean, fn: (pa: number, at: number, n: number) => void): boolean {
  if (!userRange(va, len)) return false;
  const start = Number(va), total = Number(len);
  for (let done = 0; done < total;) {
    const at = start + done, off = at % PAGE, n = Math.min(PAGE - off, total - done);
    const pa = userPage(kn, at - off, write);
    if (pa === null) return false;
    fn(pa + off, done, n);
    done += n;
  }
  return true;
}

// @snippet copy-in-out
/** The bytes at user address va, or null (-EFAULT) if any of them is not readable by the program. */
export function copyFromUser(kn: Kernel, va: bigint, len: bigint): Uint8Array | null {
  if (!userRange(va, len) || len > BigInt(COPY_MAX)) return null;
  const out = new Uint8Array(Number(len));
  return eachPage(kn, va, len, false, (pa, at, n) => out.set(kn.k.readBytes(pa, n), at)) ? out : null;
}

/** Write bytes at user address va; false (-EFAULT) if any byte is not writable by the program (nothing is written then). */
export function copyToUser(kn: Kernel, va: bigint, bytes: Uint8Array): boolean {
  const len = BigInt(bytes.length), parts: [number, number, number][] = [];
  if (bytes.length > COPY_MAX) return false;
  if (!eachPage(kn, va, len, true, (pa, at, n) => parts.push([pa, at, n]))) return false;   // check everything first
  for (const [pa, at, n] of parts) kn.k.writeBytes(pa, bytes.subarray(at, at + n));
  return true;
}
// @end copy-in-out

/** A NUL-terminated string of at most `max` bytes at va, or null if unreadable or unterminated. */
export function strFromUser(kn: Kernel, va: bigint, max: number): string | null {
  let s = "";
  for (let i = 0; i < max; i++) {
    const b = copyFromUser(kn, va + BigInt(i), 1n);
    if (b === null) return null;
    if (b[0] === 0) return s;
    s += String.fromCharCode(b[0]);
  }
  return null;
}
