package org.memfwi.core.helmholtz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The symbolic analysis of a sparse LDL^T factorization of a matrix with the 5- or 9-point pattern on an
 * {@code nx x nz} grid, by geometric nested dissection: the grid rectangle is cut in two by a line of cells across its
 * longer side, the two halves are dissected recursively down to small leaf rectangles, and the separator lines are
 * eliminated after the halves they separate. This gives the elimination tree (one node per leaf or separator, in
 * postorder), the elimination order, and for each node its frontal matrix: the node's own cells (pivots) followed by
 * its update set, the cells outside the node's rectangle that neighbour it (all in ancestor separators). It depends on
 * the grid and the pattern only, so it is computed once and shared by every factorization on that grid.
 * <p>
 * Fill (nonzeros of L, the diagonal included) and the flop count of the numeric factorization are counted here: the
 * fronts are dense, so both are exact for the multifrontal method of {@link MultifrontalLdlt}.
 */
public final class NestedDissection {

	/** Leaf rectangles have at most this many cells. */
	static final int LEAF_CELLS = 8;

	final int nx;
	final int nz;
	final boolean corners;
	/** perm[new index] = cell; iperm[cell] = new index. */
	final int[] perm;
	final int[] iperm;
	/** Per node, in postorder: first new index of its pivots, number of pivots. */
	final int[] start;
	final int[] pivots;
	/** Per node: update set as new indices, increasing. */
	final int[][] update;
	/** Per node: the rows of its front as new indices, its pivots then its update set. */
	final int[][] frontRows;
	/** Per node: parent node, -1 for the root. */
	final int[] parent;
	/** Per node: its children, in postorder. */
	final int[][] children;
	/** Per node: positions of its update set in its parent's front. */
	final int[][] relative;
	/** Per node: the rectangle it covers (its whole subtree), x0, x1, z0, z1 (half open). */
	final int[][] rect;
	/** nodeOf[new index] = the node whose pivot it is. */
	final int[] nodeOf;
	/** Per node: the first node of its subtree in postorder (its subtree is first[i]..i). */
	final int[] first;
	final int maxFront;
	final long maxStack;
	final long factorEntries;
	final double flops;

	/**
	 * @param corners true for the 9-point pattern
	 */
	public NestedDissection(final int nx, final int nz, final boolean corners) {
		if (nx < 1 || nz < 1) throw new IllegalArgumentException("grid must have at least 1 x 1 cells, got " + nx + " x " + nz);
		this.nx = nx;
		this.nz = nz;
		this.corners = corners;
		final int n = nx * nz;
		perm = new int[n];
		iperm = new int[n];
		final Builder b = new Builder();
		b.dissect(0, nx, 0, nz);
		final int nodes = b.starts.size();
		start = new int[nodes];
		pivots = new int[nodes];
		parent = new int[nodes];
		rect = new int[nodes][];
		for (int i = 0; i < nodes; i++) {
			start[i] = b.starts.get(i);
			pivots[i] = b.counts.get(i);
			parent[i] = b.parents.get(i);
			rect[i] = b.rects.get(i);
		}
		nodeOf = new int[n];
		for (int i = 0; i < nodes; i++) Arrays.fill(nodeOf, start[i], start[i] + pivots[i], i);
		children = new int[nodes][];
		final int[] nc = new int[nodes];
		for (int i = 0; i < nodes; i++) if (parent[i] >= 0) nc[parent[i]]++;
		for (int i = 0; i < nodes; i++) children[i] = new int[nc[i]];
		Arrays.fill(nc, 0);
		for (int i = 0; i < nodes; i++) if (parent[i] >= 0) children[parent[i]][nc[parent[i]]++] = i;
		first = new int[nodes];
		for (int i = 0; i < nodes; i++) {
			first[i] = i;
			for (final int c : children[i]) first[i] = Math.min(first[i], first[c]);
		}
		update = new int[nodes][];
		for (int i = 0; i < nodes; i++) update[i] = updateSet(rect[i]);
		frontRows = new int[nodes][];
		for (int i = 0; i < nodes; i++) {
			final int[] r = new int[pivots[i] + update[i].length];
			for (int t = 0; t < pivots[i]; t++) r[t] = start[i] + t;
			System.arraycopy(update[i], 0, r, pivots[i], update[i].length);
			frontRows[i] = r;
		}
		relative = new int[nodes][];
		int mf = 0;
		long entries = 0;
		double fl = 0;
		for (int i = 0; i < nodes; i++) {
			final int k = pivots[i], m = update[i].length;
			mf = Math.max(mf, k + m);
			entries += (long) k * (k + 1) / 2 + (long) k * m;
			fl += frontFlops(k, m);
			final int p = parent[i];
			if (p >= 0) {
				final int[] rel = new int[m];
				for (int a = 0; a < m; a++) {
					final int g = update[i][a];
					if (g >= start[p] && g < start[p] + pivots[p]) rel[a] = g - start[p];
					else {
						final int pos = Arrays.binarySearch(update[p], g);
						if (pos < 0) throw new IllegalStateException("update set of node " + i + " is not in its parent's front");
						rel[a] = pivots[p] + pos;
					}
				}
				relative[i] = rel;
			}
		}
		maxFront = mf;
		factorEntries = entries;
		flops = fl;
		maxStack = stackPeak(0, nodes - 1);
	}

	/**
	 * The largest size of the stack of contribution blocks (complex entries) while factoring the subtree whose nodes
	 * are from..to in postorder (to its root).
	 */
	long stackPeak(final int from, final int to) {
		long stack = 0, peak = 0;
		for (int i = from; i <= to; i++) {
			for (final int c : children[i]) stack -= (long) update[c].length * update[c].length;
			final long m = update[i].length;
			stack += m * m;
			peak = Math.max(peak, stack);
		}
		return peak;
	}

	/**
	 * Roots of the subtrees that can be factored independently: the nodes two levels below the root (the four
	 * quarters of the grid), or none when the tree is too shallow.
	 */
	int[] subtreeRoots() {
		final int root = nodes() - 1;
		final List<Integer> list = new ArrayList<>();
		for (final int c : children[root])
			for (final int g : children[c]) list.add(g);
		if (list.size() < 2) return new int[0];
		final int[] r = new int[list.size()];
		for (int i = 0; i < r.length; i++) r[i] = list.get(i);
		return r;
	}

	/**
	 * Real floating-point operations of the partial LDL^T of a front with k pivots and m update rows, complex
	 * arithmetic counted as 8 real flops per multiply-add (6 for a product, 2 for the sum).
	 */
	static double frontFlops(final long k, final long m) {
		double macs = 0;
		for (long j = 0; j < k; j++) {
			final long below = k - 1 - j + m; // rows below the pivot
			macs += below * (below + 1) / 2.0; // rank-1 update of the remaining lower triangle
		}
		return 8 * macs;
	}

	/** Number of nodes of the elimination tree. */
	public int nodes() { return start.length; }

	/** Number of unknowns. */
	public int size() { return perm.length; }

	/** Largest frontal matrix (rows). */
	public int maxFront() { return maxFront; }

	/** Complex entries of the factor L (unit diagonal stored as D), i.e. the fill. */
	public long factorEntries() { return factorEntries; }

	/**
	 * Bytes one numeric factorization holds (its factor panels, stored as full k x (k + m) blocks) plus the work space
	 * it needs while factoring (largest front and contribution stack), complex values as two doubles.
	 */
	public long factorBytes() {
		long stored = 0;
		for (int i = 0; i < start.length; i++) stored += (long) pivots[i] * (pivots[i] + update[i].length);
		return 16 * (stored + (long) maxFront * maxFront + maxStack);
	}

	/** Real flops of one numeric factorization (complex multiply-add = 8). */
	public double flops() { return flops; }

	/** New (elimination) index of a cell. */
	public int position(final int cell) { return iperm[cell]; }

	/** Cells outside rectangle r that neighbour a cell inside, as sorted new indices. */
	private int[] updateSet(final int[] r) {
		final int x0 = r[0], x1 = r[1], z0 = r[2], z1 = r[3];
		final List<Integer> list = new ArrayList<>();
		for (int z = z0 - 1; z <= z1; z++) {
			if (z < 0 || z >= nz) continue;
			for (int x = x0 - 1; x <= x1; x++) {
				if (x < 0 || x >= nx) continue;
				final boolean insideZ = z >= z0 && z < z1, insideX = x >= x0 && x < x1;
				if (insideZ && insideX) continue;
				if (!insideZ && !insideX && !corners) continue; // a diagonal neighbour only
				list.add(iperm[x + nx * z]);
			}
		}
		final int[] u = new int[list.size()];
		for (int i = 0; i < u.length; i++) u[i] = list.get(i);
		Arrays.sort(u);
		return u;
	}

	private final class Builder {
		final List<Integer> starts = new ArrayList<>(), counts = new ArrayList<>(), parents = new ArrayList<>();
		final List<int[]> rects = new ArrayList<>();
		int next;

		/** Orders rectangle [x0, x1) x [z0, z1) and returns its node; children get their parent set later. */
		int dissect(final int x0, final int x1, final int z0, final int z1) {
			final int w = x1 - x0, h = z1 - z0;
			final int first = next;
			final List<Integer> kids = new ArrayList<>(2);
			if ((long) w * h > LEAF_CELLS && (w >= 3 || h >= 3)) {
				if (w >= h) {
					final int xs = x0 + w / 2;
					if (xs > x0) kids.add(dissect(x0, xs, z0, z1));
					if (xs + 1 < x1) kids.add(dissect(xs + 1, x1, z0, z1));
					for (int z = z0; z < z1; z++) number(xs + nx * z);
				}
				else {
					final int zs = z0 + h / 2;
					if (zs > z0) kids.add(dissect(x0, x1, z0, zs));
					if (zs + 1 < z1) kids.add(dissect(x0, x1, zs + 1, z1));
					for (int x = x0; x < x1; x++) number(x + nx * zs);
				}
			}
			else {
				for (int z = z0; z < z1; z++)
					for (int x = x0; x < x1; x++) number(x + nx * z);
			}
			final int node = starts.size();
			// The node's pivots are the indices numbered after its children's subtrees.
			final int pivStart = kidsEnd(first, kids);
			starts.add(pivStart);
			counts.add(next - pivStart);
			parents.add(-1);
			rects.add(new int[] { x0, x1, z0, z1 });
			for (final int c : kids) parents.set(c, node);
			return node;
		}

		private int kidsEnd(final int first, final List<Integer> kids) {
			int end = first;
			for (final int c : kids) end = Math.max(end, starts.get(c) + counts.get(c));
			return end;
		}

		private void number(final int cell) {
			perm[next] = cell;
			iperm[cell] = next;
			next++;
		}
	}
}
