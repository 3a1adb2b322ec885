/* The oracle for our Multiboot2 boot information: the tag walk of the
 * Multiboot2 specification's example kernel (chapter "Example OS code",
 * kernel.c), over the structure declarations of its multiboot2.h, compiled by
 * gcc so the field offsets are the C compiler's, not ours. Reads the
 * structure from the file named on the command line and prints one line per
 * field. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef uint8_t multiboot_uint8_t;
typedef uint32_t multiboot_uint32_t;
typedef uint64_t multiboot_uint64_t;

#define MULTIBOOT_TAG_TYPE_END               0
#define MULTIBOOT_TAG_TYPE_CMDLINE           1
#define MULTIBOOT_TAG_TYPE_BOOT_LOADER_NAME  2
#define MULTIBOOT_TAG_TYPE_MODULE            3
#define MULTIBOOT_TAG_TYPE_BASIC_MEMINFO     4
#define MULTIBOOT_TAG_TYPE_MMAP              6
#define MULTIBOOT_TAG_TYPE_LOAD_BASE_ADDR    21

struct multiboot_tag { multiboot_uint32_t type; multiboot_uint32_t size; };
struct multiboot_tag_string { multiboot_uint32_t type; multiboot_uint32_t size; char string[0]; };
struct multiboot_tag_module {
  multiboot_uint32_t type; multiboot_uint32_t size;
  multiboot_uint32_t mod_start; multiboot_uint32_t mod_end; char cmdline[0];
};
struct multiboot_tag_basic_meminfo {
  multiboot_uint32_t type; multiboot_uint32_t size;
  multiboot_uint32_t mem_lower; multiboot_uint32_t mem_upper;
};
struct multiboot_mmap_entry {
  multiboot_uint64_t addr; multiboot_uint64_t len; multiboot_uint32_t type; multiboot_uint32_t zero;
} __attribute__((packed));
typedef struct multiboot_mmap_entry multiboot_memory_map_t;
struct multiboot_tag_mmap {
  multiboot_uint32_t type; multiboot_uint32_t size;
  multiboot_uint32_t entry_size; multiboot_uint32_t entry_version;
  struct multiboot_mmap_entry entries[0];
};
struct multiboot_tag_load_base_addr {
  multiboot_uint32_t type; multiboot_uint32_t size; multiboot_uint32_t load_base_addr;
};

int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 2;
  unsigned char *buf = aligned_alloc(8, 1 << 20);
  size_t n = fread(buf, 1, 1 << 20, f);
  fclose(f);
  unsigned long addr = (unsigned long) buf;
  struct multiboot_tag *tag;
  if (addr & 7) { printf("unaligned mbi\n"); return 1; }
  unsigned size = *(unsigned *) addr;
  printf("total_size %u (read %zu)\n", size, n);
  for (tag = (struct multiboot_tag *) (addr + 8);
       tag->type != MULTIBOOT_TAG_TYPE_END;
       tag = (struct multiboot_tag *) ((multiboot_uint8_t *) tag + ((tag->size + 7) & ~7))) {
    switch (tag->type) {
    case MULTIBOOT_TAG_TYPE_CMDLINE:
      printf("cmdline %s\n", ((struct multiboot_tag_string *) tag)->string); break;
    case MULTIBOOT_TAG_TYPE_BOOT_LOADER_NAME:
      printf("boot_loader_name %s\n", ((struct multiboot_tag_string *) tag)->string); break;
    case MULTIBOOT_TAG_TYPE_MODULE:
      printf("module 0x%x-0x%x %s\n", ((struct multiboot_tag_module *) tag)->mod_start,
             ((struct multiboot_tag_module *) tag)->mod_end, ((struct multiboot_tag_module *) tag)->cmdline); break;
    case MULTIBOOT_TAG_TYPE_BASIC_MEMINFO:
      printf("mem_lower %uKB mem_upper %uKB\n", ((struct multiboot_tag_basic_meminfo *) tag)->mem_lower,
             ((struct multiboot_tag_basic_meminfo *) tag)->mem_upper); break;
    case MULTIBOOT_TAG_TYPE_MMAP: {
      multiboot_memory_map_t *mmap;
      printf("mmap entry_size %u entry_version %u\n", ((struct multiboot_tag_mmap *) tag)->entry_size,
             ((struct multiboot_tag_mmap *) tag)->entry_version);
      for (mmap = ((struct multiboot_tag_mmap *) tag)->entries;
           (multiboot_uint8_t *) mmap < (multiboot_uint8_t *) tag + tag->size;
           mmap = (multiboot_memory_map_t *) ((unsigned long) mmap + ((struct multiboot_tag_mmap *) tag)->entry_size))
        printf(" base_addr 0x%llx length 0x%llx type 0x%x\n", (unsigned long long) mmap->addr,
               (unsigned long long) mmap->len, (unsigned) mmap->type);
      break;
    }
    case MULTIBOOT_TAG_TYPE_LOAD_BASE_ADDR:
      printf("load_base_addr 0x%x\n", ((struct multiboot_tag_load_base_addr *) tag)->load_base_addr); break;
    default:
      printf("tag 0x%x size 0x%x\n", tag->type, tag->size);
    }
  }
  tag = (struct multiboot_tag *) ((multiboot_uint8_t *) tag + ((tag->size + 7) & ~7));
  printf("end; walked %lu bytes\n", (unsigned long) tag - addr);
  return 0;
}
