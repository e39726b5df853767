/* tap.h: a small TAP library for Walnut's host unit tests.
 *
 * In the style of Linux kselftest and sel4test: tests are registered by a
 * macro into a linker section, run sorted by name, selected by glob patterns
 * on the command line, and report TAP version 13 on stdout:
 *
 *     #include "tap.h"
 *
 *     TEST(bitmap_set_clear)
 *     {
 *         struct bitmap b = BITMAP_INIT;
 *         ASSERT(bitmap_set(&b, 3) == 0);   // later checks make no sense without it
 *         CHECK_EQ(b.word[0], 8);           // records a failure, goes on
 *         CHECK_STREQ(bitmap_name(&b), "b");
 *     }
 *
 * The program's main() is tap.c's (a weak symbol: define your own and call
 * tap_main() if you need set-up). Usage: <test> [-l] [glob...]; with globs,
 * only tests whose names match one of them (fnmatch(3)) run; -l lists them.
 *
 * Three levels of check, each with the same family of comparisons:
 *   CHECK...   record the failure, continue the test
 *   ASSERT...  record the failure, end this test (the next test runs)
 *   FATAL...   record the failure, end the whole run with "Bail out!"
 * Comparisons: X(cond), X_EQ, X_NE, X_LT, X_LE, X_GT, X_GE (integers and
 * pointers), X_STREQ, X_STRNE (C strings, NULL allowed).
 * Integer comparisons evaluate each side once and compare mathematical
 * values, whatever the types: CHECK_EQ(-1, UINT_MAX) fails (unlike C's ==).
 * A failure prints the expression and, for comparisons, both values (integers
 * in decimal and hex, strings quoted), as TAP diagnostics on stderr.
 *
 * SKIP(fmt, ...) ends the current test as "ok N - name # SKIP <reason>".
 * tap_note() prints a "# " comment on stdout, tap_diag() one on stderr.
 *
 * Every macro also exists with a TAP_ prefix (TAP_TEST, TAP_CHECK_EQ...);
 * define TAP_NO_SHORT_NAMES before including this header to get only those,
 * e.g. when code under test defines its own ASSERT.
 *
 * Output: "TAP version 13", "1..N", then per test the diagnostics of its
 * failures and "ok N - name" / "not ok N - name", then "# Totals: ...".
 * Exit status: 0 when no test failed, 1 otherwise (also for a filter that
 * selects nothing).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>

struct tap_test {
	const char *name;
	void (*fn)(void);
	const char *file;
	int line;
};

/* Registration: a pointer to each descriptor goes into section "tap_tests";
 * the linker provides __start_tap_tests / __stop_tap_tests around them. */
#define TAP_TEST(name_)                                                        \
	static void tap_fn_##name_(void);                                      \
	static const struct tap_test tap_desc_##name_ = {                      \
		#name_, tap_fn_##name_, __FILE__, __LINE__ };                  \
	static const struct tap_test *tap_ptr_##name_                          \
		__attribute__((used, section("tap_tests"),                     \
			       aligned(sizeof(void *)))) = &tap_desc_##name_;  \
	static void tap_fn_##name_(void)

enum tap_level { TAP_LVL_CHECK, TAP_LVL_ASSERT, TAP_LVL_FATAL };
enum tap_op { TAP_OP_EQ, TAP_OP_NE, TAP_OP_LT, TAP_OP_LE, TAP_OP_GT, TAP_OP_GE };

/* The type of x after integer promotion (so bit-fields, _Bool and char work
 * too); pointers stay pointers. Only used unevaluated. */
#define TAP__PROMOTED(x) (0 ? (x) : (x))
/* Whether an integer expression has a signed type. Pointers count as unsigned. */
#define TAP__SIGNED(x) _Generic(TAP__PROMOTED(x),                              \
	int: 1, long: 1, long long: 1, default: 0)

/* Each macro stringifies its own arguments, so that messages show the
 * expressions as written (macros in them unexpanded). */
#define TAP__BOOL(lvl, name, cond, text)                                       \
	tap__bool((lvl), name, !!(cond), text, __FILE__, __LINE__)
#define TAP__INT(lvl, name, op, a, b, ta, tb)                                  \
	tap__int((lvl), name, TAP_OP_##op, ta, tb,                             \
		 TAP__SIGNED(a), sizeof(TAP__PROMOTED(a)), (uintmax_t)(a),     \
		 TAP__SIGNED(b), sizeof(TAP__PROMOTED(b)), (uintmax_t)(b),     \
		 __FILE__, __LINE__)
#define TAP__STR(lvl, name, eq, a, b, ta, tb)                                  \
	tap__str((lvl), name, (eq), ta, tb, (a), (b), __FILE__, __LINE__)

#define TAP_CHECK(c) TAP__BOOL(TAP_LVL_CHECK, "CHECK", c, #c)
#define TAP_CHECK_EQ(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_EQ", EQ, a, b, #a, #b)
#define TAP_CHECK_NE(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_NE", NE, a, b, #a, #b)
#define TAP_CHECK_LT(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_LT", LT, a, b, #a, #b)
#define TAP_CHECK_LE(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_LE", LE, a, b, #a, #b)
#define TAP_CHECK_GT(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_GT", GT, a, b, #a, #b)
#define TAP_CHECK_GE(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_GE", GE, a, b, #a, #b)
#define TAP_CHECK_STREQ(a, b) TAP__STR(TAP_LVL_CHECK, "CHECK_STREQ", true, a, b, #a, #b)
#define TAP_CHECK_STRNE(a, b) TAP__STR(TAP_LVL_CHECK, "CHECK_STRNE", false, a, b, #a, #b)

#define TAP_ASSERT(c) TAP__BOOL(TAP_LVL_ASSERT, "ASSERT", c, #c)
#define TAP_ASSERT_EQ(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_EQ", EQ, a, b, #a, #b)
#define TAP_ASSERT_NE(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_NE", NE, a, b, #a, #b)
#define TAP_ASSERT_LT(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_LT", LT, a, b, #a, #b)
#define TAP_ASSERT_LE(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_LE", LE, a, b, #a, #b)
#define TAP_ASSERT_GT(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_GT", GT, a, b, #a, #b)
#define TAP_ASSERT_GE(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_GE", GE, a, b, #a, #b)
#define TAP_ASSERT_STREQ(a, b) TAP__STR(TAP_LVL_ASSERT, "ASSERT_STREQ", true, a, b, #a, #b)
#define TAP_ASSERT_STRNE(a, b) TAP__STR(TAP_LVL_ASSERT, "ASSERT_STRNE", false, a, b, #a, #b)

#define TAP_FATAL(c) TAP__BOOL(TAP_LVL_FATAL, "FATAL", c, #c)
#define TAP_FATAL_EQ(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_EQ", EQ, a, b, #a, #b)
#define TAP_FATAL_NE(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_NE", NE, a, b, #a, #b)
#define TAP_FATAL_LT(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_LT", LT, a, b, #a, #b)
#define TAP_FATAL_LE(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_LE", LE, a, b, #a, #b)
#define TAP_FATAL_GT(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_GT", GT, a, b, #a, #b)
#define TAP_FATAL_GE(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_GE", GE, a, b, #a, #b)
#define TAP_FATAL_STREQ(a, b) TAP__STR(TAP_LVL_FATAL, "FATAL_STREQ", true, a, b, #a, #b)
#define TAP_FATAL_STRNE(a, b) TAP__STR(TAP_LVL_FATAL, "FATAL_STRNE", false, a, b, #a, #b)

#define TAP_SKIP(...) tap__skip(__VA_ARGS__)

#ifndef TAP_NO_SHORT_NAMES
#define TEST(name) TAP_TEST(name)
#define CHECK(c) TAP__BOOL(TAP_LVL_CHECK, "CHECK", c, #c)
#define CHECK_EQ(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_EQ", EQ, a, b, #a, #b)
#define CHECK_NE(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_NE", NE, a, b, #a, #b)
#define CHECK_LT(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_LT", LT, a, b, #a, #b)
#define CHECK_LE(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_LE", LE, a, b, #a, #b)
#define CHECK_GT(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_GT", GT, a, b, #a, #b)
#define CHECK_GE(a, b) TAP__INT(TAP_LVL_CHECK, "CHECK_GE", GE, a, b, #a, #b)
#define CHECK_STREQ(a, b) TAP__STR(TAP_LVL_CHECK, "CHECK_STREQ", true, a, b, #a, #b)
#define CHECK_STRNE(a, b) TAP__STR(TAP_LVL_CHECK, "CHECK_STRNE", false, a, b, #a, #b)

#define ASSERT(c) TAP__BOOL(TAP_LVL_ASSERT, "ASSERT", c, #c)
#define ASSERT_EQ(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_EQ", EQ, a, b, #a, #b)
#define ASSERT_NE(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_NE", NE, a, b, #a, #b)
#define ASSERT_LT(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_LT", LT, a, b, #a, #b)
#define ASSERT_LE(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_LE", LE, a, b, #a, #b)
#define ASSERT_GT(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_GT", GT, a, b, #a, #b)
#define ASSERT_GE(a, b) TAP__INT(TAP_LVL_ASSERT, "ASSERT_GE", GE, a, b, #a, #b)
#define ASSERT_STREQ(a, b) TAP__STR(TAP_LVL_ASSERT, "ASSERT_STREQ", true, a, b, #a, #b)
#define ASSERT_STRNE(a, b) TAP__STR(TAP_LVL_ASSERT, "ASSERT_STRNE", false, a, b, #a, #b)

#define FATAL(c) TAP__BOOL(TAP_LVL_FATAL, "FATAL", c, #c)
#define FATAL_EQ(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_EQ", EQ, a, b, #a, #b)
#define FATAL_NE(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_NE", NE, a, b, #a, #b)
#define FATAL_LT(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_LT", LT, a, b, #a, #b)
#define FATAL_LE(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_LE", LE, a, b, #a, #b)
#define FATAL_GT(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_GT", GT, a, b, #a, #b)
#define FATAL_GE(a, b) TAP__INT(TAP_LVL_FATAL, "FATAL_GE", GE, a, b, #a, #b)
#define FATAL_STREQ(a, b) TAP__STR(TAP_LVL_FATAL, "FATAL_STREQ", true, a, b, #a, #b)
#define FATAL_STRNE(a, b) TAP__STR(TAP_LVL_FATAL, "FATAL_STRNE", false, a, b, #a, #b)

#define SKIP(...) tap__skip(__VA_ARGS__)
#endif

/* Runs the tests selected by argv (see above); returns the exit status. */
int tap_main(int argc, char **argv);
/* Runs the tests matching any of the n globs (all tests when n == 0). */
int tap_run(int n, const char *const *globs);

/* "# ..." comment lines: tap_note on stdout, tap_diag on stderr. */
void tap_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Used by the macros. Return whether the check passed; an ASSERT or FATAL
 * failure does not return. */
bool tap__bool(enum tap_level lvl, const char *name, bool ok, const char *text,
	       const char *file, int line);
bool tap__int(enum tap_level lvl, const char *name, enum tap_op op,
	      const char *ta, const char *tb,
	      int sa, size_t wa, uintmax_t a, int sb, size_t wb, uintmax_t b,
	      const char *file, int line);
bool tap__str(enum tap_level lvl, const char *name, bool eq,
	      const char *ta, const char *tb, const char *a, const char *b,
	      const char *file, int line);
_Noreturn void tap__skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
