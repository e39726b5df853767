/* ned's console for the interactive prompt: its log, which moe makes the
 * kernel Vcon. The kernel's echo is switched off and ned echoes what it
 * accepts, so that backspace (BS or DEL) erases on the screen, Ctrl-U
 * erases the line and Ctrl-C drops it; escape sequences (arrow keys) are
 * swallowed. Input wakes the reading thread through an Irq bound to the
 * Vcon's input line; without one, ned polls every 20 ms. */
#include "ned.h"

#include <pthread.h>
#include <pthread-l4.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <l4/re/c/log.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>

enum { KEY_BS = 0x08, KEY_DEL = 0x7f, KEY_ESC = 0x1b, KEY_CTRL_C = 0x03, KEY_CTRL_U = 0x15 };

static struct {
	l4_cap_idx_t vcon;
	l4_cap_idx_t irq;        /* input Irq, or invalid: poll */
	bool echo;               /* ned echoes (the kernel's echo is off) */
	char in[L4_VCON_READ_SIZE];
	unsigned pos, len;
} con = { .irq = L4_INVALID_CAP };

/* Output to the console comes from two threads: the prompt's and ned_msg
 * callers (exit reports from the server thread). While a line is being
 * edited, a message goes on a line of its own and the prompt and what was
 * typed so far are shown again below it. Under out_lock: edit and every
 * write. */
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	bool active;
	const char *prompt;
	char *buf;
	size_t n;
} edit;

static void raw_out(const char *s, size_t n)
{
	l4re_log_printn_srv(l4re_env()->log, s, (int)n);
}

void ned_console_msg(const char *s, size_t n)
{
	/* Lua's print goes through stdout: keep the order. */
	fflush(stdout);
	pthread_mutex_lock(&out_lock);
	if (edit.active)
		raw_out("\n", 1);
	raw_out(s, n);
	if (edit.active) {
		raw_out(edit.prompt, strlen(edit.prompt));
		raw_out(edit.buf, edit.n);
	}
	pthread_mutex_unlock(&out_lock);
}

static void out(const char *s, size_t n)
{
	pthread_mutex_lock(&out_lock);
	raw_out(s, n);
	pthread_mutex_unlock(&out_lock);
}

/* An Irq for "input arrived", bound to the calling thread. */
static void bind_input_irq(void)
{
	l4_cap_idx_t irq = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(irq))
		return;
	long r = l4_error(l4_factory_create_irq(l4re_env()->factory, irq));
	if (r == 0)
		r = l4_error(l4_irq_attach(irq, 0, pthread_l4_cap(pthread_self())));
	if (r == 0)
		r = l4_error(l4_icu_bind(con.vcon, 0, irq));
	if (r < 0) {
		ned_msg("console: no input interrupt (%ld), polling", r);
		l4_task_delete_obj(L4_BASE_TASK_CAP, irq);
		l4re_util_cap_free(irq);
		return;
	}
	con.irq = irq;
}

long ned_console_open(void)
{
	con.vcon = l4re_env()->log;
	l4_vcon_attr_t a;
	long r = l4_error(l4_vcon_get_attr(con.vcon, &a));
	if (r < 0)
		return r;
	a.l_flags &= ~(l4_umword_t)L4_VCON_ECHO;
	a.i_flags |= L4_VCON_ICRNL;
	con.echo = l4_error(l4_vcon_set_attr(con.vcon, &a)) == 0;
	bind_input_irq();
	return 0;
}

/* Blocks until input is there. */
static void wait_input(void)
{
	if (l4_is_valid_cap(con.irq)) {
		l4_irq_receive(con.irq, L4_IPC_NEVER);
		return;
	}
	struct timespec t = { 0, 20 * 1000 * 1000 };
	nanosleep(&t, NULL);
}

static char next_char(void)
{
	while (con.pos == con.len) {
		int r = l4_vcon_read(con.vcon, con.in, sizeof(con.in));
		if (r > (int)sizeof(con.in))
			r = sizeof(con.in);
		if (r > 0) {
			con.pos = 0;
			con.len = (unsigned)r;
			break;
		}
		wait_input();
	}
	return con.in[con.pos++];
}

/* After ESC: CSI sequences "ESC [ params final" and "ESC O x" go. */
static void swallow_escape(void)
{
	char c = next_char();
	if (c == 'O') {
		next_char();
		return;
	}
	if (c != '[')
		return;
	do
		c = next_char();
	while (!(c >= 0x40 && c <= 0x7e));
}

/* Starts and ends editing a line (prompt shown, buf empty). */
static void edit_begin(const char *prompt, char *buf)
{
	fflush(stdout);
	pthread_mutex_lock(&out_lock);
	edit.active = true;
	edit.prompt = prompt;
	edit.buf = buf;
	edit.n = 0;
	raw_out(prompt, strlen(prompt));
	pthread_mutex_unlock(&out_lock);
}

static size_t edit_end(void)
{
	pthread_mutex_lock(&out_lock);
	size_t n = edit.n;
	edit.active = false;
	edit.buf[n] = 0;
	raw_out("\n", 1);
	pthread_mutex_unlock(&out_lock);
	return n;
}

/* Appends c (if there is room) or erases the last character (c = 0). */
static void edit_key(char c, size_t size)
{
	pthread_mutex_lock(&out_lock);
	if (c && edit.n + 1 < size) {
		edit.buf[edit.n++] = c;
		if (con.echo)
			raw_out(&c, 1);
	} else if (!c && edit.n) {
		edit.n--;
		if (con.echo)
			raw_out("\b \b", 3);
	}
	pthread_mutex_unlock(&out_lock);
}

size_t ned_console_readline(const char *prompt, char *buf, size_t size)
{
	edit_begin(prompt, buf);
	for (;;) {
		char c = next_char();
		switch (c) {
		case '\n':
		case '\r':
			return edit_end();
		case KEY_BS:
		case KEY_DEL:
			edit_key(0, size);
			break;
		case KEY_CTRL_U:
			while (edit.n)
				edit_key(0, size);
			break;
		case KEY_CTRL_C:
			if (con.echo)
				out("^C", 2);
			edit_end();
			edit_begin(prompt, buf);
			break;
		case KEY_ESC:
			swallow_escape();
			break;
		default:
			if ((unsigned char)c >= 0x20)
				edit_key(c, size);
		}
	}
}
