// expect-error: conflicting_types.c:3:6: error: conflicting types for 'area'; have 'long int(int, int)'
int area(int w, int h);
long area(int w, int h) { return (long)w * h; }
