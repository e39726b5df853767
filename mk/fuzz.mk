# make fuzz: builds the libFuzzer targets (tests/fuzz/<name>_fuzz.c, with
# clang -fsanitize=fuzzer,address,undefined) into $(objtree)/fuzz/ and runs
# each for FUZZ_TIME seconds on its corpus $(objtree)/fuzz/corpus-<name>/,
# seeded with tests/fuzz/<name>_seedgen.c's images and, for the ELF parser,
# the programs of the build. A crash leaves its input in $(objtree)/fuzz/
# (crash-*) and fails the target. See tests/README.md.
include $(srctree)/mk/quiet.mk

FUZZ_TIME ?= 60
CLANG     ?= clang
FUZZ_DIR  := $(objtree)/fuzz
FZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
             -fno-sanitize-recover=all -Wall -Wextra -Werror
ELF_SRCS  := $(srctree)/tests/fuzz/elf_fuzz.c $(srctree)/pkg/loader/src/elf.c
ELF_HDRS  := $(srctree)/pkg/loader/include/l4/loader/elf.h \
             $(srctree)/tests/fuzz/elf_seeds.h $(srctree)/tests/fuzz/elf_seed_cases.h

.PHONY: all
all: $(FUZZ_DIR)/elf_fuzz $(FUZZ_DIR)/elf_seedgen
	$(Q)mkdir -p $(FUZZ_DIR)/corpus-elf
	$(Q)$(FUZZ_DIR)/elf_seedgen $(FUZZ_DIR)/corpus-elf
	$(Q)for p in $(wildcard $(objtree)/bin/*); do cp $$p $(FUZZ_DIR)/corpus-elf/prog-$$(basename $$p); done
	@echo "  FUZZ    elf_fuzz for $(FUZZ_TIME)s (corpus $(call rel,$(FUZZ_DIR)/corpus-elf))"
	$(Q)cd $(FUZZ_DIR) && ./elf_fuzz -max_total_time=$(FUZZ_TIME) -max_len=262144 \
	  -print_final_stats=1 corpus-elf 2>fuzz-elf.log || \
	  { tail -n 40 fuzz-elf.log; echo "fuzz: elf_fuzz failed, see $(FUZZ_DIR)/fuzz-elf.log"; exit 1; }
	$(Q)grep -E '^(Done|stat::number_of_executed_units|#[0-9]+.*DONE)' $(FUZZ_DIR)/fuzz-elf.log | sed 's/^/  /' || true

$(FUZZ_DIR)/elf_fuzz: $(ELF_SRCS) $(ELF_HDRS)
	@command -v $(CLANG) >/dev/null || { echo "fuzz: $(CLANG) not found; run 'make deps' (installs clang)" >&2; exit 1; }
	$(quiet) CLANG $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FZ_CFLAGS) -o $@ $(ELF_SRCS)

$(FUZZ_DIR)/elf_seedgen: $(srctree)/tests/fuzz/elf_seedgen.c $(ELF_HDRS)
	$(quiet) HOSTCC $(call rel,$@)
	$(Q)mkdir -p $(@D)
	$(Q)gcc -std=gnu11 -O1 -Wall -Wextra -Werror -o $@ $<
