// hello: the first user program. It asks the kernel to print one line
// (the write system call) and to end it (exit). MinOS ABI on AArch64
// (toolchain/libc/include/minos/syscall.h): the number in x8, arguments in
// x0, x1, x2; `svc #0` enters the kernel; the result comes back in x0.
// Chapter 01 has no paging, so the program runs wherever the kernel put it:
// it finds its data relative to the pc ("adr x1, msg"), never by an
// absolute address.
// @snippet hello-arm64
        .section .rodata
msg:    .ascii  "hello, world from user mode\n"
msg_end:
        .text
        .globl _start
_start:
        mov     x8, #1                  // MINOS_SYS_write
        mov     x0, #1                  // fd 1: the console
        adr     x1, msg                 // the buffer, found relative to this instruction
        mov     x2, #(msg_end - msg)    // its length
        svc     #0
        mov     x8, #0                  // MINOS_SYS_exit
        mov     x0, #0                  // status 0
        svc     #0
        udf     #0                      // exit never returns
// @end hello-arm64
