/* Walnut's settings for Lua's library sources, forced in before each of them. */
#pragma once

/*
 * pkg/lua/Makefile compiles every Lua source with -include of this file, so
 * the definitions here come before luaconf.h and Lua's own files, whose
 * defaults are all guarded by '#if !defined'. Only settings that stay
 * inside the library belong here: nothing that changes a type or a macro of
 * lua.h, luaconf.h, lauxlib.h or lualib.h, so that a µApp compiled with the
 * plain headers agrees with liblua.a. No system header is included (Lua's
 * lprefix.h must come first in every file); the macros below are expanded
 * inside Lua's sources, which include what they use.
 *
 * Not defined, on purpose (see doc/libc.md, "Lua"): LUA_USE_POSIX and
 * LUA_USE_LINUX, which would ask for popen, mkstemp and dlopen, none of which
 * the runtime has. Without them io.popen and C modules fail with Lua's own
 * messages ("'popen' not supported", "dynamic libraries not enabled").
 */

/*
 * Modules are looked up in the boot modules: require("x") opens rom/x.lua,
 * rom/x/init.lua, then rom/x (boot modules are often named without the
 * .lua suffix). No C modules: nothing can load them.
 */
#define LUA_PATH_DEFAULT  "rom/?.lua;rom/?/init.lua;rom/?"
#define LUA_CPATH_DEFAULT ""

/* newlib has the reentrant POSIX forms; os.date may run in several threads. */
#define l_gmtime(t, r)    gmtime_r(t, r)
#define l_localtime(t, r) localtime_r(t, r)

/*
 * io.read and file:lines read character by character: lock the stream once
 * per line instead of once per character (newlib's streams have a
 * recursive lock each).
 */
#define l_getc(f)        getc_unlocked(f)
#define l_lockfile(f)    flockfile(f)
#define l_unlockfile(f)  funlockfile(f)

/*
 * os.tmpname: there is no writable file system, so there is no name to
 * give. newlib's tmpnam would hand out a "/tmp/..." name without a /tmp;
 * fail instead (os.tmpname raises "unable to generate a unique filename").
 */
#define LUA_TMPNAMBUFSIZE 16
#define lua_tmpnam(b, e) \
	{ \
		(b)[0] = '\0'; \
		errno = ENOSYS; \
		(e) = 1; \
	}
