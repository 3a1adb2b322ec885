__thread int tv = 5;
static __thread long tarr[4];
extern __thread int ext_tv;
int get(void){return tv;}
long *arr(int i){return &tarr[i];}
int ext(void){return ext_tv;}
