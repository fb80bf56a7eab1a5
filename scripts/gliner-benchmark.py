#!/usr/bin/env python3
"""The zero-shot benchmark: GLiNER's own torch inference on the CPU against bert-ner's fp32 and int8 graphs of the
same model, on the 565 DaNE test sentences and the types person, location, organization, batched alike.

The model is scripts/make-gliner-small-model.py's (gliner_small-v2.1's size, random weights). bert-ner converts it
once (convert --quantize). Then each round times one pass of GLiNER (model.inference over all sentences, in batches
of --batch-size) and one run of `bert-ner bench` (a warm-up pass and --passes measured passes of fp32 and of int8 in
turn, in one JVM, giving their median), so that a noisy machine slows all three alike; the report gives each one's
median words/s over the rounds, its spread ((slowest - fastest) / median) and the ratios of the medians. It also checks what the rows find: bert-ner
fp32 against GLiNER's entities, int8 against fp32.

    GLINER_SRC=/path/to/GLiNER $DIR/bin/python scripts/gliner-benchmark.py \\
        --model bench-models/gliner-small --rounds 5 --bert-ner "java -jar target/bert-ner-cli.jar"
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

sys.path.insert(0, os.environ["GLINER_SRC"])
from gliner.model import GLiNER  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchcommon import converted, cpu_features, run, sentences, summary  # noqa: E402

LABELS = ["person", "location", "organization"]


def entity_keys(found):
    return {(i, e["label"], e["start"], e["end"]) for i, entities in enumerate(found) for e in entities}


def bert_ner_entities(bert_ner, model, texts, quantized):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as file:
        file.write("\n".join(texts) + "\n")
    command = bert_ner + ["tag", "--model", str(model), "--labels", ",".join(LABELS), "--input", file.name]
    output = run(command + (["--quantized"] if quantized else []))
    return [json.loads(line)["entities"] for line in output.splitlines()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="bench-models/gliner-small")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--passes", type=int, default=3,
                        help="measured passes of each bert-ner row per round (bench reports their median)")
    parser.add_argument("--bert-ner", default="java -jar target/bert-ner-cli.jar")
    parser.add_argument("--json", default="target/benchmark/gliner.json")
    args = parser.parse_args()
    bert_ner = shlex.split(args.bert_ner)
    model = pathlib.Path(args.model)
    converted_model = converted(bert_ner, model)

    tokens = sentences()
    texts = [" ".join(sentence) for sentence in tokens]
    words = sum(len(sentence) for sentence in tokens)
    gliner = GLiNER.from_pretrained(str(model), load_tokenizer=True)
    gliner.eval()

    rates = {"GLiNER torch": [], "bert-ner fp32": [], "bert-ner int8": []}
    gliner_found = gliner.inference(texts, LABELS, batch_size=args.batch_size)
    for _ in range(args.rounds):
        started = time.perf_counter()
        gliner.inference(texts, LABELS, batch_size=args.batch_size)
        rates["GLiNER torch"].append(words / (time.perf_counter() - started))
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as report:
            run(bert_ner + ["bench", "--model", str(converted_model), "--labels", ",".join(LABELS),
                            "--batch-size", str(args.batch_size), "--warmup", "1", "--iterations", str(args.passes),
                            "--json", report.name])
            rows = json.loads(pathlib.Path(report.name).read_text())["comparisons"][0]["rows"]
        by_name = {row["row"]: row["wordsPerSecond"] for row in rows}
        rates["bert-ner fp32"].append(by_name["zero-shot, fp32"])
        rates["bert-ner int8"].append(by_name["zero-shot, int8"])

    fp32 = entity_keys(bert_ner_entities(bert_ner, converted_model, texts, False))
    int8 = entity_keys(bert_ner_entities(bert_ner, converted_model, texts, True))
    reference = entity_keys(gliner_found)
    parity = len(fp32 & reference) / max(1, len(reference | fp32))
    kept = len(int8 & fp32) / max(1, len(fp32))
    cpu, features, cores = cpu_features()
    result = {
        "machine": {"cpu": cpu, "int8 features": features, "cores": cores},
        "sentences": len(texts), "words": words, "labels": LABELS, "batch size": args.batch_size,
        "rounds": args.rounds, "bert-ner passes per round": args.passes,
        "words per second": {name: summary(values) for name, values in rates.items()},
        "bert-ner fp32 / GLiNER torch": statistics.median(rates["bert-ner fp32"])
        / statistics.median(rates["GLiNER torch"]),
        "bert-ner int8 / bert-ner fp32": statistics.median(rates["bert-ner int8"])
        / statistics.median(rates["bert-ner fp32"]),
        "GLiNER entities": len(reference),
        "bert-ner fp32 entities equal to GLiNER's (Jaccard)": parity,
        "int8 keeps of fp32's entities": kept,
    }
    pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    print(f"machine: {cpu}, {cores} cores, int8 features: {' '.join(features) or 'none'}")
    print(f"{len(texts)} DaNE test sentences, {words} words, types {', '.join(LABELS)}, batch size {args.batch_size}, "
          f"{args.rounds} rounds, {args.passes} bert-ner passes each")
    for name, values in rates.items():
        stats = summary(values)
        print(f"{name:16s} {stats['median']:9.1f} words/s  spread {100 * stats['spread']:5.1f} %")
    print(f"bert-ner fp32 / GLiNER torch: {result['bert-ner fp32 / GLiNER torch']:.2f}x")
    print(f"bert-ner int8 / bert-ner fp32: {result['bert-ner int8 / bert-ner fp32']:.2f}x")
    print(f"entities: GLiNER {len(reference)}; bert-ner fp32 equal to GLiNER's (Jaccard) {parity:.3f}; "
          f"int8 keeps {kept:.3f} of fp32's")


if __name__ == "__main__":
    main()
