#!/usr/bin/env bash
# Peak resident memory of converting an XLM-RoBERTa-large-sized checkpoint (560 M parameters, 2.24 GB of float32
# safetensors, random weights) in Java, without and with int8, against the checkpoint's size; then tags with both.
# Needs the Python of ../shared/tools/make-hf-python.sh for the checkpoint (about 5 GB of disk in bench-models/).
#   scripts/large-model-memory.sh [PYTHON]    (default: /tmp/hf/bin/python; build first: mvn -q -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-/tmp/hf/bin/python}
checkpoint=bench-models/xlm-roberta-large-checkpoint
[ -f "$checkpoint/model.safetensors" ] || "$python" scripts/make-base-models.py --checkpoint-only xlm-roberta-large
size=$(stat -c %s "$checkpoint/model.safetensors")
out=$(mktemp -d)
peak() {  # peak resident memory of a command, in bytes
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{ print $1 * 1024 }'
}
fp32=$(peak java -jar target/bert-ner-cli.jar convert --model "$checkpoint" --output "$out/fp32")
int8=$(peak java -jar target/bert-ner-cli.jar convert --model "$checkpoint" --output "$out/int8" --quantize)
awk -v s="$size" -v a="$fp32" -v b="$int8" 'BEGIN {
  printf "checkpoint: %.2f GB\n", s / 1e9
  printf "convert, peak resident: %.2f GB (%.2f x the checkpoint)\n", a / 1e9, a / s
  printf "convert --quantize, peak resident: %.2f GB (%.2f x the checkpoint)\n", b / 1e9, b / s }'
ls -l "$out/int8"
echo "Chili Jensen bor i København." | java -jar target/bert-ner-cli.jar tag --model "$out/fp32"
echo "Chili Jensen bor i København." | java -jar target/bert-ner-cli.jar tag --model "$out/int8" --quantized
rm -rf "$out"
