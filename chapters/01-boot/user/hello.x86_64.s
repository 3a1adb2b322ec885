# hello: the first user program. It asks the kernel to print one line
# (the write system call) and to end it (exit). MinOS ABI on x86_64
# (toolchain/libc/include/minos/syscall.h): the number in rax, arguments in
# rdi, rsi, rdx; `syscall` enters the kernel; the result comes back in rax.
# Chapter 01 has no paging, so the program runs wherever the kernel put it:
# it addresses its data relative to rip ("lea rsi, [rip + msg]"), never by
# an absolute address.
# @snippet hello-x86
        .intel_syntax noprefix
        .section .rodata
msg:    .ascii  "hello, world from user mode\n"
msg_end:
        .text
        .globl _start
_start:
        mov     eax, 1                  # MINOS_SYS_write
        mov     edi, 1                  # fd 1: the console
        lea     rsi, [rip + msg]        # the buffer, found relative to this instruction
        mov     edx, msg_end - msg      # its length
        syscall
        mov     eax, 0                  # MINOS_SYS_exit
        xor     edi, edi                # status 0
        syscall
        ud2                             # exit never returns
# @end hello-x86
