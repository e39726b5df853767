/* tap_selftest: tests of the host TAP library itself (tests/lib/tap.c).
 *
 * The selftest_* tests run this same program again as a sub-process in
 * "--sample" mode, where it runs some of the sample_* tests below (several of
 * which fail on purpose), and check its TAP output and exit status: sorting,
 * glob filtering, CHECK/ASSERT/FATAL/SKIP behaviour and value printing.
 * Without arguments only the selftest_* tests run.
 *
 * Usage: tap_selftest [-l] [glob...]       the library's usual interface
 *        tap_selftest --sample [glob...]   the sample tests (some fail)
 */
// sources:
#include "tap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- samples: run only in a sub-process; defined out of name order ---- */

TEST(sample_sort_c) { tap_note("ran sample_sort_c"); }
TEST(sample_sort_a) { tap_note("ran sample_sort_a"); }
TEST(sample_sort_b) { tap_note("ran sample_sort_b"); }

TEST(sample_check_fail)
{
	int x = 5;
	CHECK_EQ(x, 7);
	tap_note("after failed CHECK");
	CHECK(x == 5);
}

TEST(sample_check_values)
{
	int neg = -1;
	unsigned u = 4000000000u;
	const char *s = "abc";
	CHECK_EQ(neg, u);
	CHECK_STREQ(s, "ab\"d\n");
	CHECK_STREQ(s, NULL);
	CHECK(neg > 0);
}

TEST(sample_assert_fail)
{
	ASSERT_EQ(1 + 1, 3);
	tap_note("after failed ASSERT");
}

TEST(sample_assert_next) { tap_note("test after ASSERT ran"); }

TEST(sample_fatal_a)
{
	FATAL_NE(2, 2);
	tap_note("after FATAL");
}

TEST(sample_fatal_b) { tap_note("test after FATAL ran"); }

TEST(sample_skip)
{
	SKIP("no %s here", "hardware");
	tap_note("after SKIP");
}

/* ---- running the samples ---- */

struct sample {
	int status;      /* exit status, or 128 + signal */
	char out[65536]; /* stdout and stderr, merged */
};

/* Plain C, no checks: also used before any test runs. */
static bool spawn_sample(struct sample *r, const char *const *globs)
{
	int fd[2];
	memset(r, 0, sizeof(*r));
	if (pipe(fd) != 0)
		return false;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		const char *argv[16] = { "tap_selftest", "--sample" };
		int n = 2;
		for (; *globs && n < 15; globs++)
			argv[n++] = *globs;
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		execv("/proc/self/exe", (char *const *)argv);
		_exit(127);
	}
	close(fd[1]);
	size_t len = 0;
	for (;;) {
		ssize_t k = read(fd[0], r->out + len, sizeof(r->out) - 1 - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		len += (size_t)k;
	}
	r->out[len] = '\0';
	close(fd[0]);
	int ws;
	if (waitpid(pid, &ws, 0) != pid)
		return false;
	r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return true;
}

static struct sample *run_sample(const char *const *globs)
{
	static struct sample r;
	ASSERT(spawn_sample(&r, globs));
	return &r;
}

static const char *find_line(const char *out, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = out; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, line, n) && (p[n] == '\n' || p[n] == '\0'))
			return p;
	return NULL;
}

static bool dumped;

static void dump(const struct sample *r)
{
	if (dumped)
		return;
	dumped = true;
	tap_diag("sample output (exit status %d):\n%s", r->status, r->out);
}

/* The line is in the output (or, with present false, it is not). */
static void expect_line(const struct sample *r, const char *line, bool present)
{
	if (!CHECK((find_line(r->out, line) != NULL) == present)) {
		tap_diag("    %s line: %s", present ? "missing" : "unexpected", line);
		dump(r);
	}
}

static void expect_text(const struct sample *r, const char *text, bool present)
{
	if (!CHECK((strstr(r->out, text) != NULL) == present)) {
		tap_diag("    %s text: %s", present ? "missing" : "unexpected", text);
		dump(r);
	}
}

static void expect_status(const struct sample *r, int status)
{
	if (!CHECK_EQ(r->status, status))
		dump(r);
}

/* ---- the self-tests ---- */

TEST(selftest_sorted_by_name)
{
	dumped = false;
	struct sample *r = run_sample((const char *[]){ "sample_sort_*", NULL });
	expect_status(r, 0);
	expect_line(r, "TAP version 13", true);
	expect_line(r, "1..3", true);
	expect_line(r, "ok 1 - sample_sort_a", true);
	expect_line(r, "ok 2 - sample_sort_b", true);
	expect_line(r, "ok 3 - sample_sort_c", true);
	const char *a = find_line(r->out, "# ran sample_sort_a");
	const char *b = find_line(r->out, "# ran sample_sort_b");
	const char *c = find_line(r->out, "# ran sample_sort_c");
	if (!CHECK(a && b && c && a < b && b < c))
		dump(r);
	expect_line(r, "# Totals: pass:3 fail:0 skip:0", true);
}

TEST(selftest_filter_globs)
{
	dumped = false;
	struct sample *r = run_sample((const char *[]){ "sample_sort_[ab]", "sample_sk?p", NULL });
	expect_status(r, 0);
	expect_line(r, "1..3", true);
	expect_line(r, "ok 1 - sample_skip # SKIP no hardware here", true);
	expect_line(r, "ok 2 - sample_sort_a", true);
	expect_line(r, "ok 3 - sample_sort_b", true);
	expect_text(r, "sample_sort_c", false);
	expect_text(r, "after SKIP", false);
	expect_line(r, "# Totals: pass:2 fail:0 skip:1", true);
}

TEST(selftest_filter_no_match)
{
	dumped = false;
	struct sample *r = run_sample((const char *[]){ "no_such_test*", NULL });
	expect_status(r, 1);
	expect_line(r, "1..0 # SKIP no test selected", true);
}

TEST(selftest_failed_check_continues)
{
	dumped = false;
	struct sample *r = run_sample((const char *[]){ "sample_check_fail", NULL });
	expect_status(r, 1);
	expect_line(r, "1..1", true);
	expect_line(r, "not ok 1 - sample_check_fail", true);
	expect_line(r, "ok 1 - sample_check_fail", false);
	expect_text(r, "tap_selftest.c:", true);
	expect_text(r, "CHECK_EQ(x, 7) failed", true);
	expect_line(r, "#     x = 5 (0x5)", true);
	expect_line(r, "#     7 = 7 (0x7)", true);
	expect_line(r, "# after failed CHECK", true);
	expect_text(r, "CHECK(x == 5) failed", false);
	expect_line(r, "# Totals: pass:0 fail:1 skip:0", true);
}

TEST(selftest_failure_values)
{
	dumped = false;
	struct sample *r = run_sample((const char *[]){ "sample_check_values", NULL });
	expect_status(r, 1);
	expect_line(r, "not ok 1 - sample_check_values", true);
	expect_text(r, "CHECK_EQ(neg, u) failed", true);
	expect_line(r, "#     neg = -1 (0xffffffff)", true);
	expect_line(r, "#     u = 4000000000 (0xee6b2800)", true);
	expect_text(r, "CHECK_STREQ(s, \"ab\\\"d\\n\") failed", true);
	expect_line(r, "#     s = \"abc\"", true);
	expect_line(r, "#     \"ab\\\"d\\n\" = \"ab\\\"d\\n\"", true);
	expect_text(r, "CHECK_STREQ(s, NULL) failed", true);
	expect_line(r, "#     NULL = NULL", true);
	expect_text(r, "CHECK(neg > 0) failed", true);
}

TEST(selftest_assert_ends_test_only)
{
	dumped = false;
	struct sample *r = run_sample((const char *[]){ "sample_assert_*", NULL });
	expect_status(r, 1);
	expect_line(r, "1..2", true);
	expect_line(r, "not ok 1 - sample_assert_fail", true);
	expect_text(r, "ASSERT_EQ(1 + 1, 3) failed", true);
	expect_text(r, "after failed ASSERT", false);
	expect_line(r, "# test after ASSERT ran", true);
	expect_line(r, "ok 2 - sample_assert_next", true);
}

TEST(selftest_fatal_bails_out)
{
	dumped = false;
	struct sample *r = run_sample((const char *[]){ "sample_fatal_*", NULL });
	if (!CHECK_NE(r->status, 0))
		dump(r);
	expect_line(r, "1..2", true);
	expect_line(r, "not ok 1 - sample_fatal_a", true);
	expect_text(r, "FATAL_NE(2, 2) failed", true);
	expect_text(r, "Bail out!", true);
	expect_text(r, "after FATAL", false);
	expect_text(r, "test after FATAL ran", false);
	expect_text(r, "sample_fatal_b", false);
}

TEST(selftest_compare_semantics)
{
	/* Mathematical comparison across signedness and widths. */
	CHECK_LT(-1, 0u);
	CHECK_GT((unsigned long)-1, -1);
	CHECK_NE(-1, (unsigned)-1);
	CHECK_EQ((unsigned char)200, 200);
	CHECK_EQ((signed char)-56, -56);
	CHECK_LE(INTMAX_MIN, 0);
	CHECK_GE(UINTMAX_MAX, INTMAX_MAX);
	CHECK_EQ(sizeof(int), 4);
	int x = 3, *p = &x;
	CHECK_NE(p, NULL);
	CHECK_EQ(p, &x);
	CHECK_STREQ("walnut", "walnut");
	CHECK_STRNE("walnut", NULL);
	CHECK_STREQ(NULL, NULL);
	/* Each side is evaluated exactly once. */
	int n = 0;
	CHECK_EQ(n++, 0);
	CHECK_EQ(n, 1);
}

/* The self-tests judge the library with the library: were failing checks
 * not reported at all, they would pass. So first make sure, without the
 * library's checks, that a failing CHECK does produce "not ok" and status 1. */
static bool failure_is_reported(void)
{
	static struct sample r;
	static const char *const globs[] = { "sample_check_fail", NULL };
	return spawn_sample(&r, globs) && r.status == 1 &&
	       strstr(r.out, "\nnot ok 1 - sample_check_fail\n") != NULL;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "--sample"))
		return tap_main(argc - 1, argv + 1);
	if (!failure_is_reported()) {
		printf("Bail out! a failing CHECK is not reported as \"not ok\"\n");
		return 1;
	}
	if (argc == 1)
		return tap_run(1, (const char *const[]){ "selftest_*" });
	return tap_main(argc, argv);
}
