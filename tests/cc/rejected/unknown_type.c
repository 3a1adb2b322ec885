// expect-error: unknown_type.c:4:3: error: unknown type name 'sizet'
/* A type name that names nothing (a missing #include, or a typo). */
int main(void) {
  sizet length = 3;
  return (int)length;
}
