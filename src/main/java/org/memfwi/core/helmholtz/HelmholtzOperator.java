package org.memfwi.core.helmholtz;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Table;

import org.ejml.data.DMatrixRMaj;

/**
 * The frequency-domain forward operator: a model in some {@link Parameterization} (velocity pixels, squared-slowness
 * pixels, KL coefficients) to the complex wavefield at every receiver for every source and frequency
 * ({@link HelmholtzSolver}), as real numbers.
 * <p>
 * Data order: {@code index(part, f, s, r) = r + nr (s + ns (part + 2 f))}, part 0 the real and part 1 the imaginary
 * part, f the frequency, s the source and r the receiver: for each frequency the real plane then the imaginary plane,
 * each a sources x receivers block, receivers fastest — the pixel order of the two-channel data image (channels
 * fastest, one plane per frequency, width receivers, height sources).
 * <p>
 * Each frequency is factored once per model; {@link #linearize} keeps the factors and the forward wavefields, so
 * Jacobian products cost one multi-right-hand-side solve per frequency. Frequencies run in parallel on
 * {@code config().threads()} threads, and threads left over factor each frequency's independent subtrees in
 * parallel; results do not depend on the thread count.
 */
public final class HelmholtzOperator implements ForwardOperator {

	private final HelmholtzSolver solver;
	private final Parameterization param;
	private final Progress progress;
	private final AtomicBoolean warned = new AtomicBoolean();

	public HelmholtzOperator(final HelmholtzSolver solver, final Parameterization param) {
		this(solver, param, Progress.NONE);
	}

	/**
	 * @param progress receives a status line per frequency and is polled for cancellation
	 */
	public HelmholtzOperator(final HelmholtzSolver solver, final Parameterization param, final Progress progress) {
		if (param.cells() != solver.grid().size()) throw new IllegalArgumentException("parameterization has " + param.cells() +
			" cells, the grid " + solver.grid() + " has " + solver.grid().size());
		this.solver = solver;
		this.param = param;
		this.progress = progress;
	}

	public HelmholtzSolver solver() { return solver; }

	public Parameterization parameterization() { return param; }

	@Override
	public int modelSize() { return param.size(); }

	@Override
	public int dataSize() {
		return 2 * solver.config().frequencyCount() * solver.acquisition().sources() * solver.acquisition().receivers();
	}

	/** Position of a value in the data vector (see the class comment). */
	public int index(final int part, final int f, final int s, final int r) {
		final int ns = solver.acquisition().sources(), nr = solver.acquisition().receivers();
		return r + nr * (s + ns * (part + 2 * f));
	}

	private int frequencies() { return solver.config().frequencyCount(); }

	/** Threads left for each factorization when the frequencies run in parallel. */
	private int factorThreads() {
		return Math.max(1, Parallel.threads(solver.config().threads()) / frequencies());
	}

	private int sources() { return solver.acquisition().sources(); }

	private int receivers() { return solver.acquisition().receivers(); }

	/** Writes complex receiver values of frequency f (sources x receivers) into the data vector. */
	private void put(final double[] out, final int f, final double[] dr, final double[] di) {
		final int block = sources() * receivers();
		System.arraycopy(dr, 0, out, index(0, f, 0, 0), block);
		System.arraycopy(di, 0, out, index(1, f, 0, 0), block);
	}

	@Override
	public double[] apply(final double[] x, double[] out) {
		final double[] res = out == null ? new double[dataSize()] : out;
		apply(x, res, null);
		return res;
	}

	/**
	 * {@code F(x)} frequency by frequency, lowest first (in parallel when the solver has threads): each frequency's
	 * values (real and imaginary block) are reported once they are solved, and no frequency starts after the watch
	 * said stop.
	 */
	@Override
	public boolean apply(final double[] x, final double[] out, final Watch watch) {
		param.checkSize(x, "model");
		final double[] mext = solver.extend(checkSampling(param.slowness(x, null)));
		final int n = solver.unknowns(), ns = sources(), nr = receivers(), block = ns * nr;
		final int[] cells = solver.receiverCells();
		final AtomicInteger done = new AtomicInteger();
		final AtomicBoolean stopped = new AtomicBoolean();
		Memory.require(Math.min(frequencies(), Parallel.threads(solver.config().threads())) *
			(solver.analysis().factorBytes() + 32L * ns * n), "the Helmholtz solve on " + solver.extendedNx() + " x " +
				solver.extendedNz() + " cells", "use a coarser grid or fewer threads");
		Parallel.forEach(frequencies(), solver.config().threads(), f -> {
			if (stopped.get()) return;
			progress.checkCanceled();
			progress.status("Helmholtz: factoring " + Table.format(solver.config().frequency(f)) + " Hz");
			final MultifrontalLdlt lu = solver.factor(mext, f, factorThreads());
			final double[] br = new double[ns * n], bi = new double[ns * n];
			solver.sourceTerms(br, bi);
			final double[] vr = new double[ns * cells.length], vi = new double[ns * cells.length];
			lu.solveAt(br, bi, ns, cells, vr, vi);
			final double[] dr = new double[ns * nr], di = new double[ns * nr];
			solver.sampleCells(vr, vi, ns, dr, di);
			put(out, f, dr, di);
			progress.fraction(done.incrementAndGet() / (double) frequencies());
			if (watch != null) synchronized (watch) {
				if (stopped.get()) return;
				watch.computed(out, index(0, f, 0, 0), index(0, f, 0, 0) + block);
				watch.computed(out, index(1, f, 0, 0), index(1, f, 0, 0) + block);
				if (!watch.proceed()) stopped.set(true);
			}
		});
		return !stopped.get();
	}

	/**
	 * Warns once (through the progress sink) when the slowest velocity of a model has fewer than 6 cells per
	 * wavelength at the highest frequency: the 5-point stencil's phase error is then tens of percent.
	 */
	private double[] checkSampling(final double[] m) {
		if (warned.get()) return m;
		double mmax = 0;
		for (final double v : m) mmax = Math.max(mmax, v);
		double fmax = 0;
		for (final double f : solver.config().frequencies()) fmax = Math.max(fmax, f);
		final double cells = 1 / Math.sqrt(mmax) / (fmax * solver.grid().dx());
		if (cells < 6 && !warned.getAndSet(true)) progress.warn(String.format(Locale.ROOT,
			"only %.1f cells per wavelength at %s Hz for the slowest velocity %.0f m/s; use at least 6 (10 for the 5-point " +
				"stencil) by lowering the frequency or refining the grid", cells, Table.format(fmax), 1 / Math.sqrt(mmax)));
		return m;
	}

	@Override
	public Linearization linearize(final double[] x) {
		return new Lin(x);
	}

	/** The operator linearized at a model: factors and forward wavefields of every frequency. */
	private final class Lin implements Linearization {
		private final double[] x;
		private final double[] value;
		private HelmholtzSolver.Frequency[] fq;
		private MultifrontalLdlt[] lu;
		/** Forward wavefields per frequency, sources x unknowns. */
		private double[][] ur;
		private double[][] ui;

		Lin(final double[] x0) {
			param.checkSize(x0, "model");
			x = x0.clone();
			final double[] mext = solver.extend(checkSampling(param.slowness(x, null)));
			final int nf = frequencies(), n = solver.unknowns(), ns = sources(), nr = receivers();
			Memory.require(nf * (solver.analysis().factorBytes() + 16L * ns * n) + Math.min(nf, Parallel.threads(
				solver.config().threads())) * 32L * ns * n, "the linearized Helmholtz operator (" + nf + " frequencies, " + ns +
					" sources, " + solver.extendedNx() + " x " + solver.extendedNz() + " cells)", "use fewer frequencies or a coarser grid");
			fq = new HelmholtzSolver.Frequency[nf];
			lu = new MultifrontalLdlt[nf];
			ur = new double[nf][];
			ui = new double[nf][];
			value = new double[dataSize()];
			final AtomicInteger done = new AtomicInteger();
			Parallel.forEach(nf, solver.config().threads(), f -> {
				progress.checkCanceled();
				progress.status("Helmholtz: factoring " + Table.format(solver.config().frequency(f)) + " Hz");
				fq[f] = solver.frequency(f);
				lu[f] = new MultifrontalLdlt(solver.analysis(), solver.matrix(mext, fq[f]), factorThreads());
				final double[] br = new double[ns * n], bi = new double[ns * n];
				solver.sourceTerms(br, bi);
				lu[f].solve(br, bi, ns, br, bi);
				ur[f] = br;
				ui[f] = bi;
				final double[] dr = new double[ns * nr], di = new double[ns * nr];
				solver.sample(br, bi, ns, dr, di);
				put(value, f, dr, di);
				progress.fraction(done.incrementAndGet() / (double) nf);
			});
		}

		private void check() {
			if (lu == null) throw new IllegalStateException("this linearization was closed");
		}

		@Override
		public double[] model() { return x; }

		@Override
		public double[] value() { return value; }

		@Override
		public double[] jacobianTimes(final double[] v, double[] out) {
			check();
			final double[] dmext = solver.extend(param.pushforward(x, v, null));
			final double[] res = out == null ? new double[dataSize()] : out;
			final int n = solver.unknowns(), ns = sources(), nr = receivers();
			final int[] cells = solver.receiverCells();
			Parallel.forEach(frequencies(), solver.config().threads(), f -> {
				progress.checkCanceled();
				final double[] br = new double[ns * n], bi = new double[ns * n];
				solver.bornSources(fq[f], dmext, ur[f], ui[f], ns, br, bi);
				final double[] vr = new double[ns * cells.length], vi = new double[ns * cells.length];
				lu[f].solveAt(br, bi, ns, cells, vr, vi);
				final double[] dr = new double[ns * nr], di = new double[ns * nr];
				solver.sampleCells(vr, vi, ns, dr, di);
				put(res, f, dr, di);
			});
			return res;
		}

		@Override
		public double[] adjointTimes(final double[] w, double[] out) {
			check();
			if (w.length != dataSize()) throw new IllegalArgumentException("data vector has " + w.length + " values, expected " +
				dataSize());
			final int nf = frequencies(), n = solver.unknowns(), ns = sources(), nr = receivers();
			final double[][] kernels = new double[nf][];
			Parallel.forEach(nf, solver.config().threads(), f -> {
				progress.checkCanceled();
				// Adjoint sources P^T conj(w): z = (S A)^{-1} P^T conj(w), gradient = -Re(z^T dA/dm u).
				final double[] wr = new double[ns * nr], wi = new double[ns * nr];
				for (int s = 0; s < ns; s++)
					for (int r = 0; r < nr; r++) {
						wr[s * nr + r] = w[index(0, f, s, r)];
						wi[s * nr + r] = -w[index(1, f, s, r)];
					}
				final double[] zr = new double[ns * n], zi = new double[ns * n];
				solver.spreadReceivers(wr, wi, ns, zr, zi);
				lu[f].solve(zr, zi, ns, zr, zi);
				final double[] k = new double[n];
				solver.kernel(fq[f], ur[f], ui[f], 0, zr, zi, 0, ns, k, null);
				kernels[f] = k;
			});
			final double[] ge = kernels[0];
			for (int f = 1; f < nf; f++)
				for (int i = 0; i < n; i++) ge[i] += kernels[f][i];
			return param.pullback(x, solver.fold(ge, null), out);
		}

		/**
		 * The dense Jacobian by reciprocity: per frequency one solve with every receiver as a source gives the receiver
		 * Green's functions g_r, and row (s, r) is {@code -(g_r^T dA/dm u_s)} pulled back to the parameters. Costs
		 * {@code receivers} solves per frequency, whatever the number of parameters.
		 */
		@Override
		public DMatrixRMaj jacobian() {
			check();
			final int nf = frequencies(), n = solver.unknowns(), ns = sources(), nr = receivers(), d = param.size();
			Memory.require(8L * dataSize() * d + 16L * nr * n * Math.min(nf, Parallel.threads(solver.config().threads())),
				"the dense Jacobian (" + dataSize() + " x " + d + ")", "use the matrix-free products or a smaller parameterization");
			final DMatrixRMaj jac = new DMatrixRMaj(dataSize(), d);
			Parallel.forEach(nf, solver.config().threads(), f -> {
				progress.checkCanceled();
				final double[] er = new double[nr * nr], ei = new double[nr * nr];
				for (int r = 0; r < nr; r++) er[r * nr + r] = 1;
				final double[] gr = new double[nr * n], gi = new double[nr * n];
				solver.spreadReceivers(er, ei, nr, gr, gi);
				lu[f].solve(gr, gi, nr, gr, gi);
				final double[] kr = new double[n], ki = new double[n];
				final double[] fr = new double[solver.grid().size()], fi = new double[solver.grid().size()];
				final double[] row = new double[d];
				for (int s = 0; s < ns; s++)
					for (int r = 0; r < nr; r++) {
						Arrays.fill(kr, 0);
						Arrays.fill(ki, 0);
						solver.kernel(fq[f], ur[f], ui[f], s * n, gr, gi, r * n, 1, kr, ki);
						param.pullback(x, solver.fold(kr, fr), row);
						System.arraycopy(row, 0, jac.data, index(0, f, s, r) * d, d);
						param.pullback(x, solver.fold(ki, fi), row);
						System.arraycopy(row, 0, jac.data, index(1, f, s, r) * d, d);
					}
			});
			return jac;
		}

		@Override
		public void close() {
			lu = null;
			ur = null;
			ui = null;
			fq = null;
		}
	}
}
