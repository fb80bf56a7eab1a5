#!/usr/bin/env bash
# Runs tests, or any Java program, as an x86 processor without VNNI and without AVX-512 runs them: the JVM runs
# under QEMU's user-mode emulator, whose CPU ("max") has AVX2 but neither, so that ONNX Runtime picks the int8
# kernels that add products in 16-bit pairs (docs/performance.md, "int8 on every processor"). Numerics are those
# of such a processor; timings are not (emulation is 3-5 times slower). Needs qemu-user (apt-get install
# qemu-user) on an x86-64 Linux machine.
#   scripts/without-vnni.sh test -Dtest='ConvertedArchitecturesTest,QuantizedConversionTest'   (a Maven test run)
#   scripts/without-vnni.sh java -jar target/bert-ner-cli.jar evaluate --quantized --data ...  (any java command)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v qemu-x86_64 >/dev/null || { echo "without-vnni.sh: qemu-x86_64 not found: apt-get install qemu-user" >&2; exit 2; }
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
wrapper=$(mktemp -d)/bin
mkdir -p "$wrapper"
trap 'rm -rf "$(dirname "$wrapper")"' EXIT
printf '#!/bin/bash\nexec qemu-x86_64 -cpu max %s/bin/java "$@"\n' "$java_home" > "$wrapper/java"
chmod +x "$wrapper/java"
if [ "${1:-}" = java ]; then
  shift
  "$wrapper/java" "$@"
else
  mvn -B "$@" -Djvm="$wrapper/java" -Dsurefire.failIfNoSpecifiedTests=false
fi
