/* Log output through a Vcon (L4Re's l4/re/c/log.h names): the program's
 * log (env->log) or any log capability. Output uses the kernel Vcon
 * protocol (l4_vcon_write()), so it works on moe's log objects and on the
 * kernel console alike. */
#pragma once

#include <l4/re/env.h>

L4_BEGIN_DECLS

/* Writes the NUL-terminated string to log capability logcap. Longer
 * strings go out in several Vcon writes; errors are dropped (a log has no
 * one to report them to). */
L4_CV void l4re_log_print_srv(const l4_cap_idx_t logcap, char const *string) L4_NOTHROW;

/* Writes len bytes of string (len < 0: nothing) to logcap. */
L4_CV void l4re_log_printn_srv(const l4_cap_idx_t logcap, char const *string,
			       int len) L4_NOTHROW;

/* Writes the NUL-terminated string to the program's log (env->log). */
L4_CV L4_INLINE void l4re_log_print(char const *string) L4_NOTHROW
{
	l4re_log_print_srv(l4re_global_env->log, string);
}

/* Writes len bytes of string to the program's log (env->log). */
L4_CV L4_INLINE void l4re_log_printn(char const *string, int len) L4_NOTHROW
{
	l4re_log_printn_srv(l4re_global_env->log, string, len);
}

L4_END_DECLS
