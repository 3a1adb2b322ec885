// fault: prints a line, then executes WFI ("wait for interrupt"), the Arm
// counterpart of x86's HLT. At EL0 it traps to EL1 unless the kernel allows
// it with SCTLR_EL1.nTWI (Arm ARM D1.16.2 and the WFI description: EC 0x01
// in ESR_EL1), and ours does not: a program may not stop the CPU. The kernel
// reports the program and kills it, and goes on with the next one.
// @snippet fault-arm64
        .section .rodata
msg:    .ascii  "fault: about to do something only the kernel may do\n"
msg_end:
        .text
        .globl _start
_start:
        mov     x8, #1                  // write(1, msg, len)
        mov     x0, #1
        adr     x1, msg
        mov     x2, #(msg_end - msg)
        svc     #0
        wfi                             // privileged here: traps to EL1
        mov     x8, #0                  // never reached: exit(0)
        mov     x0, #0
        svc     #0
// @end fault-arm64
