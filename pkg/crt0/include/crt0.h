/* Program start-up and termination for programs without libc. */
#pragma once

/* Ends the program with status. */
__attribute__((noreturn)) void _exit(int status);
