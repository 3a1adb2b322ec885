// badptr: passes write() a buffer that is not its own (address 16, the
// first page, never a program's), then exits with 100 + (-result), so the
// error the kernel returned shows in the exit status: -EFAULT (14) -> 114.
        .text
        .globl _start
_start:
        mov     x8, #1                  // write(1, 16, 8)
        mov     x0, #1
        mov     x1, #16
        mov     x2, #8
        svc     #0
        neg     x0, x0                  // -result
        add     x0, x0, #100
        mov     x8, #0                  // exit(100 + errno)
        svc     #0
        udf     #0
