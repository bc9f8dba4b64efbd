package org.memfwi.arch;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.BitSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes one compiled class refers to, read from its constant pool with the JDK alone (no ASM): every
 * {@code CONSTANT_Class} entry and every class named in a descriptor or generic signature ({@code Lpkg/Name;} in a
 * {@code CONSTANT_Utf8} entry that is not the text of a string literal). Names are binary names with dots
 * ({@code org.memfwi.io.Images}, {@code org.memfwi.commands.Binder$Kind}); array types give their element class.
 * <p>
 * A compile-time constant (a {@code static final} primitive or String) is inlined by javac and leaves no trace here;
 * everything else a class uses (calls, fields, casts, parameter, return and field types, annotations) does.
 */
final class ClassReferences {

	/** A class named in a descriptor or signature: {@code Lorg/memfwi/io/Images;} or {@code Ljava/util/List<...}. */
	private static final Pattern DESCRIPTOR = Pattern.compile("L([\\p{L}_$][\\p{L}\\p{N}_$]*(?:/[\\p{L}_$][\\p{L}\\p{N}_$]*)+)[;<]");

	private static final int UTF8 = 1, INTEGER = 3, FLOAT = 4, LONG = 5, DOUBLE = 6, CLASS = 7, STRING = 8,
		FIELD_REF = 9, METHOD_REF = 10, INTERFACE_METHOD_REF = 11, NAME_AND_TYPE = 12, METHOD_HANDLE = 15,
		METHOD_TYPE = 16, DYNAMIC = 17, INVOKE_DYNAMIC = 18, MODULE = 19, PACKAGE = 20;

	/** The binary name of the class itself. */
	final String name;
	/** Every class it names, without itself. */
	final Set<String> references;
	/**
	 * Classes that occur only inside descriptors or signatures. Annotation string values are stored like descriptors,
	 * so a caller should keep such a name only when it knows the class exists.
	 */
	final Set<String> descriptorReferences;

	private ClassReferences(final String name, final Set<String> references, final Set<String> descriptorReferences) {
		this.name = name;
		this.references = references;
		this.descriptorReferences = descriptorReferences;
	}

	/** Reads a class file's constant pool. */
	static ClassReferences read(final byte[] classFile) throws IOException {
		final DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
		if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file (bad magic number)");
		in.readUnsignedShort(); // minor version
		in.readUnsignedShort(); // major version
		final int count = in.readUnsignedShort();
		final String[] utf8 = new String[count];
		final int[] classNameIndex = new int[count];
		final BitSet literal = new BitSet(count);
		for (int i = 1; i < count; i++) {
			final int tag = in.readUnsignedByte();
			switch (tag) {
				case UTF8: utf8[i] = in.readUTF(); break;
				case CLASS: classNameIndex[i] = in.readUnsignedShort(); break;
				case STRING: literal.set(in.readUnsignedShort()); break;
				case METHOD_TYPE: case MODULE: case PACKAGE: in.readUnsignedShort(); break;
				case METHOD_HANDLE: in.readUnsignedByte(); in.readUnsignedShort(); break;
				case INTEGER: case FLOAT: case FIELD_REF: case METHOD_REF: case INTERFACE_METHOD_REF: case NAME_AND_TYPE:
				case DYNAMIC: case INVOKE_DYNAMIC: in.readInt(); break;
				case LONG: case DOUBLE: in.readLong(); i++; break; // eight-byte constants take two slots
				default: throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
			}
		}
		in.readUnsignedShort(); // access flags
		final int thisClass = in.readUnsignedShort();
		final String self = dotted(utf8[classNameIndex[thisClass]]);

		final Set<String> refs = new TreeSet<>();
		final Set<String> classEntries = new TreeSet<>();
		final BitSet className = new BitSet(count);
		for (int i = 1; i < count; i++) {
			if (classNameIndex[i] == 0) continue;
			className.set(classNameIndex[i]);
			final String n = utf8[classNameIndex[i]];
			if (n.startsWith("[")) addDescriptorClasses(n, classEntries);
			else classEntries.add(dotted(n));
		}
		final Set<String> described = new TreeSet<>();
		for (int i = 1; i < count; i++)
			if (utf8[i] != null && !literal.get(i) && !className.get(i)) addDescriptorClasses(utf8[i], described);
		refs.addAll(classEntries);
		refs.addAll(described);
		refs.remove(self);
		described.removeAll(classEntries);
		described.remove(self);
		return new ClassReferences(self, refs, described);
	}

	/** The package of a binary class name ("" for the default package). */
	static String packageOf(final String className) {
		final int dot = className.lastIndexOf('.');
		return dot < 0 ? "" : className.substring(0, dot);
	}

	/** The top-level class of a binary name: {@code a.B$C} gives {@code a.B}. */
	static String topLevel(final String className) {
		final int dollar = className.indexOf('$', className.lastIndexOf('.') + 1);
		return dollar < 0 ? className : className.substring(0, dollar);
	}

	private static void addDescriptorClasses(final String text, final Set<String> into) {
		final Matcher m = DESCRIPTOR.matcher(text);
		while (m.find()) into.add(dotted(m.group(1)));
	}

	private static String dotted(final String internalName) {
		return internalName.replace('/', '.');
	}
}
