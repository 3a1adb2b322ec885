# fault: prints a line, then executes HLT, which only ring 0 may do (Intel
# SDM Vol. 2A "HLT": #GP(0) if CPL != 0). The CPU refuses and raises a
# general-protection fault into the kernel, which reports the program and
# kills it, and goes on with the next one.
# @snippet fault-x86
        .intel_syntax noprefix
        .section .rodata
msg:    .ascii  "fault: about to do something only the kernel may do\n"
msg_end:
        .text
        .globl _start
_start:
        mov     eax, 1                  # write(1, msg, len)
        mov     edi, 1
        lea     rsi, [rip + msg]
        mov     edx, msg_end - msg
        syscall
        hlt                             # privileged: #GP(0) at CPL 3
        mov     eax, 0                  # never reached: exit(0)
        xor     edi, edi
        syscall
# @end fault-x86
