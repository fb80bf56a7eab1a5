#!/usr/bin/env python3
"""Writes dane-test-pipeline.json: what the Hugging Face TokenClassificationPipeline returns for the 565 raw
sentences of DaNE test with the demo model's torch weights (testdata/danish-ner-mini-hf, from which
testdata/danish-ner-mini/model.onnx was exported), for each aggregation strategy (default ignore_labels, no
stride), and prints the pipeline's entity F1 on DaNE test's own words for first, average and max (the figures
the README, docs and `evaluate` tests state; gold MISC mapped to O, the model's special labels counted as O,
conlleval's rules), from transformers' word_ids on the pre-tokenized sentences.

Nothing here is run by the tests or CI; the output is committed. With the Python of
../shared/tools/make-hf-python.sh (transformers 5.18; the committed file was written by 5.17, and 5.18 writes the
same entities, scores and offsets):

    $DIR/bin/python testdata/parity/make-dane-test-pipeline.py [OUTPUT]     (default: print the F1 figures only)
"""
import json
import pathlib
import sys

import numpy as np
import torch
import transformers
from transformers import AutoModelForTokenClassification, AutoTokenizer, TokenClassificationPipeline

TESTDATA = pathlib.Path(__file__).resolve().parent.parent
STRATEGIES = ["none", "simple", "first", "average", "max"]


def dane_test():
    sentences, current = [], []
    for line in (TESTDATA / "dane" / "ddt.test.bio.tsv").read_text(encoding="utf-8").splitlines():
        if not line:
            if current:
                sentences.append(current)
            current = []
        else:
            token, label = line.split("\t")
            current.append((token, "O" if label.endswith("MISC") else label))
    if current:
        sentences.append(current)
    return sentences


def spans(labels):
    """conlleval's chunks: B-X starts one, I-X continues one of type X and otherwise starts one."""
    found, start, kind = set(), None, None
    for i, label in enumerate(labels + ["O"]):
        label_kind = label[2:] if len(label) > 2 and label[1] == "-" else None
        if not (kind is not None and label.startswith("I-") and label_kind == kind):
            if kind is not None:
                found.add((start, i, kind))
            begins = label_kind is not None and label[0] in "BI"
            start, kind = (i, label_kind) if begins else (None, None)
    return found


def word_labels(model, tokenizer, words, strategy):
    encoding = tokenizer(words, is_split_into_words=True, return_tensors="pt")
    with torch.no_grad():
        logits = model(**encoding).logits[0].numpy()
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    scores = shifted / shifted.sum(axis=-1, keepdims=True)
    word_ids = encoding.word_ids(0)
    labels = []
    for w in range(len(words)):
        rows = [scores[t] for t, word in enumerate(word_ids) if word == w]
        if strategy == "first":
            row = rows[0]
        elif strategy == "average":
            row = np.nanmean(np.stack(rows), axis=0)
        else:
            row = max(rows, key=lambda r: r.max())
        label = model.config.id2label[int(row.argmax())]
        labels.append("O" if label.startswith("[") else label)
    return labels


def main():
    tokenizer = AutoTokenizer.from_pretrained(TESTDATA / "danish-ner-mini-hf")
    model = AutoModelForTokenClassification.from_pretrained(TESTDATA / "danish-ner-mini-hf").eval()
    sentences = dane_test()
    for strategy in ["first", "average", "max"]:
        gold = predicted = correct = 0
        for sentence in sentences:
            expected = spans([label for _, label in sentence])
            found = spans(word_labels(model, tokenizer, [token for token, _ in sentence], strategy))
            gold, predicted, correct = gold + len(expected), predicted + len(found), correct + len(expected & found)
        precision, recall = correct / predicted, correct / gold
        print(f"{strategy}: gold {gold}, predicted {predicted}, correct {correct}, "
              f"F1 {2 * precision * recall / (precision + recall):.4f}")
    if len(sys.argv) > 1:
        texts = json.loads((TESTDATA / "parity" / "dane-test-pipeline.json").read_text(encoding="utf-8"))["texts"]
        outputs = {}
        for strategy in STRATEGIES:
            pipeline = TokenClassificationPipeline(model=model, tokenizer=tokenizer, aggregation_strategy=strategy)
            outputs[strategy] = [[{k: (float(v) if k == "score" else int(v) if k in ("index", "start", "end") else v)
                                   for k, v in entity.items()} for entity in pipeline(text)] for text in texts]
        document = {
            "produced_with": f"Hugging Face transformers {transformers.__version__} TokenClassificationPipeline, "
                             "torch fp32, CPU",
            "model": "testdata/danish-ner-mini-hf (the torch weights testdata/danish-ner-mini/model.onnx was "
                     "exported from)",
            "offsets": "start/end are Python string indices (Unicode code points) into the input text",
            "texts": texts,
            "outputs": outputs,
        }
        pathlib.Path(sys.argv[1]).write_text(json.dumps(document, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
