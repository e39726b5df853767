/* ktest-io: I/O ports as flexpages and a hardware interrupt line.
 * The root task asks sigma0 for ports with an I/O page-fault message,
 * checks that ports it does not hold raise #GP, then programs the CMOS
 * RTC's periodic interrupt and receives IRQ 8 through the kernel ICU. */
#include <ktap.h>
#include <ktest_util.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/thread.h>

int main(int argc, char **argv);

#define RTC_INDEX 0x70
#define RTC_DATA  0x71
#define RTC_IRQ   8

static inline void outb(unsigned short port, unsigned char v)
{
	__asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port));
}
static inline unsigned char inb(unsigned short port)
{
	unsigned char v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* Asks sigma0 (our pager) for ports [port, port + 2^order) as sigma0's
 * protocol has it: an I/O page-fault message, answered with an I/O item. */
static long request_ports(unsigned port, unsigned order)
{
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = L4_ITEM_MAP;
	br->br[1] = l4_iofpage(0, L4_WHOLE_IOADDRESS_SPACE).raw;
	l4_utcb_mr()->mr[0] = l4_iofpage(port, order).raw;
	l4_utcb_mr()->mr[1] = 0;
	l4_msgtag_t tag = l4_ipc_call(L4_BASE_PAGER_CAP, l4_utcb(),
				      l4_msgtag(L4_PROTO_IO_PAGE_FAULT, 2, 0, 0), L4_IPC_NEVER);
	if (l4_msgtag_has_error(tag))
		return -(long)l4_ipc_error(tag, l4_utcb());
	return l4_msgtag_label(tag) < 0 ? l4_msgtag_label(tag) : (long)l4_msgtag_items(tag);
}

/* -- a port we do not hold faults ----------------------------------------- */

static volatile int gp_trapno = -1;
static volatile int probe_done;

static void handler(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_msgtag_is_exception(tag)) {
			l4_exc_regs_t *e = l4_utcb_exc();
			gp_trapno = (int)e->trapno;
			e->ip += 1; /* skip the one-byte "in al, dx" */
			tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, L4_UTCB_EXCEPTION_REGS_SIZE, 0, 0),
						    &label, L4_IPC_NEVER);
		} else {
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
		}
	}
}

static void prober(void *arg)
{
	(void)arg;
	/* Port 0x3fa is the console UART's: nobody in user land holds it. */
	__asm__ volatile("mov $0x3fa, %%dx; in %%dx, %%al" ::: "rax", "rdx");
	probe_done = 1;
}

KTEST(io_1_port_without_permission_is_gp)
{
	l4_cap_idx_t h = kt_thread_start(handler, 0, 30);
	KASSERT(!l4_is_invalid_cap(h));
	l4_cap_idx_t p = kt_thread_start_ex(prober, 0, 20, L4_INVALID_CAP, h);
	KASSERT(!l4_is_invalid_cap(p));
	KCHECK(kt_wait_flag(&probe_done, 2000000));
	KCHECK_EQ(gp_trapno, 13);
}

KTEST(io_2_sigma0_grants_ports)
{
	KCHECK_EQ(request_ports(RTC_INDEX, 1), 1);
	/* Now the RTC's registers answer: the status register A's rate bits. */
	outb(RTC_INDEX, 0x0a);
	unsigned char a = inb(RTC_DATA);
	KCHECK_NE(a & 0x0f, 0);
}

KTEST(io_3_bad_requests_refused)
{
	/* Not an I/O flexpage. */
	l4_utcb_mr()->mr[0] = l4_fpage(0x1000, 12, L4_FPAGE_RW).raw;
	l4_msgtag_t tag = l4_ipc_call(L4_BASE_PAGER_CAP, l4_utcb(),
				      l4_msgtag(L4_PROTO_IO_PAGE_FAULT, 2, 0, 0), L4_IPC_NEVER);
	KCHECK_EQ(l4_msgtag_label(tag), -L4_EINVAL);
}

/* -- IRQ 8 ------------------------------------------------------------------ */

KTEST(io_4_rtc_interrupt_arrives_through_the_icu)
{
	l4_cap_idx_t irq = kt_cap_alloc();
	KASSERT_EQ(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)), 0);
	KASSERT_EQ(l4_error(l4_icu_bind(L4_BASE_ICU_CAP, RTC_IRQ, irq)), 0);
	KASSERT_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, 0x88)), 0);
	/* Periodic interrupt on (register B bit 6), acknowledged by reading C. */
	outb(RTC_INDEX, 0x8b);
	unsigned char b = inb(RTC_DATA);
	outb(RTC_INDEX, 0x8b);
	outb(RTC_DATA, b | 0x40);
	outb(RTC_INDEX, 0x0c);
	(void)inb(RTC_DATA);
	for (unsigned n = 0; n < 3; n++) {
		l4_umword_t label = 0;
		l4_msgtag_t tag = l4_irq_wait(irq, &label, l4_timeout(L4_IPC_TIMEOUT_NEVER,
								      l4_timeout_from_us(500000)));
		KCHECK_EQ(l4_ipc_error(tag, l4_utcb()), 0);
		KCHECK_EQ(l4_msgtag_label(tag), L4_PROTO_IRQ);
		KCHECK_EQ(label, 0x88);
		outb(RTC_INDEX, 0x0c);
		KCHECK((inb(RTC_DATA) & 0x40) != 0); /* the periodic flag was set */
	}
	/* Off again, and the line unbound. */
	outb(RTC_INDEX, 0x8b);
	outb(RTC_DATA, b & ~0x40);
	KCHECK_EQ(l4_error(l4_icu_unbind(L4_BASE_ICU_CAP, RTC_IRQ, irq)), 0);
}

int main(int argc, char **argv)
{
	return ktap_run_all(argc, argv);
}
