package org.memfwi.io;

import java.awt.Frame;

import org.memfwi.core.util.Table;

import ij.WindowManager;
import ij.measure.ResultsTable;

/** Conversion of MemFWI tables to ImageJ ResultsTables, for display in ImageJ and Fiji. */
public final class ResultsTables {

	private ResultsTables() {}

	/**
	 * Shows the table in a window of the given title, wide enough for its longest cells (ImageJ's default window cuts
	 * long values and metric names off) and at most 900 x 600 pixels.
	 */
	public static void show(final Table t, final String title) {
		of(t).show(title);
		final Frame w = WindowManager.getFrame(title);
		if (w == null) return;
		int width = 40;
		for (int c = 0; c < t.columns().size(); c++) {
			int chars = t.columns().get(c).length();
			for (int i = 0; i < t.rowCount(); i++) {
				final Object v = t.get(i, c);
				chars = Math.max(chars, v instanceof Number ? 14 : v == null ? 0 : v.toString().length());
			}
			width += 8 * Math.min(chars, 60) + 24;
		}
		final int height = 110 + 18 * Math.min(t.rowCount(), 25);
		w.setSize(Math.min(900, Math.max(w.getWidth(), width)), Math.min(600, Math.max(200, height)));
	}

	/** An ImageJ ResultsTable with the table's columns. */
	public static ResultsTable of(final Table t) {
		final ResultsTable rt = new ResultsTable();
		for (int i = 0; i < t.rowCount(); i++) {
			rt.incrementCounter();
			for (int c = 0; c < t.columns().size(); c++) {
				final Object v = t.get(i, c);
				if (v instanceof Number) rt.addValue(t.columns().get(c), ((Number) v).doubleValue());
				else rt.addValue(t.columns().get(c), v == null ? "" : v.toString());
			}
		}
		rt.showRowNumbers(false);
		// Integers as integers, other numbers with five decimals (or in scientific notation when small): ImageJ's
		// default gives a column three decimals as soon as one of its values is not an integer ("300.000").
		rt.setPrecision(5);
		for (final String c : t.columns())
			if (rt.getColumnIndex(c) != ResultsTable.COLUMN_NOT_FOUND) rt.setDecimalPlaces(rt.getColumnIndex(c), ResultsTable.AUTO_FORMAT);
		return rt;
	}
}
