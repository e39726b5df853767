/* Console input: read() returns what the Vcon has queued and otherwise
 * blocks until input arrives. The Vcon's one-line ICU (line 0: "input
 * arrived in an empty queue", edge triggered) wakes the reader through an
 * Irq of ours; when another Irq holds that line (a Vcon has one binding)
 * the reader polls every 20 ms; a Vcon without the ICU (moe's logs, which
 * have no input) reads as end of file. */
#include "file_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/vcon.h>
#include <walnut/tcb.h>

enum {
	POLL_MS = 20,
	/* a wait ends after this long even without an interrupt: a safety net,
	 * the reader then simply reads again */
	IRQ_WAIT_US = 1000000,
};

static void poll_sleep(void)
{
	l4_ipc_sleep_ms(POLL_MS);
}

static void stdio_input_done(void)
{
	wn_console_input_done(&wn_stdio_console);
}

/* Creates the input Irq and binds it to the Vcon's line 0; returns the
 * new state. */
static int input_setup(struct wn_console *c, l4_cap_idx_t vcon)
{
	l4_cap_idx_t irq = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(irq))
		return WN_CONS_IN_POLL;
	if (l4_error(l4_factory_create_irq(l4re_env()->factory, irq)) < 0) {
		l4re_util_cap_free(irq);
		return WN_CONS_IN_POLL;
	}
	long err = l4_error(l4_icu_bind(vcon, 0, irq));
	if (err < 0) {
		l4re_util_cap_free_um(irq); /* our only capability: the Irq goes */
		/* no ICU: a Vcon without input; the line taken: poll */
		return (err == -L4_EBADPROTO || err == -L4_ENOSYS) ? WN_CONS_IN_NONE
								   : WN_CONS_IN_POLL;
	}
	c->irq = irq;
	/* The Vcon's binding outlives the task otherwise (it holds the
	 * Irq), and the next program would find the line taken. */
	if (c == &wn_stdio_console)
		atexit(stdio_input_done);
	return WN_CONS_IN_IRQ;
}

/* The calling thread's capability. */
static l4_cap_idx_t self_thread(void)
{
	l4_cap_idx_t t = wn_tcb_self()->thread;
	return l4_is_valid_cap(t) ? t : l4re_env()->main_thread;
}

/* Waits for the Irq. It is bound to the waiting thread only while it waits,
 * so that no interrupt message reaches the thread's other receive
 * operations; hits while unbound are kept by the Irq and delivered at the
 * next bind (then the reader just finds the input at once). */
static void irq_wait(struct wn_console *c)
{
	if (l4_error(l4_rcv_ep_bind_thread(c->irq, self_thread(), 0)) < 0) {
		poll_sleep();
		return;
	}
	l4_irq_receive(c->irq, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(IRQ_WAIT_US)));
	l4_irq_detach(c->irq);
}

/* Waits until input may be there. Returns 0 (read again) or 1 (the Vcon
 * has no input: end of file). One thread at a time uses the Irq; others
 * poll meanwhile. */
static int wait_input(struct wn_console *c, l4_cap_idx_t vcon)
{
	int state = __atomic_load_n(&c->in_state, __ATOMIC_ACQUIRE);
	if (state == WN_CONS_IN_NONE)
		return 1;
	int free_waiter = 0;
	if (state == WN_CONS_IN_POLL ||
	    !__atomic_compare_exchange_n(&c->waiter, &free_waiter, 1, 0, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED)) {
		poll_sleep();
		return 0;
	}
	if (state == WN_CONS_IN_UNKNOWN) {
		state = input_setup(c, vcon);
		__atomic_store_n(&c->in_state, state, __ATOMIC_RELEASE);
	}
	if (state == WN_CONS_IN_IRQ)
		irq_wait(c);
	else if (state == WN_CONS_IN_POLL)
		poll_sleep();
	__atomic_store_n(&c->waiter, 0, __ATOMIC_RELEASE);
	return state == WN_CONS_IN_NONE;
}

ssize_t wn_console_read(struct wn_file *f, void *buf, size_t n)
{
	struct wn_console *c = f->priv;
	l4_cap_idx_t vcon = wn_console_cap(c);
	if (l4_is_invalid_cap(vcon))
		return -EBADF;
	if (n == 0)
		return 0;
	unsigned want = n > L4_VCON_READ_SIZE ? L4_VCON_READ_SIZE : (unsigned)n;
	for (;;) {
		int r = l4_vcon_read(vcon, buf, want);
		if (r < 0)
			return r == -L4_EPERM ? -EBADF : -EIO;
		if (r > 0)
			return r > (int)want ? (ssize_t)want : r; /* want + 1: more waits */
		if (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK)
			return -EAGAIN;
		if (wait_input(c, vcon))
			return 0;
	}
}

void wn_console_input_done(struct wn_console *c)
{
	if (l4_is_invalid_cap(c->irq))
		return;
	l4_icu_unbind(wn_console_cap(c), 0, c->irq);
	l4re_util_cap_free_um(c->irq);
	c->irq = L4_INVALID_CAP;
	__atomic_store_n(&c->in_state, WN_CONS_IN_UNKNOWN, __ATOMIC_RELEASE);
}
