/* getentropy() from the CPU's random number generator (RDRAND), when it
 * has one; without it ENOSYS (there is no entropy service yet). */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cpuid.h>
#include <unistd.h>

static int have_rdrand(void)
{
	unsigned a, b, c, d;
	return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_RDRND);
}

static int rdrand64(uint64_t *v)
{
	for (int tries = 0; tries < 10; tries++) {
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return 0;
	}
	return -1;
}

int getentropy(void *buf, size_t len)
{
	if (len > 256) {
		errno = EIO;
		return -1;
	}
	if (!have_rdrand()) {
		errno = ENOSYS;
		return -1;
	}
	unsigned char *p = buf;
	while (len) {
		uint64_t v;
		if (rdrand64(&v) < 0) {
			errno = EIO;
			return -1;
		}
		size_t n = len < sizeof(v) ? len : sizeof(v);
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	return 0;
}
