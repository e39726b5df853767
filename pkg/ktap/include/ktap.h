/* TAP tests for programs running on Walnut, printed on the kernel console.
 *
 *     KTEST(vcon_write_ok) {
 *         KASSERT_EQ(l4_error(l4_vcon_write(L4_BASE_LOG_CAP, "x", 1)), 0);
 *     }
 *     int main(void) { return ktap_run_all(argc, argv); }
 *
 * Tests register into the "ktap_tests" section and run sorted by name;
 * arguments are name prefixes that select tests. Levels:
 *   KCHECK*  record the failure, go on
 *   KASSERT* record the failure, leave this test (a return from it)
 *   KFATAL*  record the failure, print "Bail out!" and end the program
 * A failed comparison prints both values in decimal and hex.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct ktap_test {
	const char *name;
	void (*fn)(void);
};

#define KTEST(name_)                                                             \
	static void ktest_##name_(void);                                         \
	static const struct ktap_test ktest_desc_##name_ = { #name_, ktest_##name_ }; \
	static const struct ktap_test *ktest_ptr_##name_                         \
		__attribute__((used, section("ktap_tests"), aligned(8))) = &ktest_desc_##name_; \
	static void ktest_##name_(void)

/* Records a failure of the running test with a message (printf style). */
__attribute__((format(printf, 3, 4)))
void ktap_fail(const char *file, int line, const char *fmt, ...);
__attribute__((noreturn)) void ktap_bail(const char *why);
/* Compares and reports; returns true when the comparison held. */
bool ktap_cmp(const char *file, int line, const char *expr_a, const char *op,
	      const char *expr_b, int64_t a, int64_t b, bool ok);
/* Prints "# text" on the console. */
__attribute__((format(printf, 1, 2))) void ktap_note(const char *fmt, ...);
/* Runs the selected tests; returns 0 when all passed. */
int ktap_run_all(int argc, char **argv);

#define KTAP__CMP(level_fail, a, op, b)                                          \
	do {                                                                     \
		int64_t ka_ = (int64_t)(a), kb_ = (int64_t)(b);                  \
		if (!ktap_cmp(__FILE__, __LINE__, #a, #op, #b, ka_, kb_, ka_ op kb_)) \
			level_fail;                                              \
	} while (0)
#define KTAP__COND(level_fail, c)                                                \
	do {                                                                     \
		if (!(c)) {                                                      \
			ktap_fail(__FILE__, __LINE__, "%s", #c);                 \
			level_fail;                                              \
		}                                                                \
	} while (0)

#define KTAP__GO_ON   (void)0
#define KTAP__LEAVE   return
#define KTAP__BAIL    ktap_bail("fatal check failed")

#define KCHECK(c)          KTAP__COND(KTAP__GO_ON, c)
#define KCHECK_EQ(a, b)    KTAP__CMP(KTAP__GO_ON, a, ==, b)
#define KCHECK_NE(a, b)    KTAP__CMP(KTAP__GO_ON, a, !=, b)
#define KCHECK_LT(a, b)    KTAP__CMP(KTAP__GO_ON, a, <, b)
#define KCHECK_GE(a, b)    KTAP__CMP(KTAP__GO_ON, a, >=, b)
#define KASSERT(c)         KTAP__COND(KTAP__LEAVE, c)
#define KASSERT_EQ(a, b)   KTAP__CMP(KTAP__LEAVE, a, ==, b)
#define KASSERT_NE(a, b)   KTAP__CMP(KTAP__LEAVE, a, !=, b)
#define KASSERT_GE(a, b)   KTAP__CMP(KTAP__LEAVE, a, >=, b)
#define KFATAL(c)          KTAP__COND(KTAP__BAIL, c)
#define KFATAL_EQ(a, b)    KTAP__CMP(KTAP__BAIL, a, ==, b)
