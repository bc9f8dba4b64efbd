package org.memfwi.fiji;

import org.memfwi.commands.CommandSpec;
import org.memfwi.commands.Commands;
import org.memfwi.commands.Help;

import ij.IJ;
import ij.gui.HTMLDialog;
import ij.plugin.PlugIn;

/**
 * The last two entries of Plugins › MemFWI: "MemFWI Help" (the README's introduction and the list of commands, from
 * the copy bundled in the jar: works offline) and "About MemFWI..." (version and where the documentation is).
 */
public class About implements PlugIn {

	@Override
	public void run(final String arg) {
		if ("help".equals(arg)) new HTMLDialog("MemFWI Help", overview(), false);
		else IJ.showMessage("About MemFWI", "MemFWI " + version() + "\n \nFull-waveform inversion with memorized generative priors:\n" +
			"wave solvers with exact adjoints, the memorized prior's posteriors\n(reweighted, linearized mixture, diffusion posterior " +
			"sampling), diagnostics.\n \nEvery dialog has a Help button; Plugins > MemFWI > MemFWI Help lists the commands.\n" +
			"Command line: java -jar memfwi.jar --help");
	}

	/** The README's introduction and every command with its menu label, command-line name and description, as HTML. */
	static String overview() {
		final StringBuilder sb = new StringBuilder("<html><body style='width:640px'><h2>MemFWI " + version() + "</h2>");
		final String readme = Help.readme();
		final int intro = readme.indexOf("\n## ");
		if (intro > 0) sb.append(Help.markdownToHtml(readme.substring(readme.indexOf('\n') + 1, intro)));
		sb.append("<h3>Commands (Plugins &gt; MemFWI, in workflow order)</h3><table border='1' cellpadding='2'>");
		sb.append("<tr><th>menu</th><th>command line</th><th>what it does</th></tr>");
		for (final CommandSpec c : Commands.all())
			sb.append("<tr><td>").append(c.menuLabel()).append("</td><td>").append(c.name()).append("</td><td>").append(c.description())
				.append("</td></tr>");
		return sb.append("</table><p>Every dialog's Help button shows that command's section of the README and its parameters.</p>" +
			"</body></html>").toString();
	}

	static String version() {
		final Package p = About.class.getPackage();
		return p == null || p.getImplementationVersion() == null ? "(development)" : p.getImplementationVersion();
	}
}
