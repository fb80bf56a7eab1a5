#!/usr/bin/env bash
# Reproduces the README's performance figures. Needs Debian's python3-torch for the BERT-base-shaped
# model (apt-get install python3-torch) and transformers' Python (HF_PYTHON, from ../shared/tools/make-hf-python.sh)
# for the other architectures; takes about an hour on 2 cores.
#   scripts/benchmark.sh [OUTPUT_DIR]      (default: target/benchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/benchmark}
mkdir -p "$out"
mvn -B -q package -DskipTests
base=bench-models/bert-base-random
[ -f "$base/model.onnx" ] && [ -f "$base-checkpoint/model.safetensors" ] || /usr/bin/python3 scripts/make-bert-base-model.py "$base"
cli() { java -jar target/bert-ner-cli.jar bench "$@"; }
vocab=testdata/danish-bert-vocab/vocab.txt

# The demo model: every row, the Python-quantized model, its checkpoint converted and quantized in Java,
# and words/s by batch size (the chart).
cli --iterations 7 --namefinder-dl "$vocab" --long-document --checkpoint testdata/danish-ner-mini-hf --batch-sizes 1,2,4,8,16,32,64 \
    --json "$out/mini.json" --chart "$out/mini-batch-sizes.svg" | tee "$out/mini.txt"
# What the tagger adds to ONNX Runtime on the demo model, in one process, alternating 40 rounds.
for quantized in "" --quantized; do
  java -cp target/bert-ner-cli.jar scripts/TaggerOverhead.java testdata/danish-ner-mini 40 $quantized
done | tee "$out/mini-tagger-overhead.txt"
# The BERT-base-shaped model: every row on DaNE test, with the same weights converted and quantized in Java
# from its checkpoint (timed), then words/s by batch size on its first 200 sentences, fp32 and int8.
cli --model "$base" --warmup 1 --iterations 3 --namefinder-dl "$vocab" --checkpoint "$base-checkpoint" \
    --json "$out/base.json" | tee "$out/base.txt"
cli --model "$base" --sentences 200 --warmup 1 --iterations 3 --batch-sizes 1,4,16,32,64 --checkpoint "$base-checkpoint" \
    --json "$out/base-batch-sizes.json" --chart "$out/base-batch-sizes.svg" | tee "$out/base-batch-sizes.txt"
# Other architectures at base size (random weights; the Python of ../shared/tools/make-hf-python.sh, HF_PYTHON):
# the graph converted in Java against the torch export of the same weights, Java's int8 against ONNX Runtime's.
hf_python=${HF_PYTHON:-/tmp/hf/bin/python}
# Raw text against transformers' pipeline on torch, the same checkpoint and 200 sentences, batched alike.
"$hf_python" scripts/pipeline-benchmark.py --model "$base-checkpoint" --json "$out/pipeline.json" | tee "$out/pipeline.txt"
for name in xlm-roberta-base deberta-v3-base; do
  [ -f "bench-models/$name-export/model.onnx" ] || "$hf_python" scripts/make-base-models.py "$name"
  cli --model "bench-models/$name-export" --checkpoint "bench-models/$name-checkpoint" --sentences 200 --warmup 1 --iterations 3 \
      --json "$out/$name.json" | tee "$out/$name.txt"
done
# Memory: converting an XLM-RoBERTa-large-sized checkpoint (2.24 GB).
scripts/large-model-memory.sh "$hf_python" | tee "$out/large-model-memory.txt"
# Memory: 4 UIMA engine instances on one shared model against one.
scripts/uima-memory.sh "$base" | tee "$out/uima-memory.txt"
