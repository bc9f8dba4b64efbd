package org.memfwi.io;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.util.Table;

import ij.ImagePlus;

/**
 * The {@code memfwi.*} properties that travel with an image (they survive saving as TIFF): the one reader, the
 * geometry writer shared by every kind of observed data, and the one check that data belong to a model grid.
 * Messages name the parameter, the image and the property.
 */
public final class DataProperties {

	private final ImagePlus imp;
	private final String name;
	private final String hint;

	/**
	 * A reader of one image's properties.
	 *
	 * @param key the parameter the image was given as (e.g. "data"), named in messages
	 * @param hint what to do when a property is missing, e.g. "give data made by Forward Model"
	 */
	public DataProperties(final ImagePlus imp, final String key, final String hint) {
		this.imp = imp;
		this.name = key + " ('" + imp.getTitle() + "')";
		this.hint = hint;
	}

	/** The parameter and image title as messages name them, e.g. {@code data ('gathers.tif')}. */
	public String name() { return name; }

	/** True when the property is set and not blank. */
	public boolean has(final String property) {
		final String v = imp.getProp(property);
		return v != null && !v.trim().isEmpty();
	}

	/** A property's text, trimmed; missing or blank is an error naming the property and the hint. */
	public String text(final String property) {
		final String v = imp.getProp(property);
		if (v == null || v.trim().isEmpty()) throw new IllegalArgumentException(name + " has no property " + property + "; " + hint);
		return v.trim();
	}

	/** A finite number. */
	public double number(final String property) {
		return parse(property, text(property));
	}

	/** A finite number, or {@code otherwise} when the property is missing. */
	public double number(final String property, final double otherwise) {
		return has(property) ? number(property) : otherwise;
	}

	/** A whole number. */
	public int integer(final String property) {
		final double d = number(property);
		if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new IllegalArgumentException(name + ": property " + property +
			" = " + Table.format(d) + " is not a whole number");
		return (int) d;
	}

	/** true or false. */
	public boolean bool(final String property) {
		final String v = text(property);
		if (v.equalsIgnoreCase("true")) return true;
		if (v.equalsIgnoreCase("false")) return false;
		throw new IllegalArgumentException(name + ": property " + property + " = '" + v + "' is not true or false");
	}

	/** A comma-separated list of finite numbers. */
	public double[] numbers(final String property) {
		return NumberLists.doubles(text(property), name + ": property " + property);
	}

	private double parse(final String property, final String v) {
		try {
			final double d = Double.parseDouble(v);
			if (!Double.isFinite(d)) throw new NumberFormatException();
			return d;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(name + ": property " + property + " = '" + v + "' is not a finite number");
		}
	}

	/**
	 * Records what every observed-data image carries, whatever its physics: kind, physics, the model grid and the
	 * source and receiver positions (m), in this order.
	 */
	public static void recordGeometry(final ImagePlus imp, final String kind, final String physics, final Grid2D grid,
		final double[] srcX, final double[] srcZ, final double[] recX, final double[] recZ) {
		Images.setProp(imp, "memfwi.kind", kind);
		Images.setProp(imp, "memfwi.physics", physics);
		Images.setProp(imp, "memfwi.nx", grid.nx());
		Images.setProp(imp, "memfwi.nz", grid.nz());
		Images.setProp(imp, "memfwi.dx", grid.dx());
		Images.setProp(imp, "memfwi.src_x", NumberLists.join(srcX));
		Images.setProp(imp, "memfwi.src_z", NumberLists.join(srcZ));
		Images.setProp(imp, "memfwi.rec_x", NumberLists.join(recX));
		Images.setProp(imp, "memfwi.rec_z", NumberLists.join(recZ));
	}

	/**
	 * Checks that data modelled on {@code data} belong to the models of {@code model}.
	 *
	 * @param dataKey the data's parameter, e.g. "data"
	 * @param modelKey the models' parameter, e.g. "model" or "training"
	 * @throws IllegalArgumentException naming the property that disagrees
	 */
	public static void checkGrid(final Grid2D data, final Grid2D model, final String dataKey, final String modelKey) {
		if (data.nx() != model.nx()) throw new IllegalArgumentException(dataKey + ": memfwi.nx = " + data.nx() + " but " + modelKey +
			" is " + model.nx() + " cells wide; use data made on the grid of " + modelKey);
		if (data.nz() != model.nz()) throw new IllegalArgumentException(dataKey + ": memfwi.nz = " + data.nz() + " but " + modelKey +
			" is " + model.nz() + " cells high; use data made on the grid of " + modelKey);
		if (!data.sameAs(model)) throw new IllegalArgumentException(dataKey + ": memfwi.dx = " + data.dx() + " m but the cell size of " +
			modelKey + " is " + model.dx() + " m; use data made on the grid of " + modelKey);
	}
}
