/* TAP tests for programs on the C library, printed on stdout.
 *
 *     UTEST(malloc_zero) {
 *         void *p = malloc(0);
 *         UCHECK(p != NULL);
 *         free(p);
 *     }
 *     int main(int argc, char **argv) { return utap_run_all(argc, argv); }
 *
 * Tests register into the "utap_tests" section and run sorted by name;
 * arguments are name prefixes that select tests. Levels:
 *   UCHECK*  record the failure, go on
 *   UASSERT* record the failure, leave this test (a return from it)
 *   UFATAL*  record the failure, print "Bail out!" and end the program
 * A failed comparison prints both values in decimal and hex.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct utap_test {
	const char *name;
	void (*fn)(void);
};

#define UTEST(name_)                                                             \
	static void utest_##name_(void);                                         \
	static const struct utap_test utest_desc_##name_ = { #name_, utest_##name_ }; \
	static const struct utap_test *utest_ptr_##name_                         \
		__attribute__((used, section("utap_tests"), aligned(8))) = &utest_desc_##name_; \
	static void utest_##name_(void)

__attribute__((format(printf, 3, 4)))
void utap_fail(const char *file, int line, const char *fmt, ...);
__attribute__((noreturn)) void utap_bail(const char *why);
bool utap_cmp(const char *file, int line, const char *expr_a, const char *op,
	      const char *expr_b, int64_t a, int64_t b, bool ok);
/* Prints "# text". */
__attribute__((format(printf, 1, 2))) void utap_note(const char *fmt, ...);
/* Runs the selected tests; returns 0 when all passed. */
int utap_run_all(int argc, char **argv);

#define UTAP__CMP(level_fail, a, op, b)                                          \
	do {                                                                     \
		int64_t ua_ = (int64_t)(a), ub_ = (int64_t)(b);                  \
		if (!utap_cmp(__FILE__, __LINE__, #a, #op, #b, ua_, ub_, ua_ op ub_)) \
			level_fail;                                              \
	} while (0)
#define UTAP__COND(level_fail, c)                                                \
	do {                                                                     \
		if (!(c)) {                                                      \
			utap_fail(__FILE__, __LINE__, "%s", #c);                 \
			level_fail;                                              \
		}                                                                \
	} while (0)
#define UTAP__GO_ON   (void)0
#define UTAP__LEAVE   return
#define UTAP__BAIL    utap_bail("fatal check failed")

#define UCHECK(c)          UTAP__COND(UTAP__GO_ON, c)
#define UCHECK_EQ(a, b)    UTAP__CMP(UTAP__GO_ON, a, ==, b)
#define UCHECK_NE(a, b)    UTAP__CMP(UTAP__GO_ON, a, !=, b)
#define UCHECK_LT(a, b)    UTAP__CMP(UTAP__GO_ON, a, <, b)
#define UCHECK_LE(a, b)    UTAP__CMP(UTAP__GO_ON, a, <=, b)
#define UCHECK_GE(a, b)    UTAP__CMP(UTAP__GO_ON, a, >=, b)
#define UCHECK_GT(a, b)    UTAP__CMP(UTAP__GO_ON, a, >, b)
#define UCHECK_STREQ(a, b) UTAP__COND(UTAP__GO_ON, utap_streq(__FILE__, __LINE__, a, b))
#define UASSERT(c)         UTAP__COND(UTAP__LEAVE, c)
#define UASSERT_EQ(a, b)   UTAP__CMP(UTAP__LEAVE, a, ==, b)
#define UASSERT_NE(a, b)   UTAP__CMP(UTAP__LEAVE, a, !=, b)
#define UASSERT_GE(a, b)   UTAP__CMP(UTAP__LEAVE, a, >=, b)
#define UASSERT_STREQ(a, b) UTAP__COND(UTAP__LEAVE, utap_streq(__FILE__, __LINE__, a, b))
#define UFATAL(c)          UTAP__COND(UTAP__BAIL, c)
#define UFATAL_EQ(a, b)    UTAP__CMP(UTAP__BAIL, a, ==, b)

/* Compares strings (NULL allowed); on a mismatch prints both. */
bool utap_streq(const char *file, int line, const char *a, const char *b);
