#!/usr/bin/env bash
# Reproduces the Spark figures of docs/spark.md: the plain tagger on 1 and 2 threads against NerJob's
# pipeline under local[1] and local[2], on the DaNE test sentences. Needs jq, and Debian's python3-torch
# for the BERT-base-shaped model; takes about 10 minutes on 2 cores.
#   scripts/spark-benchmark.sh [OUTPUT_DIR]      (default: target/benchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/benchmark}
mkdir -p "$out"
base=bench-models/bert-base-random
[ -f "$base/model.onnx" ] || /usr/bin/python3 scripts/make-bert-base-model.py "$base"
jq -c '.texts[] | {text: .}' testdata/parity/dane-test-pipeline.json > "$out/dane-test.jsonl"
spark_bench() {
  mvn -q -B compile exec:exec -Dner.main=io.github.bertner.spark.job.SparkBenchmark -Dner.args="--input $out/dane-test.jsonl $*"
}
spark_bench --model testdata/danish-ner-mini --repeat 10 --runs 3 | tee "$out/spark-mini.txt"
spark_bench --model "$base" --repeat 2 --input-files 2 --runs 3 | tee "$out/spark-base.txt"
