#!/usr/bin/env bash
# Fine-tuning speed and memory, bert-ner against transformers with torch, side by side: the BERT-base-shaped random
# checkpoint (scripts/make-bert-base-model.py; MODEL=DIR for another checkpoint), DaNE train sentences in file order (MISC mapped to O, the model's
# labels), batch 16, the model's own dropout, AdamW, clipping, on all cores. Each round runs torch, then bert-ner,
# each in a fresh process; a row's tokens/s is the median over its steps after the first two (warm-up), its spread the
# (max - min) / median of the rounds' medians. Peak memory is each process's peak resident set.
#   HF_PYTHON=/tmp/hf/bin/python [MODEL=DIR] scripts/training-benchmark.sh [ROUNDS] [STEPS] [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
steps=${2:-12}
out=${3:-target/training-benchmark}
hf_python=${HF_PYTHON:-/tmp/hf/bin/python}
threads=$(nproc)
mkdir -p "$out"
[ -f target/bert-ner-cli.jar ] || mvn -B -q package -DskipTests
base=bench-models/bert-base-random
model=${MODEL:-$base-checkpoint}
[ -f "$model/model.safetensors" ] || "$hf_python" scripts/make-bert-base-model.py "$base"
"$hf_python" - "$out/train.conll" <<'PY'
import json, sys
samples = json.load(open("../shared/data/dane/train.json", encoding="utf-8"))["samples"]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for s in samples:
        for word, label in zip(s["tokens"], s["tokens_ner"]):
            out.write(f"{word}\t{'O' if label.endswith('MISC') else label}\n")
        out.write("\n")
PY
: > "$out/runs.jsonl"
for round in $(seq "$rounds"); do
  "$hf_python" scripts/training-torch.py bench "$model" "$out/train.conll" 16 "$steps" "$threads" \
      2>/dev/null | tail -1 >> "$out/runs.jsonl"
  rm -rf "$out/trained"
  java -cp target/bert-ner-cli.jar scripts/TrainingBenchmark.java "$model" "$out/train.conll" 16 "$steps" \
      "$threads" "$out/trained" 2>/dev/null | tail -1 >> "$out/runs.jsonl"
done
"$hf_python" - "$out/runs.jsonl" <<'PY'
import json, statistics, subprocess, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
tokens = next(r["step_tokens"] for r in runs if "step_tokens" in r)
flags = open("/proc/cpuinfo").read()
features = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_tile") if f" {f} " in flags]
model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
print(f"CPU: {model}; features: {', '.join(features)}")
rows = {}
for run in runs:
    engine = "torch" if run["engine"].startswith("torch") else "bert-ner"
    rates = [t / s for t, s in zip(tokens[2:], run["step_seconds"][2:])]
    rows.setdefault(engine, []).append((statistics.median(rates), run["peak_rss_bytes"], run["engine"]))
for engine, results in rows.items():
    medians = [r[0] for r in results]
    median = statistics.median(medians)
    spread = (max(medians) - min(medians)) / median
    peak = statistics.median(r[1] for r in results) / 2**30
    print(f"{engine:9} {median:8.1f} tokens/s  spread {spread:5.1%}  peak RSS {peak:5.2f} GiB  ({results[0][2]})")
ratio = statistics.median(r[0] for r in rows["bert-ner"]) / statistics.median(r[0] for r in rows["torch"])
print(f"bert-ner / torch: {ratio:.2f}")
PY
