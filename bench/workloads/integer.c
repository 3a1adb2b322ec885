/* The benchmark workload: integer C of the kind MinOS user programs are made
 * of (loops, arrays, calls, branches, multiplies, a little division), compiled
 * by gcc -O2 for both arches. It prints a checksum so a wrong CPU cannot look
 * fast by doing less. Rounds come from argv[1] (default 20). It uses the
 * conformance runtime (conformance/rt) for printf and _start. */
#include "rt.h"

#define N 4096

static unsigned int table[256];
static unsigned int data[N];
static unsigned char sieve[N * 4];

static void crc_init(void) {
    for (unsigned int i = 0; i < 256; i++) {
        unsigned int c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

static unsigned int crc32(const unsigned char *p, unsigned long n) {
    unsigned int c = 0xffffffffu;
    while (n--) c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static void insertion_sort(unsigned int *a, int n) {
    for (int i = 1; i < n; i++) {
        unsigned int v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static int primes(int limit) {
    int count = 0;
    for (int i = 0; i < limit; i++) sieve[i] = 1;
    for (int i = 2; i < limit; i++) {
        if (!sieve[i]) continue;
        count++;
        for (int j = i * 2; j < limit; j += i) sieve[j] = 0;
    }
    return count;
}

static unsigned long long mix(unsigned long long x, int rounds) {
    for (int i = 0; i < rounds; i++) {
        x ^= x >> 33; x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL;
        x ^= x >> 33; x += (unsigned long long)i * 7 / 3;
    }
    return x;
}

static int parse_uint(const char *s) {
    int v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
    return v;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? parse_uint(argv[1]) : 20;
    unsigned long long sum = 0;
    crc_init();
    for (int r = 0; r < rounds; r++) {
        unsigned int seed = 12345u + (unsigned int)r;
        for (int i = 0; i < 512; i++) { seed = seed * 1103515245u + 12345u; data[i] = seed >> 8; }
        insertion_sort(data, 512);
        sum += crc32((const unsigned char *)data, sizeof(unsigned int) * 512);
        sum += (unsigned long long)primes(N * 4);
        sum = mix(sum, 2000);
    }
    printf("checksum %llx\n", sum);
    return 0;
}
