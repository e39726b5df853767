/* The Lua part of ned's L4 package (src/ned.lua), built into the binary
 * as ned_lua_start .. ned_lua_end (NED_LUA_FILE: its path, from the
 * Makefile). */
	.section .rodata
	.globl ned_lua_start, ned_lua_end
ned_lua_start:
	.incbin NED_LUA_FILE
ned_lua_end:
	.byte 0
	.section .note.GNU-stack, "", @progbits
