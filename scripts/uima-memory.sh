#!/usr/bin/env bash
# Peak resident memory of one process running 1 and then 4 UIMA engine instances bound to one shared
# model (as a CPE with 4 processing threads does), and their ratio. The Java heap is fixed so that only
# the model and native memory can differ between the two runs.
#   scripts/uima-memory.sh [MODEL_DIR]     (default: the demo model; build first: mvn -q -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-testdata/danish-ner-mini}
run() {
  java -Xms768m -Xmx768m -XX:+AlwaysPreTouch -jar target/bert-ner-cli.jar bench --model "$model" --uima-instances "$1" \
    | sed -n 's/.*model: \([0-9.]*\) MiB/\1/p'
}
one=$(run 1)
four=$(run 4)
echo "model: $model"
echo "peak resident memory, 1 engine instance:  $one MiB"
echo "peak resident memory, 4 engine instances: $four MiB"
awk -v a="$one" -v b="$four" 'BEGIN { printf "ratio 4/1: %.2f\n", b / a }'
