package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memorization Audit, Open Sample and Run Demo from ImageJ macros in a real ImageJ 1. */
class AuditAndDemoMacroIT {

	@Test
	void auditOfSamplesOpenedFromTheSampleMenu(@TempDir final Path dir) throws Exception {
		final ImageJ1 ij = new ImageJ1(dir);
		final Path out = dir.resolve("audit");
		final ImageJ1.Outcome o = ij.runMacro(
			"run(\"Training Models (300 CurveFault-like)\");\n" +
			"run(\"Generate Training Models...\", \"family=curvedfault n=3 seed=11 nx=48 nz=48 dx=10\");\n" +
			"run(\"Memorization Audit...\", \"training=training-models.tif samples=curvedfault-models tau=0.5 k=50 out=[" + out + "]\");\n" +
			"print(\"audit done\");\n" +
			"run(\"Memorization Audit...\", \"training=curvedfault-models samples=training-models.tif k=1\");\n" +
			"print(\"macro went on\");\n");
		assertTrue(o.output.contains("audit done"), o.output);
		// The first three models of seed 11 are the first three training models: exact copies, memorized.
		final String audit = new String(Files.readAllBytes(out.resolve("audit.csv")), StandardCharsets.UTF_8);
		assertTrue(audit.contains("\n1,1,0,") && audit.contains("\n2,2,0,") && audit.contains("\n3,3,0,"), audit);
		assertTrue(Files.readAllLines(out.resolve("summary.csv")).contains("memorized_fraction,1"));
		assertTrue(o.output.contains("k = 1 is too small"), o.output);
		assertFalse(o.output.contains("macro went on"), o.output);
	}

	@Test
	void demoRunsFromAMacro(@TempDir final Path dir) throws Exception {
		final ImageJ1 ij = new ImageJ1(dir);
		final Path out = dir.resolve("demo");
		final ImageJ1.Outcome o = ij.runMacro(
			"run(\"Run Demo...\", \"physics=helmholtz iterations=2 rank=4 linearize=2 samples=2 steps=4 seed=1 out=[" + out + "]\");\n" +
			"print(\"title=\" + getTitle());\n");
		assertEquals(0, o.exitCode, o.output);
		assertTrue(o.output.contains("title=memfwi-demo-report"), o.output);
		assertTrue(Files.isRegularFile(out.resolve("report.png")), o.output);
		assertTrue(Files.isRegularFile(out.resolve("linearized/posterior-mean.tif")));
		assertTrue(Files.readAllLines(out.resolve("summary.csv")).get(0).equals("metric,value"));
	}
}
