/* Helpers of rt-lua's tests: Lua states, running chunks, checking results. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <lua.h>

/*
 * A new Lua state with the standard libraries, package.path set to
 * "rom/?.lua;rom/?" (its default saved in the global default_path), and the
 * global function cat(...), which returns its arguments
 * converted with tostring and joined by single blanks (so a chunk can return
 * several results as one string to compare). NULL when the state could not
 * be made (reported as a failure at file:line).
 */
lua_State *lt_state_at(const char *file, int line);
#define lt_state() lt_state_at(__FILE__, __LINE__)

/*
 * Runs code as a chunk named after its text (error messages show it as
 * [string "..."]) and leaves its results on the stack. Returns lua_pcall's
 * status (LUA_OK, LUA_ERRRUN, LUA_ERRSYNTAX, LUA_ERRMEM, ...); on an error
 * the message is on the stack instead.
 */
int lt_run(lua_State *L, const char *code);

/*
 * Checks (go on after a failure, as UCHECK): code runs without an error and
 * its first result is the string want (LT_STR), the integer want (LT_INT:
 * a Lua integer, not a float), or the float want (LT_NUM: a Lua float,
 * compared exactly). A mismatch prints the chunk, what came and what was
 * expected. The stack is left as it was.
 */
#define LT_STR(L, code, want) lt_expect_str(__FILE__, __LINE__, (L), (code), (want))
#define LT_INT(L, code, want) lt_expect_int(__FILE__, __LINE__, (L), (code), (want))
#define LT_NUM(L, code, want) lt_expect_num(__FILE__, __LINE__, (L), (code), (want))
/* Checks that code fails with status (LUA_ERR*) and a message equal to want. */
#define LT_ERR(L, code, status, want) \
	lt_expect_err(__FILE__, __LINE__, (L), (code), (status), (want))

bool lt_expect_str(const char *file, int line, lua_State *L, const char *code, const char *want);
bool lt_expect_int(const char *file, int line, lua_State *L, const char *code,
		   lua_Integer want);
bool lt_expect_num(const char *file, int line, lua_State *L, const char *code, lua_Number want);
bool lt_expect_err(const char *file, int line, lua_State *L, const char *code, int status,
		   const char *want);
