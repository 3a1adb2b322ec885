// expect-error: float_type.c:2:1: error: 'float' is not supported: MinOS's C has no floating point
float average(int a, int b) { return (a + b) / 2; }
