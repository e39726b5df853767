/* Function names for backtraces: the program's own ELF file (its boot
 * module, named by the binary name the loader passed, e.g. "rom/app") is
 * attached read-only once and its .symtab searched. Static programs are
 * loaded from unstripped modules; a stripped one gives addresses only. */
#include "libc_internal.h"
#include <walnut/backtrace.h>
#include <elf.h>
#include <stdatomic.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/re/l4aux.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/consts.h>

static struct {
	const Elf64_Sym *syms;
	size_t nsyms;
	const char *strs;
	size_t strsz;
} tab;

/* The dataspace named by path "<initial cap>/<name in that namespace>". */
static l4_cap_idx_t query_path(const char *path, l4_cap_idx_t slot)
{
	const char *slash = strchr(path, '/');
	char first[32];
	if (!slash || (size_t)(slash - path) >= sizeof(first))
		return L4_INVALID_CAP;
	memcpy(first, path, (size_t)(slash - path));
	first[slash - path] = 0;
	l4_cap_idx_t ns = l4re_env_get_cap(first);
	if (l4_is_invalid_cap(ns) || l4re_ns_query_to_srv(ns, slash + 1, slot, 0) < 0)
		return L4_INVALID_CAP;
	return slot;
}

static int valid_section(const Elf64_Shdr *s, size_t file_size)
{
	return s->sh_offset <= file_size && s->sh_size <= file_size - s->sh_offset;
}

static void parse(const unsigned char *f, size_t size)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)f;
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > size ||
	    (size - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum)
		return;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(f + eh->e_shoff);
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		const Elf64_Shdr *st = &sh[sh[i].sh_link];
		if (!valid_section(&sh[i], size) || !valid_section(st, size))
			return;
		tab.strs = (const char *)f + st->sh_offset;
		tab.strsz = st->sh_size;
		tab.nsyms = sh[i].sh_size / sizeof(Elf64_Sym);
		tab.syms = (const Elf64_Sym *)(f + sh[i].sh_offset);
		return;
	}
}

static void load_once(void)
{
	static atomic_int state; /* 0 untried, 1 loading, 2 done */
	int expect = 0;
	if (!atomic_compare_exchange_strong(&state, &expect, 1))
		return; /* done, or another thread is at it: no names meanwhile */
	const char *bin = l4re_aux ? l4re_aux->binary : NULL;
	l4_cap_idx_t slot = l4re_util_cap_alloc();
	if (bin && l4_is_valid_cap(slot) && l4_is_valid_cap(query_path(bin, slot))) {
		long size = (long)l4re_ds_size(slot);
		void *at = 0;
		if (size > 0 && l4re_rm_attach(&at, (unsigned long)size,
					       L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, slot, 0,
					       L4_PAGESHIFT) == 0)
			parse(at, (size_t)size);
	}
	atomic_store(&state, 2);
}

const char *wn_symbol_name(unsigned long pc, unsigned long *offset)
{
	load_once();
	const Elf64_Sym *best = NULL;
	for (size_t i = 0; i < tab.nsyms; i++) {
		const Elf64_Sym *s = &tab.syms[i];
		if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || s->st_name >= tab.strsz)
			continue;
		if (pc >= s->st_value && pc - s->st_value < (s->st_size ? s->st_size : 1))
			best = s;
	}
	if (!best)
		return NULL;
	*offset = pc - best->st_value;
	return tab.strs + best->st_name;
}
