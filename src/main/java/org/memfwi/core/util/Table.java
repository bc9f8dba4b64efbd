package org.memfwi.core.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A small table of named columns, each cell a number or a text, written as CSV. The core returns its tables
 * (weights, misfit curves, summaries) as these; adapters show them as ImageJ ResultsTables or write CSV files.
 */
public final class Table {

	private final List<String> columns;
	private final List<Object[]> rows = new ArrayList<>();

	public Table(final String... columns) {
		this.columns = Collections.unmodifiableList(Arrays.asList(columns.clone()));
	}

	public List<String> columns() { return columns; }

	public int rowCount() { return rows.size(); }

	/** Adds a row; each value a Number or a String (or null, written empty). */
	public Table add(final Object... values) {
		if (values.length != columns.size()) throw new IllegalArgumentException("row has " + values.length +
			" values, the table has " + columns.size() + " columns " + columns);
		rows.add(values.clone());
		return this;
	}

	public Object get(final int row, final int column) { return rows.get(row)[column]; }

	public Object get(final int row, final String column) { return get(row, indexOf(column)); }

	/** The value in a numeric cell. */
	public double number(final int row, final String column) {
		final Object o = get(row, column);
		if (o instanceof Number) return ((Number) o).doubleValue();
		throw new IllegalArgumentException("cell (" + row + ", " + column + ") is not a number: " + o);
	}

	public int indexOf(final String column) {
		final int i = columns.indexOf(column);
		if (i < 0) throw new IllegalArgumentException("no column '" + column + "' in " + columns);
		return i;
	}

	/** CSV text with a header line, numbers in full precision, texts quoted when needed. */
	public String toCsv() {
		final StringBuilder sb = new StringBuilder();
		for (int c = 0; c < columns.size(); c++) {
			if (c > 0) sb.append(',');
			sb.append(quote(columns.get(c)));
		}
		sb.append('\n');
		for (final Object[] row : rows) {
			for (int c = 0; c < row.length; c++) {
				if (c > 0) sb.append(',');
				sb.append(format(row[c]));
			}
			sb.append('\n');
		}
		return sb.toString();
	}

	/** A cell as CSV text. */
	public static String format(final Object v) {
		if (v == null) return "";
		if (v instanceof Double || v instanceof Float) {
			final double d = ((Number) v).doubleValue();
			if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
			// Trailing zeros of the mantissa only: the exponent of 5.72e-10 keeps its 0.
			final String g = String.format(Locale.ROOT, "%.10g", d);
			final int e = g.indexOf('e');
			final String mantissa = e < 0 ? g : g.substring(0, e);
			return (mantissa.indexOf('.') < 0 ? mantissa : mantissa.replaceFirst("\\.?0+$", "")) + (e < 0 ? "" : g.substring(e));
		}
		if (v instanceof Number) return v.toString();
		return quote(v.toString());
	}

	private static String quote(final String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}
}
