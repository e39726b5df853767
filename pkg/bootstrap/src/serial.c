/* COM1 console: a 16550 UART at I/O port 0x3f8, 115200 baud, 8N1, polled. */
#include "bootstrap.h"

#define COM1      0x3f8
#define UART_THR  0 /* transmit holding register (DLAB=0) */
#define UART_DLL  0 /* divisor latch low (DLAB=1) */
#define UART_IER  1 /* interrupt enable (DLAB=0) */
#define UART_DLM  1 /* divisor latch high (DLAB=1) */
#define UART_FCR  2 /* FIFO control */
#define UART_LCR  3 /* line control */
#define UART_MCR  4 /* modem control */
#define UART_LSR  5 /* line status */

#define LCR_DLAB  0x80
#define LCR_8N1   0x03
#define FCR_INIT  0xc7 /* enable + clear both FIFOs, 14-byte trigger */
#define MCR_INIT  0x0b /* DTR, RTS, OUT2 */
#define LSR_THRE  0x20 /* transmit holding register empty */

/* The UART clock is 1.8432 MHz / 16 = 115200 Hz, so divisor 1 = 115200 baud. */
#define BAUD_DIVISOR 1

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void bs_serial_init(void)
{
	outb(COM1 + UART_IER, 0x00); /* polled: no interrupts */
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, BAUD_DIVISOR & 0xff);
	outb(COM1 + UART_DLM, BAUD_DIVISOR >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_INIT);
	outb(COM1 + UART_MCR, MCR_INIT);
}

static void serial_raw(char c)
{
	/* Bounded wait: a missing UART reads 0xff (THRE set), a stuck one
	 * must not hang the boot forever. */
	for (unsigned spin = 0; spin < 100000; spin++)
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
	outb(COM1 + UART_THR, (uint8_t)c);
}

void bs_putc(char c)
{
	if (c == '\n')
		serial_raw('\r'); /* terminals expect CR LF */
	serial_raw(c);
}
