#!/usr/bin/env python3
"""Raw text against the transformers pipeline: transformers' token-classification pipeline on torch (CPU) and
`bert-ner bench`'s raw-text rows, fp32 and the Java int8, on the same weights and texts (the first --sentences DaNE
test sentences, words joined by spaces), batched alike (--batch-size on both sides), and the pipeline also at its
default batch size of 1.

The model is scripts/make-bert-base-model.py's checkpoint (the real Danish model's shape, random weights); bert-ner
converts it once (convert --quantize). Each round times one pass of the pipeline (aggregation "first", bert-ner's
default) and one `bert-ner bench` process each for fp32 and int8 (a warm-up pass and a measured pass), so that a
noisy machine slows all alike; the report gives each one's median words/s over the rounds, its spread
((slowest - fastest) / median) and the ratios of the medians, and checks that bert-ner's fp32 entities are the
pipeline's (special labels such as [PAD] kept, as the pipeline keeps them).

    $HF_PYTHON scripts/pipeline-benchmark.py --model bench-models/bert-base-random-checkpoint --rounds 5
"""
import argparse
import json
import os
import pathlib
import shlex
import statistics
import sys
import tempfile
import time

from transformers import pipeline

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchcommon import converted, cpu_features, run, sentences, summary  # noqa: E402

RAW_TEXT_ROW = "tagger (raw text)"


def bench(bert_ner, model, sentence_count, batch_size, quantized):
    """words/s of bert-ner's raw-text row in one bench process."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as report:
        command = bert_ner + ["bench", "--model", str(model), "--sentences", str(sentence_count),
                              "--batch-size", str(batch_size), "--warmup", "1", "--iterations", "1",
                              "--json", report.name]
        run(command + (["--quantized"] if quantized else []))
        rows = json.loads(pathlib.Path(report.name).read_text())["comparisons"][0]["rows"]
    return {row["row"]: row["wordsPerSecond"] for row in rows}[RAW_TEXT_ROW]


def bert_ner_entities(bert_ner, model, texts):
    """bert-ner's fp32 entities, special labels such as [PAD] kept as the pipeline keeps them."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as file:
        file.write("\n".join(texts) + "\n")
    output = run(bert_ner + ["tag", "--model", str(model), "--keep-special-labels", "--input", file.name])
    return [json.loads(line)["entities"] for line in output.splitlines()]


def entity_keys(found, label):
    return {(i, e[label], e["start"], e["end"]) for i, entities in enumerate(found) for e in entities}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="bench-models/bert-base-random-checkpoint")
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--bert-ner", default="java -jar target/bert-ner-cli.jar")
    parser.add_argument("--json", default="target/benchmark/pipeline.json")
    args = parser.parse_args()
    bert_ner = shlex.split(args.bert_ner)
    model = pathlib.Path(args.model)
    converted_model = converted(bert_ner, model)

    tokens = sentences()[:args.sentences]
    texts = [" ".join(sentence) for sentence in tokens]
    words = sum(len(sentence) for sentence in tokens)
    tagger = pipeline("token-classification", model=str(model), aggregation_strategy="first", device="cpu")
    tagger.model.eval()

    batched = f"transformers pipeline, batch {args.batch_size}"
    unbatched = "transformers pipeline, batch 1 (its default)"
    rates = {batched: [], unbatched: [], "bert-ner fp32": [], "bert-ner int8": []}
    reference = tagger(texts, batch_size=args.batch_size)
    for _ in range(args.rounds):
        for name, batch_size in ((batched, args.batch_size), (unbatched, 1)):
            started = time.perf_counter()
            tagger(texts, batch_size=batch_size)
            rates[name].append(words / (time.perf_counter() - started))
        rates["bert-ner fp32"].append(bench(bert_ner, converted_model, args.sentences, args.batch_size, False))
        rates["bert-ner int8"].append(bench(bert_ner, converted_model, args.sentences, args.batch_size, True))

    expected = entity_keys(reference, "entity_group")
    found = entity_keys(bert_ner_entities(bert_ner, converted_model, texts), "label")
    parity = len(found & expected) / max(1, len(found | expected))
    pipeline_median = statistics.median(rates[batched])
    default_median = statistics.median(rates[unbatched])
    cpu, features, cores = cpu_features()
    result = {
        "machine": {"cpu": cpu, "int8 features": features, "cores": cores},
        "sentences": len(texts), "words": words, "batch size": args.batch_size, "rounds": args.rounds,
        "words per second": {name: summary(values) for name, values in rates.items()},
        "bert-ner fp32 / pipeline": statistics.median(rates["bert-ner fp32"]) / pipeline_median,
        "bert-ner int8 / pipeline": statistics.median(rates["bert-ner int8"]) / pipeline_median,
        "bert-ner fp32 / pipeline at batch 1": statistics.median(rates["bert-ner fp32"]) / default_median,
        "bert-ner int8 / pipeline at batch 1": statistics.median(rates["bert-ner int8"]) / default_median,
        "pipeline entities": len(expected),
        "bert-ner fp32 entities equal to the pipeline's (Jaccard)": parity,
    }
    pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    print(f"machine: {cpu}, {cores} cores, int8 features: {' '.join(features) or 'none'}")
    print(f"{len(texts)} DaNE test sentences, {words} words, batch size {args.batch_size}, {args.rounds} rounds")
    for name, values in rates.items():
        stats = summary(values)
        print(f"{name:45s} {stats['median']:9.1f} words/s  spread {100 * stats['spread']:5.1f} %")
    for ratio in ("bert-ner fp32 / pipeline", "bert-ner int8 / pipeline",
                  "bert-ner fp32 / pipeline at batch 1", "bert-ner int8 / pipeline at batch 1"):
        print(f"{ratio}: {result[ratio]:.2f}x")
    print(f"entities: pipeline {len(expected)}; bert-ner fp32 equal to the pipeline's (Jaccard) {parity:.3f}")


if __name__ == "__main__":
    main()
