package org.memfwi.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TableTest {

	@Test
	void numbersRoundTripThroughTheirText() {
		final double[] values = { 5.722371554e-10, 1e-10, 2.5e20, -3.0000001e-30, 0.1, 1234.5678, 7, -0.0625, 1e15, 6.02214076e23 };
		for (final double v : values) assertEquals(v, Double.parseDouble(Table.format(v)), Math.abs(v) * 1e-9, Table.format(v));
		assertEquals("5.722371554e-10", Table.format(5.722371554e-10));
		assertEquals("1e-10", Table.format(1e-10));
		assertEquals("2.5e+20", Table.format(2.5e20));
		assertEquals("0.1", Table.format(0.1));
		assertEquals("7", Table.format(7.0));
		assertEquals("index,value\n1,1.5e-10\n", new Table("index", "value").add(1, 1.5e-10).toCsv());
	}
}
