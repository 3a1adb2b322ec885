// A user program that touches physical addresses where nothing is (chapter
// 01 runs programs with paging off, so their addresses are physical) cannot
// stop the machine or the kernel. On the PC nothing answering reads as all
// ones with no fault (PCI 3.0 6.2.5, master abort), so a load returns
// 0xff..., and executing there decodes 0xff 0xff, an invalid opcode (#UD).
// On virt the access is a synchronous external abort (Arm ARM D17.2.37 DFSC
// 0b010000) and the kernel kills the program.
import { describe, expect, it } from "vitest";
import { boot, buildAsm } from "./kit";

const X86_LOAD = `.intel_syntax noprefix
.globl _start
_start:
  mov eax, 0x80000000
  mov rdi, [rax]
  and edi, 0x7f
  mov eax, 0
  syscall
`;
const X86_JUMP = `.intel_syntax noprefix
.globl _start
_start:
  mov eax, 0x90000000
  jmp rax
`;
const A64_LOAD = `.globl _start
_start:
  mov x1, #0x20000000
  ldr x0, [x1]
  mov x8, #0
  svc #0
`;

describe("user accesses to addresses where nothing is", () => {
  it("x86_64: a load reads all ones; a jump there is an invalid opcode; the kernel goes on", () => {
    const r = boot("x86_64", { modules: [
      { name: "load", bytes: buildAsm("load.s", X86_LOAD, "x86_64") },
      { name: "jump", bytes: buildAsm("jump.s", X86_JUMP, "x86_64") },
    ] });
    expect(r.result).toMatchObject({ reason: "power-off", status: 0 });
    const st = (n: string) => r.kernel!.state.threads.find((t) => t.name === n)?.exitStatus;
    expect(st("load")).toBe(0x7f);
    expect(st("jump")).toBe(128 + 4);                       // SIGILL-like: #UD
  });

  it("arm64: a load is a synchronous external abort; the program is killed and the kernel goes on", () => {
    const r = boot("arm64", { modules: [{ name: "load", bytes: buildAsm("load.s", A64_LOAD, "arm64") }], programs: undefined });
    expect(r.result).toMatchObject({ reason: "power-off", status: 0 });
    expect(r.kernel!.state.threads.find((t) => t.name === "load")?.exitStatus).toBeGreaterThan(128);
    expect(r.console).toMatch(/external abort/);
  });
});
