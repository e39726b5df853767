/* pmem_child.h: run a piece of code under test in a forked child, for calls
 * that may crash (a sanitizer report, an abort) or hang, so that one such
 * call does not end the whole test program.
 */
#pragma once

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pmem_sim.h"

enum child_outcome {
	CHILD_RETURNED,  /* fn returned; its int result is in *ret */
	CHILD_PANICKED,  /* fn called panic() (message in *msg) */
	CHILD_CRASHED,   /* killed by a signal or exited non-zero: sanitizer, abort */
	CHILD_HUNG,      /* still running after the time limit */
	CHILD_NOFORK,    /* fork or pipe failed */
};

struct child_result {
	enum child_outcome outcome;
	int ret;
	char msg[512]; /* panic message, or the first lines of the child's stderr */
};

struct child_call {
	int (*fn)(void *);
	void *arg;
	int ret;
};

static inline void child_trampoline(void *p)
{
	struct child_call *c = p;
	c->ret = c->fn(c->arg);
}

/* Runs fn(arg) in a child with a time limit of seconds. */
static inline struct child_result run_in_child(int (*fn)(void *), void *arg, unsigned seconds)
{
	struct child_result r = { CHILD_NOFORK, 0, "" };
	int res[2], err[2];
	if (pipe(res) != 0)
		return r;
	if (pipe(err) != 0) {
		close(res[0]);
		close(res[1]);
		return r;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		close(res[0]); close(res[1]); close(err[0]); close(err[1]);
		return r;
	}
	if (pid == 0) {
		close(res[0]);
		close(err[0]);
		dup2(err[1], 2);
		alarm(seconds);
		struct child_call c = { fn, arg, 0 };
		struct child_result out = { CHILD_RETURNED, 0, "" };
		if (catches_panic(child_trampoline, &c)) {
			out.outcome = CHILD_PANICKED;
			snprintf(out.msg, sizeof(out.msg), "%s", sim_panic_msg);
		} else {
			out.ret = c.ret;
		}
		if (write(res[1], &out, sizeof(out)) != (ssize_t)sizeof(out))
			_exit(2);
		_exit(0); /* no atexit handlers: no leak check of the parent's heap */
	}
	close(res[1]);
	close(err[1]);
	/* stderr first, to its end (the child exiting), so that a long report
	 * cannot block the child; the result is small enough for any pipe. */
	char errbuf[4096], scratch[4096];
	size_t elen = 0;
	for (;;) {
		ssize_t k;
		if (elen < sizeof(errbuf) - 1)
			k = read(err[0], errbuf + elen, sizeof(errbuf) - 1 - elen);
		else
			k = read(err[0], scratch, sizeof(scratch));
		if (k <= 0)
			break;
		if (elen < sizeof(errbuf) - 1)
			elen += (size_t)k;
	}
	errbuf[elen] = '\0';
	struct child_result got;
	ssize_t n = read(res[0], &got, sizeof(got));
	close(res[0]);
	close(err[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	if (n == (ssize_t)sizeof(got) && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		r = got;
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		r.outcome = CHILD_HUNG;
		snprintf(r.msg, sizeof(r.msg), "no result after %u s", seconds);
	} else {
		r.outcome = CHILD_CRASHED;
		/* The most telling line: a sanitizer's "runtime error" or "ERROR". */
		const char *line = strstr(errbuf, "runtime error");
		if (!line)
			line = strstr(errbuf, "ERROR");
		if (!line)
			line = errbuf;
		size_t len = strcspn(line, "\n");
		snprintf(r.msg, sizeof(r.msg), "%s %d: %.*s",
			 WIFSIGNALED(status) ? "signal" : "exit status",
			 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
			 (int)(len > 400 ? 400 : len), line);
	}
	return r;
}
