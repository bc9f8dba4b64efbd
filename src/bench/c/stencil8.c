/*
 * Reference order-8 acoustic leapfrog kernel for MemFWI's bench (src/bench/c, compiled by `bench time` with
 * `cc -O3 -march=native` when a C compiler is present).
 *
 * u(n+1) = 2 u(n) - u(n-1) + C (Dxx + Dzz) u(n) on an n x n grid of interior cells plus a 4-cell zero halo, no
 * absorbing layer, one thread, in the plain fused form a compiler vectorizes by itself. Flush-to-zero and
 * denormals-are-zero are switched on (x86 MXCSR) unless the second argument is "noftz".
 *
 * Usage: stencil8 N STEPS [noftz]. Prints "mcells=<best Mcell/s of 5 runs by wall clock> cpumcells=<by CPU time>
 * ftz=<0|1> checksum=<sum of u>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define HAVE_MXCSR 1
#endif

static double now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double cpu(void) {
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec + 1e-9 * t.tv_nsec;
}

static void step(int n, int w, const float *restrict c, const float *restrict u, float *restrict o) {
	const float k0 = -205.0f / 72, k1 = 8.0f / 5, k2 = -1.0f / 5, k3 = 8.0f / 315, k4 = -1.0f / 560;
	for (int z = 4; z < n + 4; z++) {
		const float *a = u + (size_t) z * w;
		float *p = o + (size_t) z * w;
		const float *cc = c + (size_t) z * w;
		for (int x = 4; x < n + 4; x++) {
			const float lap = 2 * k0 * a[x]
				+ k1 * (a[x - 1] + a[x + 1] + a[x - w] + a[x + w])
				+ k2 * (a[x - 2] + a[x + 2] + a[x - 2 * w] + a[x + 2 * w])
				+ k3 * (a[x - 3] + a[x + 3] + a[x - 3 * w] + a[x + 3 * w])
				+ k4 * (a[x - 4] + a[x + 4] + a[x - 4 * w] + a[x + 4 * w]);
			p[x] = 2 * a[x] - p[x] + cc[x] * lap;
		}
	}
}

int main(int argc, char **argv) {
	if (argc < 3) {
		fprintf(stderr, "usage: stencil8 N STEPS [noftz]\n");
		return 2;
	}
	const int n = atoi(argv[1]), steps = atoi(argv[2]);
	const int ftz = !(argc > 3 && strcmp(argv[3], "noftz") == 0);
#ifdef HAVE_MXCSR
	if (ftz) _mm_setcsr(_mm_getcsr() | 0x8040);
#endif
	const int w = n + 8;
	const size_t size = (size_t) w * w;
	float *c = calloc(size, sizeof(float)), *u = calloc(size, sizeof(float)), *up = calloc(size, sizeof(float));
	if (!c || !u || !up) return 1;
	/* v = 3000 m/s, dx = 10 m, dt = 1 ms: C = (v dt / dx)^2 = 0.09. */
	for (int z = 4; z < n + 4; z++)
		for (int x = 4; x < n + 4; x++) c[(size_t) z * w + x] = 0.09f;
	double best = 1e300, bestCpu = 1e300, sum = 0;
	for (int rep = 0; rep < 5; rep++) {
		memset(u, 0, size * sizeof(float));
		memset(up, 0, size * sizeof(float));
		const double t0 = now(), c0 = cpu();
		for (int s = 0; s < steps; s++) {
			/* A 15 Hz Ricker-like pulse at the centre for the first 150 steps. */
			if (s < 150) {
				const double t = (s - 67) * 1e-3, a = 3.14159265 * 15 * t;
				u[(size_t) (n / 2 + 4) * w + n / 2 + 4] += (float) ((1 - 2 * a * a) * __builtin_exp(-a * a));
			}
			step(n, w, c, u, up);
			float *t = u;
			u = up;
			up = t;
		}
		const double dt = now() - t0, dc = cpu() - c0;
		if (dt < best) best = dt;
		if (dc < bestCpu) bestCpu = dc;
		sum = 0;
		for (size_t i = 0; i < size; i++) sum += u[i];
	}
	printf("mcells=%.1f cpumcells=%.1f ftz=%d checksum=%.6g\n", (double) n * n * steps / best * 1e-6,
		(double) n * n * steps / bestCpu * 1e-6, ftz
#ifdef HAVE_MXCSR
		? 1 : 0
#else
		* 0
#endif
		, sum);
	return 0;
}
