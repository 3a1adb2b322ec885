// expect-error: member_of_nonstruct.c:2:24: error: request for member 'field' in something not a structure or union
int f(int v) { return v.field; }
