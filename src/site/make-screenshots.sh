#!/bin/bash
# Remakes the README's screenshots (src/site/images/*.png) in plain ImageJ 1 (Debian's imagej) under Xvfb: the
# three samples opened from the menu (the training stack and the Helmholtz data as shown), the dialogs of Forward Model, Full Waveform Inversion, the reweighted
# and linearized posteriors (with its advanced settings) and Run Demo, and the demo's report window after a demo run
# (about a minute on 2 quiet cores). The screenshots are taken by the test class org.memfwi.fiji.DialogProbe
# (java.awt.Robot on the virtual screen).
#
# Needs: mvn -B package (the plugin jar, target/ij1-jars and target/test-classes), apt-get install imagej xvfb xauth.
# Usage: bash src/site/make-screenshots.sh [--no-demo]
set -euo pipefail
cd "$(dirname "$0")/../.."
ij=${IJ_JAR:-/usr/share/java/ij.jar}
plugin=$(ls target/MemFWI_-*.jar | grep -v -e sources -e tests | head -1)
for f in "$ij" "$plugin" target/ij1-jars target/test-classes/org/memfwi/fiji/DialogProbe.class; do
	[ -e "$f" ] || { echo "missing $f: run 'mvn -B package' (and apt-get install imagej xvfb xauth)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/imagej/plugins/jars"
cp "$plugin" "$tmp/imagej/plugins/"
cp target/ij1-jars/*.jar "$tmp/imagej/plugins/jars/"
out=src/site/images
mkdir -p "$out"
demo=("run=Run Demo...|physics=helmholtz" "image=memfwi-demo-report|$out/demo-report-window.png")
[ "${1:-}" = "--no-demo" ] && demo=()
# -Duser.home: a fresh IJ_Prefs.txt, so the dialogs show the defaults and not values remembered on this machine.
xvfb-run -a -s "-screen 0 1920x1400x24" java -Xmx1g -Dfile.encoding=UTF-8 -Duser.home="$tmp" \
	-Dplugins.dir="$tmp/imagej" -cp "$ij:target/test-classes" org.memfwi.fiji.DialogProbe \
	"sample=Training Models (300 CurveFault-like)" "sample=Observed Data (Helmholtz 4-8-12-16 Hz)" "sample=True Model (held out)" \
	"image=training-models.tif|$out/training-models.png" "image=observed-data-helmholtz.tif|$out/helmholtz-data.png" \
	"shot=Forward Model...|$out/dialog-forward.png|ok" \
	"shot=Full Waveform Inversion...|$out/dialog-fwi.png" \
	"shot=Memorized Posterior (Reweighted Training Set)...|$out/dialog-reweighted.png" \
	"shot=Linearized Gaussian-Mixture Posterior...|$out/dialog-linearized.png" \
	"shot=Linearized Gaussian-Mixture Posterior...|$out/dialog-linearized-advanced.png|advanced" \
	"shot=Run Demo...|$out/dialog-demo.png" \
	"${demo[@]}" | grep -e "PROBE" -e "^IMAGE"
ls -l "$out"
