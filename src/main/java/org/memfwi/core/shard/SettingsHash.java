package org.memfwi.core.shard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A SHA-256 fingerprint of everything that must be equal in partials that are merged: the observed data values, the
 * noise level, sigma, the training set's size and shape, and the settings that change the result. Fields are fed in
 * a fixed order with their names, doubles as their IEEE bits, so the hash changes whenever a value does.
 */
public final class SettingsHash {

	private final MessageDigest sha;

	public SettingsHash() {
		try {
			sha = MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
		}
	}

	private void name(final String name) {
		final byte[] b = (name + "\0").getBytes(StandardCharsets.UTF_8);
		sha.update(b);
	}

	public SettingsHash add(final String name, final String value) {
		name(name);
		sha.update((String.valueOf(value) + "\0").getBytes(StandardCharsets.UTF_8));
		return this;
	}

	public SettingsHash add(final String name, final double value) {
		name(name);
		sha.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array());
		return this;
	}

	public SettingsHash add(final String name, final long value) {
		name(name);
		sha.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
		return this;
	}

	public SettingsHash add(final String name, final double[] values) {
		name(name);
		add("length", values.length);
		final ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asDoubleBuffer().put(values);
		sha.update(b.array());
		return this;
	}

	public SettingsHash add(final String name, final float[] values) {
		name(name);
		add("length", values.length);
		final ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(values);
		sha.update(b.array());
		return this;
	}

	/** The first 12 hex digits of a hash, for messages. */
	public static String abbreviate(final String hash) {
		return hash.length() <= 12 ? hash : hash.substring(0, 12) + "...";
	}

	/** The hash as 64 lower-case hex digits (the builder can no longer be used). */
	public String hex() {
		final StringBuilder s = new StringBuilder(64);
		for (final byte b : sha.digest()) s.append(String.format("%02x", b & 0xff));
		return s.toString();
	}
}
