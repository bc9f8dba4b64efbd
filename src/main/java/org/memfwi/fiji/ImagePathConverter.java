package org.memfwi.fiji;

import java.io.File;
import java.lang.reflect.Type;

import org.memfwi.io.ForeignImages;

import org.scijava.Priority;
import org.scijava.convert.AbstractConverter;
import org.scijava.convert.Converter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.WindowManager;
import ij.io.Opener;

/**
 * Lets a SciJava command take an image as a file path, for headless runs
 * ({@code fiji --headless --run ... 'training="/data/models.tif"'}), where no image is open to be named by its title.
 * Low priority: where Fiji's own converter knows an open image by that title, it wins.
 */
@Plugin(type = Converter.class, priority = Priority.LOW)
public class ImagePathConverter extends AbstractConverter<String, ImagePlus> {

	@Override
	public boolean canConvert(final Object src, final Type dest) {
		return src instanceof String && dest == ImagePlus.class && WindowManager.getImage((String) src) == null &&
			(new File((String) src).isFile() || ForeignImages.handles((String) src));
	}

	@Override
	public boolean canConvert(final Object src, final Class<?> dest) {
		return canConvert(src, (Type) dest);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T convert(final Object src, final Class<T> dest) {
		if (ForeignImages.handles((String) src)) return (T) ForeignImages.open((String) src, "image");
		final File f = new File((String) src);
		final ImagePlus imp = new Opener().openImage(f.getAbsolutePath());
		if (imp == null) throw new IllegalArgumentException("cannot read " + f + " as an image");
		return (T) imp;
	}

	@Override
	public Class<ImagePlus> getOutputType() {
		return ImagePlus.class;
	}

	@Override
	public Class<String> getInputType() {
		return String.class;
	}
}
