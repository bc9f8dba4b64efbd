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
# Its observed data, both with 2 % noise, from one acquisition: a surface line and two wells, so that waves cross the
# whole model (surface data alone see a 480 m model only through weak reflections). Sources: 5 at the surface
# (20 m deep) and 2 in each well (x = 10 m and 460 m, 180 m and 360 m deep); receivers: every 20 m at the surface and
# every 40 m in both wells (60-460 m deep). Frequency-domain (Helmholtz) data at 4, 8, 12 and 16 Hz, and time-domain
# shot gathers (10 Hz Ricker, 0.6 s): at 16 Hz (25 Hz) the model is 2-5 (3-8) wavelengths across at 4500-1500 m/s.
SX=20,130,240,350,460,10,10,460,460
SZ=20,20,20,20,20,180,360,180,360
RX=$(for x in $(seq 0 20 460); do printf '%s,' "$x"; done; for z in $(seq 60 40 460); do printf '10,460,'; done)
RZ=$(for x in $(seq 0 20 460); do printf '20,'; done; for z in $(seq 60 40 460); do printf '%s,%s,' "$z" "$z"; done)
RX=${RX%,}
RZ=${RZ%,}
ACQ="sourcex=$SX sourcez=$SZ receiverx=$RX receiverz=$RZ"
$J forward physics=helmholtz model="$T/truth/models.tif" frequencies=4,8,12,16 $ACQ noise=0.02 noisemode=relative seed=5 out="$T/hh" --quiet
$J forward physics=time model="$T/truth/models.tif" f0=10 dt=0.001 nt=600 $ACQ noise=0.02 noisemode=relative seed=5 out="$T/td" --quiet

cp "$T/train/models.tif" sample-images/training-models.tif
cp "$T/truth/models.tif" sample-images/true-model.tif
cp "$T/hh/data.tif" sample-images/observed-data-helmholtz.tif
cp "$T/td/data.tif" sample-images/shot-gathers.tif
echo "sample images regenerated in sample-images/"
