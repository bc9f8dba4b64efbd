#!/usr/bin/env bash
# Regenerates the bundled sample images with the command line (deterministic: same files every time).
# Usage, from the repository root after `mvn -q package -DskipTests`:  sample-images/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
J="java -jar target/memfwi.jar"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# 300 CurveFault-like training models and one held-out model of the same family (another seed), 48 x 48 cells of 10 m.
$J generate-models family=curvedfault n=300 seed=11 nx=48 nz=48 dx=10 out="$T/train" --quiet
$J generate-models family=curvedfault n=1 seed=2024 nx=48 nz=48 dx=10 out="$T/truth" --quiet
# Its observed data: frequency-domain (the paper's Helmholtz setting: 5 sources, 40 receivers, 3/5/7 Hz) and
# time-domain shot gathers (4 sources, a receiver at every column, 10 Hz Ricker, 0.6 s), both with 2 % noise.
$J forward physics=helmholtz model="$T/truth/models.tif" frequencies=3,5,7 noise=0.02 noisemode=relative seed=5 out="$T/hh" --quiet
$J forward physics=time model="$T/truth/models.tif" sources=4 f0=10 dt=0.001 nt=600 noise=0.02 noisemode=relative seed=5 out="$T/td" --quiet

cp "$T/train/models.tif" sample-images/training-models.tif
cp "$T/truth/models.tif" sample-images/true-model.tif
cp "$T/hh/data.tif" sample-images/observed-data-helmholtz.tif
cp "$T/td/data.tif" sample-images/shot-gathers.tif
echo "sample images regenerated in sample-images/"
