// expect-error: bitfield.c:2:31: error: bit-fields are not supported by MinOS's C
struct flags { unsigned ready : 1; unsigned error : 1; };
int main(void) { struct flags f = { 1, 0 }; return f.ready; }
