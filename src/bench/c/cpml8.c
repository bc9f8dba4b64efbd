/*
 * Reference order-8 acoustic leapfrog WITH MemFWI's CPML for the bench (src/bench/c, compiled by `bench time` with
 * `cc -O3 -march=native -ffp-contract=off` when a C compiler is present).
 *
 * A plain C99 port of one time step of MemFWI's row-major forward (org.memfwi.core.wave.RowMajor#step and the scalar
 * loops of RowMajorKernels): the same padded grid (model + CPML + 4-cell zero halo), the shots of a batch side by side
 * in each row (shot j at columns [j W, (j + 1) W)), the same row segments (left and right x-layer segments, interior
 * segment, whole rows near a z layer), the same memory variables (Px/Zx, Pz/Zz, P double-buffered), the same float
 * operations in the same order (fmaf where the Java has Math.fma; no other contraction) and the same flush of
 * |v| <= 1e-30 to 0. Scalar loops that the compiler vectorizes by itself; one thread. Flush-to-zero and
 * denormals-are-zero are switched on (x86 MXCSR) unless an argument is "noftz".
 *
 * Everything it needs (grid, segments, profiles, coefficients, sources, receivers) comes from a little-endian file
 * written by org.memfwi.core.wave.RowMajorExport; the traces go to OUTPUT (float32, shot by shot, time-major).
 *
 * Usage: cpml8 INPUT OUTPUT [REPEATS] [noftz]. Runs every batch through every step REPEATS times (default 5) and prints
 * "mcells=<best Mcell/s by wall clock> cpumcells=<by CPU time> ftz=<0|1> checksum=<sum of the traces>", counting
 * (model + CPML) cells x steps x shots.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define HAVE_MXCSR 1
#endif

/* Values of magnitude at most tiny are set to +0: 1e-30 with the flush (Propagator.FLUSH_BELOW), -1 without (no value). */
#define TINY(flush) ((flush) ? 1e-30f : -1.0f)

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

/* ---- input ---- */

static FILE *in;

static void fail(const char *what) {
	fprintf(stderr, "cpml8: %s\n", what);
	exit(1);
}

static void get(void *p, size_t size, size_t n) {
	if (n && fread(p, size, n, in) != n) fail("input file too short");
}

static int32_t geti(void) {
	int32_t v;
	get(&v, 4, 1);
	return v;
}

static void *alloc(size_t n, size_t size) {
	void *p = calloc(n ? n : 1, size);
	if (!p) fail("out of memory");
	return p;
}

/* The setup (one per file). Arrays indexed like the Java's: rows of W columns for one shot. */
typedef struct {
	int W, H, row0, row1, col0, col1, ls, rs, cpml, fs, flush, steps, m, nt, nrec, shots, nbatch;
	int64_t cellsPerStep;
	float k[9];
	float *az, *bz, *ax, *bx, *c;
	uint8_t *zAbsorbs, *zTerms;
	double *source;
	int *srcN, **srcIdx, *recN, **recIdx;
	double **srcW, **recW;
	int *first, *count;
} Setup;

static void points(int n, int *cnt, int **idx, double **w) {
	for (int i = 0; i < n; i++) {
		cnt[i] = geti();
		idx[i] = alloc(cnt[i], sizeof(int));
		w[i] = alloc(cnt[i], sizeof(double));
		get(idx[i], 4, cnt[i]);
		get(w[i], 8, cnt[i]);
	}
}

static void read_setup(Setup *s) {
	char magic[8];
	get(magic, 1, 8);
	if (memcmp(magic, "MFCPML01", 8) != 0) fail("not a MemFWI row-major step file (MFCPML01)");
	int32_t h[17];
	get(h, 4, 17);
	s->W = h[0], s->H = h[1], s->row0 = h[2], s->row1 = h[3], s->col0 = h[4], s->col1 = h[5], s->ls = h[6], s->rs = h[7];
	s->cpml = h[8], s->fs = h[9], s->flush = h[10], s->steps = h[11], s->m = h[12], s->nt = h[13], s->nrec = h[14];
	s->shots = h[15], s->nbatch = h[16];
	if (s->col0 < 4 || s->row0 < 4 || s->m < 1 || s->steps < 0) fail("bad header");
	get(&s->cellsPerStep, 8, 1);
	get(s->k, 4, 9);
	const int W = s->W, H = s->H;
	s->az = alloc(H, 4), s->bz = alloc(H, 4), s->ax = alloc(W, 4), s->bx = alloc(W, 4);
	get(s->az, 4, H);
	get(s->bz, 4, H);
	get(s->ax, 4, W);
	get(s->bx, 4, W);
	s->zAbsorbs = alloc(H, 1), s->zTerms = alloc(H, 1);
	get(s->zAbsorbs, 1, H);
	get(s->zTerms, 1, H);
	s->c = alloc((size_t) W * H, 4);
	get(s->c, 4, (size_t) W * H);
	s->source = alloc(s->steps, 8);
	get(s->source, 8, s->steps);
	s->srcN = alloc(s->shots, sizeof(int)), s->srcIdx = alloc(s->shots, sizeof(int *)), s->srcW = alloc(s->shots, sizeof(double *));
	points(s->shots, s->srcN, s->srcIdx, s->srcW);
	s->recN = alloc(s->nrec, sizeof(int)), s->recIdx = alloc(s->nrec, sizeof(int *)), s->recW = alloc(s->nrec, sizeof(double *));
	points(s->nrec, s->recN, s->recIdx, s->recW);
	s->first = alloc(s->nbatch, sizeof(int)), s->count = alloc(s->nbatch, sizeof(int));
	for (int b = 0; b < s->nbatch; b++) {
		s->first[b] = geti();
		s->count[b] = geti();
	}
	if (geti() != 0x21444e45) fail("bad end marker");
}

/* ---- the row loops (RowMajorKernels) ---- */

static inline float flushv(float v, float tiny) {
	return fabsf(v) <= tiny ? 0.0f : v;
}

/* An interior segment of row z: o = 2 u - o + C K with the plain Laplacian K. u points at row z; rows are w apart. */
static void interior(float *restrict o, const float *restrict a, size_t w, const float *restrict c, const float *k, int flush,
	int x0, int x1) {
	const float *m1 = a - w, *p1 = a + w, *m2 = a - 2 * w, *p2 = a + 2 * w, *m3 = a - 3 * w, *p3 = a + 3 * w, *m4 = a - 4 * w,
		*p4 = a + 4 * w;
	const float c0 = 2 * k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], tiny = TINY(flush);
	for (int x = x0; x < x1; x++) {
		const float av = a[x];
		float s = fmaf(c4, (a[x - 4] + a[x + 4]) + (m4[x] + p4[x]), c0 * av);
		s = fmaf(c3, (a[x - 3] + a[x + 3]) + (m3[x] + p3[x]), s);
		s = fmaf(c2, (a[x - 2] + a[x + 2]) + (m2[x] + p2[x]), s);
		s = fmaf(c1, (a[x - 1] + a[x + 1]) + (m1[x] + p1[x]), s);
		const float v = fmaf(c[x], s, 2 * av - o[x]);
		o[x] = flushv(v, tiny);
	}
}

/* The z memory variable of an absorbing row over [x0, x1): pn = bz p + az Dz u (a: row z of u). */
static void pz_row(float *restrict pn, const float *restrict p, const float *restrict a, size_t w, const float *k, float az, float bz,
	int flush, int x0, int x1) {
	const float *m1 = a - w, *p1 = a + w, *m2 = a - 2 * w, *p2 = a + 2 * w, *m3 = a - 3 * w, *p3 = a + 3 * w, *m4 = a - 4 * w,
		*p4 = a + 4 * w;
	const float d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8], tiny = TINY(flush);
	for (int x = x0; x < x1; x++) {
		float d = d4 * (p4[x] - m4[x]);
		d = fmaf(d3, p3[x] - m3[x], d);
		d = fmaf(d2, p2[x] - m2[x], d);
		d = fmaf(d1, p1[x] - m1[x], d);
		const float v = fmaf(bz, p[x], az * d);
		pn[x] = flushv(v, tiny);
	}
}

/* The x memory variable over [x0, x1) of row a: pn = bx p + ax Dx a. */
static void px_row(float *restrict pn, const float *restrict p, const float *restrict a, const float *restrict ax,
	const float *restrict bx, const float *k, int flush, int x0, int x1) {
	const float d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8], tiny = TINY(flush);
	for (int x = x0; x < x1; x++) {
		float d = d4 * (a[x + 4] - a[x - 4]);
		d = fmaf(d3, a[x + 3] - a[x - 3], d);
		d = fmaf(d2, a[x + 2] - a[x - 2], d);
		d = fmaf(d1, a[x + 1] - a[x - 1], d);
		const float v = fmaf(bx[x], p[x], ax[x] * d);
		pn[x] = flushv(v, tiny);
	}
}

/*
 * A segment of an x layer of a row without z-layer terms: px = Px' (updated first by px_row), Tx = Sx u + Dx Px',
 * Zx' = bx Zx + ax Tx, Tz = Sz u, K = (Tx + Zx') + Tz, o = 2 u - o + C K.
 */
static void xlayer(float *restrict o, const float *restrict a, size_t w, const float *restrict px, float *restrict zx,
	const float *restrict ax, const float *restrict bx, const float *restrict c, const float *k, int flush, int x0, int x1) {
	const float *m1 = a - w, *p1 = a + w, *m2 = a - 2 * w, *p2 = a + 2 * w, *m3 = a - 3 * w, *p3 = a + 3 * w, *m4 = a - 4 * w,
		*p4 = a + 4 * w;
	const float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8],
		tiny = TINY(flush);
	for (int x = x0; x < x1; x++) {
		const float av = a[x];
		float tx = fmaf(c4, a[x - 4] + a[x + 4], c0 * av);
		tx = fmaf(c3, a[x - 3] + a[x + 3], tx);
		tx = fmaf(c2, a[x - 2] + a[x + 2], tx);
		tx = fmaf(c1, a[x - 1] + a[x + 1], tx);
		tx = fmaf(d4, px[x + 4] - px[x - 4], tx);
		tx = fmaf(d3, px[x + 3] - px[x - 3], tx);
		tx = fmaf(d2, px[x + 2] - px[x - 2], tx);
		tx = fmaf(d1, px[x + 1] - px[x - 1], tx);
		const float xn = fmaf(bx[x], zx[x], ax[x] * tx);
		float tz = fmaf(c4, m4[x] + p4[x], c0 * av);
		tz = fmaf(c3, m3[x] + p3[x], tz);
		tz = fmaf(c2, m2[x] + p2[x], tz);
		tz = fmaf(c1, m1[x] + p1[x], tz);
		const float kk = (tx + xn) + tz;
		const float v = fmaf(c[x], kk, 2 * av - o[x]);
		zx[x] = flushv(xn, tiny);
		o[x] = flushv(v, tiny);
	}
}

/*
 * A row with z-layer terms (RowMajor runs it over the whole batch row): as xlayer, and Tz = Sz u + Dz Pz' (pz: row z
 * of the updated Pz'), Zz' = bz Zz + az Tz, K = (Tx + Zx') + (Tz + Zz').
 */
static void xlayer_z(float *restrict o, const float *restrict a, size_t w, const float *restrict px, float *restrict zx,
	const float *restrict ax, const float *restrict bx, const float *restrict pz, float *restrict zz, const float *restrict c,
	const float *k, float az, float bz, int flush, int x0, int x1) {
	const float *m1 = a - w, *p1 = a + w, *m2 = a - 2 * w, *p2 = a + 2 * w, *m3 = a - 3 * w, *p3 = a + 3 * w, *m4 = a - 4 * w,
		*p4 = a + 4 * w;
	const float *q1 = pz - w, *r1 = pz + w, *q2 = pz - 2 * w, *r2 = pz + 2 * w, *q3 = pz - 3 * w, *r3 = pz + 3 * w, *q4 = pz - 4 * w,
		*r4 = pz + 4 * w;
	const float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8],
		tiny = TINY(flush);
	for (int x = x0; x < x1; x++) {
		const float av = a[x];
		float tx = fmaf(c4, a[x - 4] + a[x + 4], c0 * av);
		tx = fmaf(c3, a[x - 3] + a[x + 3], tx);
		tx = fmaf(c2, a[x - 2] + a[x + 2], tx);
		tx = fmaf(c1, a[x - 1] + a[x + 1], tx);
		tx = fmaf(d4, px[x + 4] - px[x - 4], tx);
		tx = fmaf(d3, px[x + 3] - px[x - 3], tx);
		tx = fmaf(d2, px[x + 2] - px[x - 2], tx);
		tx = fmaf(d1, px[x + 1] - px[x - 1], tx);
		const float xn = fmaf(bx[x], zx[x], ax[x] * tx);
		float tz = fmaf(c4, m4[x] + p4[x], c0 * av);
		tz = fmaf(c3, m3[x] + p3[x], tz);
		tz = fmaf(c2, m2[x] + p2[x], tz);
		tz = fmaf(c1, m1[x] + p1[x], tz);
		tz = fmaf(d4, r4[x] - q4[x], tz);
		tz = fmaf(d3, r3[x] - q3[x], tz);
		tz = fmaf(d2, r2[x] - q2[x], tz);
		tz = fmaf(d1, r1[x] - q1[x], tz);
		const float zn = fmaf(bz, zz[x], az * tz);
		const float kk = (tx + xn) + (tz + zn);
		const float v = fmaf(c[x], kk, 2 * av - o[x]);
		zz[x] = flushv(zn, tiny);
		zx[x] = flushv(xn, tiny);
		o[x] = flushv(v, tiny);
	}
}

/* ---- one batch (RowMajor.Fields and RowMajor#step, one thread) ---- */

typedef struct {
	int first, count;
	size_t span;
	float *u, *up, *pz, *pzn, *zz, *px, *pxn, *zx, *c, *ax, *bx;
} Fields;

static void fields_init(const Setup *s, Fields *f, int first, int count) {
	const size_t span = (size_t) count * s->W, n = span * s->H;
	f->first = first;
	f->count = count;
	f->span = span;
	float **all[] = { &f->u, &f->up, &f->pz, &f->pzn, &f->zz, &f->px, &f->pxn, &f->zx, &f->c };
	for (int i = 0; i < 9; i++) *all[i] = alloc(n, sizeof(float));
	f->ax = alloc(span, sizeof(float));
	f->bx = alloc(span, sizeof(float));
	for (int j = 0; j < count; j++) {
		for (int x = 0; x < s->W; x++) {
			f->ax[j * s->W + x] = s->cpml ? s->ax[x] : 0;
			f->bx[j * s->W + x] = s->cpml ? s->bx[x] : 0;
		}
		for (int z = 0; z < s->H; z++)
			for (int x = 0; x < s->W; x++) f->c[z * span + j * s->W + x] = s->c[(size_t) z * s->W + x];
	}
}

static void fields_zero(Fields *f, int H) {
	const size_t n = f->span * H * sizeof(float);
	float *all[] = { f->u, f->up, f->pz, f->pzn, f->zz, f->px, f->pxn, f->zx };
	for (int i = 0; i < 8; i++) memset(all[i], 0, n);
}

static void fields_free(Fields *f) {
	float *all[] = { f->u, f->up, f->pz, f->pzn, f->zz, f->px, f->pxn, f->zx, f->c, f->ax, f->bx };
	for (int i = 0; i < 11; i++) free(all[i]);
}

static void swap(float **a, float **b) {
	float *t = *a;
	*a = *b;
	*b = t;
}

/* An x-layer segment of a row without z-layer terms: its x memory variables, then the row's update there. */
static void xsegment(const Setup *s, Fields *f, size_t row, int x0, int x1) {
	const size_t w = f->span;
	px_row(f->pxn + row, f->px + row, f->u + row, f->ax, f->bx, s->k, s->flush, x0, x1);
	xlayer(f->up + row, f->u + row, w, f->pxn + row, f->zx + row, f->ax, f->bx, f->c + row, s->k, s->flush, x0, x1);
}

/* u(n+1) into f->up (before the source) for every updated row. */
static void step(const Setup *s, Fields *f) {
	const int W = s->W, col0 = s->col0, col1 = s->col1, ls = s->ls, rs = s->rs, count = f->count;
	const int xa = col0, xb = (count - 1) * W + col1;
	const size_t w = f->span;
	if (!s->cpml) {
		for (int z = s->row0; z < s->row1; z++) interior(f->up + z * w, f->u + z * w, w, f->c + z * w, s->k, s->flush, xa, xb);
		return;
	}
	for (int z = s->row0; z < s->row1; z++)
		if (s->zAbsorbs[z]) pz_row(f->pzn + z * w, f->pz + z * w, f->u + z * w, w, s->k, s->az[z], s->bz[z], s->flush, xa, xb);
	for (int z = s->row0; z < s->row1; z++) {
		const size_t row = z * w;
		if (s->zTerms[z]) {
			/* The x memory variables of the row's x layers, then the whole batch row with the x and z terms. */
			if (ls > col0) px_row(f->pxn + row, f->px + row, f->u + row, f->ax, f->bx, s->k, s->flush, col0, ls);
			for (int j = 0; j + 1 < count; j++)
				px_row(f->pxn + row, f->px + row, f->u + row, f->ax, f->bx, s->k, s->flush, j * W + rs, (j + 1) * W + ls);
			if (rs < col1)
				px_row(f->pxn + row, f->px + row, f->u + row, f->ax, f->bx, s->k, s->flush, (count - 1) * W + rs, (count - 1) * W + col1);
			xlayer_z(f->up + row, f->u + row, w, f->pxn + row, f->zx + row, f->ax, f->bx, f->pzn + row, f->zz + row, f->c + row, s->k,
				s->az[z], s->bz[z], s->flush, xa, xb);
			continue;
		}
		/* The x-layer segments (the right layer of a shot, the zero halo and the left layer of the next as one), then
		   the interior segment of every shot. */
		if (ls > col0) xsegment(s, f, row, col0, ls);
		for (int j = 0; j + 1 < count; j++) xsegment(s, f, row, j * W + rs, (j + 1) * W + ls);
		if (rs < col1) xsegment(s, f, row, (count - 1) * W + rs, (count - 1) * W + col1);
		if (rs > ls)
			for (int j = 0; j < count; j++) interior(f->up + row, f->u + row, w, f->c + row, s->k, s->flush, j * W + ls, j * W + rs);
	}
}

/* Adds the source term of step n of every shot of the batch to u (RowMajor#inject). */
static void inject(const Setup *s, Fields *f, float *u, int n) {
	const double v = s->source[n];
	for (int j = 0; j < f->count; j++) {
		const int shot = f->first + j;
		for (int q = 0; q < s->srcN[shot]; q++) {
			const int idx = s->srcIdx[shot][q];
			u[(size_t) (idx / s->W) * f->span + idx % s->W + (size_t) j * s->W] += (float) (s->srcW[shot][q] * v);
		}
	}
}

/* The antisymmetric mirror above a free surface (Stepper#mirror). */
static void mirror(const Setup *s, Fields *f) {
	if (!s->fs) return;
	for (int j = 1; j <= 4; j++)
		if (4 + j < s->H)
			for (size_t x = 0; x < f->span; x++) f->u[(4 - j) * f->span + x] = -f->u[(4 + j) * f->span + x];
}

/* Records sample of every shot of the batch (RowMajor#record). */
static void record(const Setup *s, Fields *f, float *traces, int sample) {
	const size_t gather = (size_t) s->nt * s->nrec;
	for (int j = 0; j < f->count; j++) {
		float *trace = traces + (size_t) (f->first + j) * gather;
		for (int q = 0; q < s->nrec; q++) {
			double v = 0;
			for (int i = 0; i < s->recN[q]; i++) {
				const int idx = s->recIdx[q][i];
				v += s->recW[q][i] * f->u[(size_t) (idx / s->W) * f->span + idx % s->W + (size_t) j * s->W];
			}
			trace[(size_t) sample * s->nrec + q] = (float) v;
		}
	}
}

static void run_batch(const Setup *s, Fields *f, float *traces) {
	fields_zero(f, s->H);
	record(s, f, traces, 0);
	for (int n = 0; n < s->steps; n++) {
		step(s, f);
		inject(s, f, f->up, n);
		swap(&f->u, &f->up);
		swap(&f->pz, &f->pzn);
		swap(&f->px, &f->pxn);
		mirror(s, f);
		if ((n + 1) % s->m == 0) record(s, f, traces, (n + 1) / s->m);
	}
}

int main(int argc, char **argv) {
	if (argc < 3) {
		fprintf(stderr, "usage: cpml8 INPUT OUTPUT [REPEATS] [noftz]\n");
		return 2;
	}
	int ftz = 1, reps = 5;
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "noftz") == 0) ftz = 0;
		else if (atoi(argv[i]) > 0) reps = atoi(argv[i]);
	}
#ifdef HAVE_MXCSR
	if (ftz) _mm_setcsr(_mm_getcsr() | 0x8040);
#endif
	in = fopen(argv[1], "rb");
	if (!in) fail("cannot open the input file");
	Setup s;
	read_setup(&s);
	fclose(in);
	const size_t gather = (size_t) s.nt * s.nrec;
	float *traces = alloc((size_t) s.shots * gather, sizeof(float));
	Fields *f = alloc(s.nbatch, sizeof(Fields));
	for (int b = 0; b < s.nbatch; b++) fields_init(&s, &f[b], s.first[b], s.count[b]);
	double best = 1e300, bestCpu = 1e300;
	for (int rep = 0; rep < reps; rep++) {
		const double t0 = now(), c0 = cpu();
		for (int b = 0; b < s.nbatch; b++) run_batch(&s, &f[b], traces);
		const double dt = now() - t0, dc = cpu() - c0;
		if (dt < best) best = dt;
		if (dc < bestCpu) bestCpu = dc;
	}
	double sum = 0;
	for (size_t i = 0; i < (size_t) s.shots * gather; i++) sum += traces[i];
	FILE *out = fopen(argv[2], "wb");
	if (!out || fwrite(traces, sizeof(float), (size_t) s.shots * gather, out) != (size_t) s.shots * gather || fclose(out) != 0)
		fail("cannot write the traces");
	const double cells = (double) s.cellsPerStep * s.steps * s.shots;
	printf("mcells=%.1f cpumcells=%.1f ftz=%d checksum=%.6g\n", cells / best * 1e-6, cells / bestCpu * 1e-6, ftz
#ifdef HAVE_MXCSR
		? 1 : 0
#else
		* 0
#endif
		, sum);
	for (int b = 0; b < s.nbatch; b++) fields_free(&f[b]);
	return 0;
}
