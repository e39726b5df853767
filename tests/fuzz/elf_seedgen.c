/* Writes the ELF parser's test images (elf_seeds.h) into a directory as
 * the seed corpus of the fuzz target: elf_seedgen <dir>. */
#include <stdio.h>
#include "elf_seeds.h"

int main(int argc, char **argv)
{
	static unsigned char b[SEED_MAX];
	char path[4096];
	if (argc != 2) {
		fprintf(stderr, "usage: %s <corpus directory>\n", argv[0]);
		return 2;
	}
	for (unsigned i = 0; i < N_ELF_CASES; i++) {
		size_t size = seed_build(i, b);
		snprintf(path, sizeof(path), "%s/seed-%s", argv[1], elf_cases[i].name);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(b, 1, size, f) != size || fclose(f) != 0) {
			perror(path);
			return 1;
		}
	}
	printf("  SEEDS   %u images in %s\n", (unsigned)N_ELF_CASES, argv[1]);
	return 0;
}
