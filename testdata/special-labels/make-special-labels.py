#!/usr/bin/env python3
"""Writes a tiny BertForTokenClassification whose labels include [PAD], [CLS] and [SEP] (random weights, its
classifier scaled so that those labels win often), and what the Hugging Face TokenClassificationPipeline returns
for some texts with each aggregation strategy: the reference for --keep-special-labels (the pipeline reports
special labels as entities; bert-ner counts them as O unless asked). The vocabulary is the tiny checkpoints'
(../tiny-checkpoints); the model has 16 positions and every text fits in one window (at most 11 words, each a
whole vocabulary entry), as the pipeline without stride needs.

Nothing here is run by the tests or CI; the outputs are committed. With the Python of
../shared/tools/make-hf-python.sh (transformers 5.18):

    $DIR/bin/python testdata/special-labels/make-special-labels.py
"""
import json
import pathlib
import random
import shutil

import torch
from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast, TokenClassificationPipeline

HERE = pathlib.Path(__file__).resolve().parent
VOCABULARY = HERE.parent / "tiny-checkpoints" / "safetensors" / "vocab.txt"
LABELS = ["O", "B-PER", "I-PER", "[PAD]", "[CLS]", "[SEP]"]
STRATEGIES = ["none", "simple", "first", "average", "max"]


def texts(vocabulary):
    words = [w for w in vocabulary if not w.startswith("[") and not w.startswith("##") and w not in ".,"]
    generator = random.Random(7)
    chosen = ["chili jensen bor i københavn .", "mette jensen og han bor i aarhus ."]
    for _ in range(40):
        chosen.append(" ".join(generator.choice(words) for _ in range(generator.randint(2, 11))))
    return chosen


def main():
    model_dir = HERE / "model"
    shutil.rmtree(model_dir, ignore_errors=True)
    model_dir.mkdir()
    shutil.copy(VOCABULARY, model_dir / "vocab.txt")
    (model_dir / "tokenizer_config.json").write_text(
        json.dumps({"do_lower_case": True, "strip_accents": False, "tokenizer_class": "BertTokenizer"}) + "\n")
    vocabulary = VOCABULARY.read_text(encoding="utf-8").splitlines()
    config = BertConfig(vocab_size=len(vocabulary), hidden_size=8, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=16, max_position_embeddings=16, type_vocab_size=2,
                        id2label=dict(enumerate(LABELS)), label2id={label: i for i, label in enumerate(LABELS)})
    torch.manual_seed(3)
    model = BertForTokenClassification(config).eval()
    with torch.no_grad():
        model.classifier.weight.mul_(40)
    model.save_pretrained(model_dir)
    tokenizer = BertTokenizerFast.from_pretrained(model_dir)
    inputs = texts(vocabulary)
    expected = {"texts": inputs, "outputs": {}}
    for strategy in STRATEGIES:
        pipeline = TokenClassificationPipeline(model=model, tokenizer=tokenizer, aggregation_strategy=strategy)
        outputs = []
        for text in inputs:
            outputs.append([[e.get("entity_group", e.get("entity")), int(e["start"]), int(e["end"]),
                             float(e["score"])] for e in pipeline(text)])
        expected["outputs"][strategy] = outputs
    special = sum(1 for output in expected["outputs"]["first"] for e in output if e[0].startswith("["))
    assert special > 5, f"only {special} special-label entities"
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False) + "\n", encoding="utf-8")
    print("special-label entities (first):", special)


if __name__ == "__main__":
    main()
