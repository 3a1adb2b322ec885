// expect-error: kr_definition.c:3:9: error: old-style (K&R) parameter lists are not supported by MinOS's C: give each parameter its type, as in 'int f(int a, long b)'
/* An old-style (K&R) definition: obsolescent C that MinOS does not take. */
int add(a, b)
  int a;
  long b;
{
  return a + (int)b;
}
