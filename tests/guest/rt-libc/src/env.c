/* argv, environ, getenv/setenv/unsetenv. */
#include <utap.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

UTEST(env_set_get_unset)
{
	UCHECK(environ != NULL);
	UCHECK(getenv("RT_LIBC_NOT_SET") == NULL);
	UCHECK_EQ(setenv("RT_LIBC_VAR", "one", 1), 0);
	UCHECK_STREQ(getenv("RT_LIBC_VAR"), "one");
	UCHECK_EQ(setenv("RT_LIBC_VAR", "two", 0), 0); /* no overwrite */
	UCHECK_STREQ(getenv("RT_LIBC_VAR"), "one");
	UCHECK_EQ(setenv("RT_LIBC_VAR", "three", 1), 0);
	UCHECK_STREQ(getenv("RT_LIBC_VAR"), "three");
	int found = 0;
	for (char **e = environ; *e; e++)
		found |= strcmp(*e, "RT_LIBC_VAR=three") == 0;
	UCHECK(found);
	UCHECK_EQ(unsetenv("RT_LIBC_VAR"), 0);
	UCHECK(getenv("RT_LIBC_VAR") == NULL);
	UCHECK_EQ(setenv("BAD=NAME", "x", 1), -1);
}
