/* Program start-up and termination for programs without libc (the start-up
 * code lives in libl4re: arch/<arch>/crt0.S, src/start.c). */
#pragma once

/* Ends the program with status: tells the parent (if there is one) and
 * blocks forever; the parent deletes the task. */
__attribute__((noreturn)) void _exit(int status);

/* The environment strings (NAME=value), NULL-terminated; empty for boot
 * tasks. libc's getenv() uses the same variable. */
extern char **environ;
