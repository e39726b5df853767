/* 16550 UART console on the board's port (COM1 at 0x3f8 on PCs). */
#include <arch/asm.h>
#include <kern/arch.h>

#define UART CONFIG_BOARD_UART_PORT
/* Register offsets from the UART base (DLAB=0 unless noted). */
#define THR 0 /* transmit holding */
#define RBR 0 /* receive buffer */
#define DLL 0 /* divisor low (DLAB=1) */
#define IER 1 /* interrupt enable; divisor high with DLAB=1 */
#define FCR 2 /* FIFO control */
#define LCR 3 /* line control */
#define MCR 4 /* modem control */
#define LSR 5 /* line status */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20

void arch_console_init(void)
{
	outb(UART + IER, 0x00);  /* polled: no UART interrupts yet */
	outb(UART + LCR, 0x80);  /* DLAB on */
	outb(UART + DLL, 1);     /* 115200 baud = 115200 / 1 */
	outb(UART + IER, 0);
	outb(UART + LCR, 0x03);  /* 8N1, DLAB off */
	outb(UART + FCR, 0x07);  /* enable and clear FIFOs */
	outb(UART + MCR, 0x03);  /* DTR, RTS */
}

static void putc_raw(char c)
{
	/* Bounded wait: a missing UART must not hang the kernel forever. */
	for (unsigned spin = 0; spin < 100000 && !(inb(UART + LSR) & LSR_THR_EMPTY); spin++)
		cpu_relax();
	outb(UART + THR, (u8)c);
}

void arch_console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			putc_raw('\r');
		putc_raw(s[i]);
	}
}

int arch_console_getc(void)
{
	if (!(inb(UART + LSR) & LSR_DATA_READY))
		return -1;
	return inb(UART + RBR);
}
