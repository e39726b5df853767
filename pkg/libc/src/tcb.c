/* Thread control blocks and static thread-local storage (x86_64 TLS
 * variant II): the TLS block of the program's PT_TLS segment lies right
 * below the TCB, and the thread pointer (FS base) points at the TCB. */
#include "libc_internal.h"
#include <walnut/tcb.h>
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/err.h>

extern const Elf64_Ehdr __ehdr_start __attribute__((weak, visibility("hidden")));
extern struct _reent *_impure_ptr;

/* The program's TLS image: ld computes each variable's offset from the
 * thread pointer as -(round_up(memsz, align)) + its offset in the image. */
static struct {
	const void *image;
	size_t filesz, memsz, align, size; /* size: memsz rounded up to align */
} tls;

enum { TCB_ALIGN = 64 };

static void tls_find_image(void)
{
	tls.align = TCB_ALIGN;
	const Elf64_Ehdr *eh = &__ehdr_start;
	if (!eh)
		return;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_TLS)
			continue;
		tls.image = (const void *)ph[i].p_vaddr;
		tls.filesz = ph[i].p_filesz;
		tls.memsz = ph[i].p_memsz;
		if (ph[i].p_align > tls.align)
			tls.align = ph[i].p_align;
		size_t a = ph[i].p_align ? ph[i].p_align : 1;
		tls.size = (tls.memsz + a - 1) & ~(a - 1);
	}
}

static size_t block_size(void)
{
	return tls.size + sizeof(struct wn_tcb) + tls.align - 1;
}

/* Lays out TLS block and TCB in block (block_size() bytes). */
static struct wn_tcb *tcb_init(void *block)
{
	uintptr_t tp = ((uintptr_t)block + tls.size + tls.align - 1) & ~(uintptr_t)(tls.align - 1);
	char *image = (char *)(tp - tls.size);
	memcpy(image, tls.image, tls.filesz);
	memset(image + tls.filesz, 0, tls.size - tls.filesz);
	struct wn_tcb *t = (struct wn_tcb *)tp;
	memset(t, 0, sizeof(*t));
	t->self = t;
	t->block = block;
	t->thread = L4_INVALID_CAP;
	t->wake_irq = L4_INVALID_CAP;
	t->reentp = &t->reent;
	return t;
}

void wn_tls_init_main(void)
{
	static char main_block[1024] __attribute__((aligned(TCB_ALIGN)));
	tls_find_image();
	void *block = main_block;
	/* memcpy/memset in tcb_init do not touch errno; neither does
	 * wn_pages_alloc, so a large TLS image works before __getreent does. */
	if (block_size() > sizeof(main_block))
		block = wn_pages_alloc(block_size());
	if (!block) {
		static const char msg[] = "libc: no memory for the main thread's TLS\n";
		wn_log_raw(msg, sizeof(msg) - 1);
		abort();
	}
	struct wn_tcb *t = tcb_init(block);
	t->block = NULL; /* not from malloc: never freed */
	t->reentp = _impure_ptr; /* newlib's global state belongs to main */
	t->stack_guard = 0x57414c4e55540a00UL ^ (uintptr_t)t;
	if (wn_tcb_attach(t, l4re_env()->main_thread) < 0) {
		static const char msg[] = "libc: cannot set the main thread's FS base\n";
		wn_log_raw(msg, sizeof(msg) - 1);
		abort();
	}
}

struct wn_tcb *wn_tcb_create(void)
{
	void *block = malloc(block_size());
	if (!block)
		return NULL;
	struct wn_tcb *t = tcb_init(block);
	t->stack_guard = wn_tcb_self()->stack_guard;
	_REENT_INIT_PTR(&t->reent);
	return t;
}

long wn_tcb_attach(struct wn_tcb *t, l4_cap_idx_t thread)
{
	long r = wn_arch_set_tp(thread, t);
	if (r == 0)
		t->thread = thread;
	return r;
}

void wn_tcb_destroy(struct wn_tcb *t)
{
	if (!t || t == wn_tcb_self())
		return;
	if (l4_is_valid_cap(t->wake_irq))
		l4re_util_cap_free_um(t->wake_irq);
	if (t->reentp == &t->reent)
		_reclaim_reent(&t->reent);
	free(t->block);
}

l4_cap_idx_t wn_tcb_wake_irq(struct wn_tcb *t)
{
	if (l4_is_valid_cap(t->wake_irq))
		return t->wake_irq;
	l4_cap_idx_t irq = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(irq))
		return L4_INVALID_CAP;
	if (l4_error(l4_factory_create_irq(l4re_env()->factory, irq)) < 0) {
		l4re_util_cap_free(irq);
		return L4_INVALID_CAP;
	}
	if (l4_error(l4_rcv_ep_bind_thread(irq, t->thread, (l4_umword_t)t)) < 0) {
		l4re_util_cap_free_um(irq);
		return L4_INVALID_CAP;
	}
	t->wake_irq = irq;
	return irq;
}

struct _reent *__getreent(void)
{
	return wn_tcb_self()->reentp;
}
