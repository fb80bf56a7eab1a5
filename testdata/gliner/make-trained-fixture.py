#!/usr/bin/env python3
"""Trains the tiny GLiNER fixture's shape on DaNE with GLiNER's own code, for the int8 test on decisions a trained
model makes (make-gliner-fixtures.py's random model scores spans next to its thresholds, with nearly one-hot
attention, so any error moves its entities).

The model is make-gliner-fixtures.py's shape (its backbone folder: tiny DeBERTa-v3, 2 layers, width 32; GLiNER width
24, max_width 12, max_len 128), initialized as GLiNER initializes a model (encoder weights with DeBERTa's usual
initializer_range 0.02 instead of the random fixture's 0.3), then trained with GLiNER's collator and loss on the DaNE
train sentences (PER, LOC, ORG, MISC as person, location, organization, miscellaneous; each batch's prompt its
types and, with probability one half each, the others, shuffled), AdamW, batch 8, 12 epochs (about 7 minutes on
2 cores; F1 0.44 against DaNE test's gold at threshold 0.5).

testdata/gliner/trained/           model.safetensors + gliner_config.json, as GLiNER's save_pretrained writes them
testdata/gliner/trained-expected.json
                                   for the first 200 DaNE test sentences and the types person, location,
                                   organization: GLiNER's inference at thresholds 0.5 and 0.3 (flat)

Nothing here is run by the tests or CI; the outputs are committed. With the Python of
../shared/tools/make-hf-python.sh and a checkout of urchade/GLiNER (commit c2bb58d, Apache-2.0):

    GLINER_SRC=/path/to/GLiNER $DIR/bin/python testdata/gliner/make-trained-fixture.py
"""
import importlib.util
import json
import os
import pathlib
import random
import sys

import torch

sys.path.insert(0, os.environ["GLINER_SRC"])
from gliner.config import UniEncoderSpanConfig  # noqa: E402
from gliner.model import UniEncoderSpanGLiNER  # noqa: E402
from transformers import DebertaV2TokenizerFast  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
SPEC = importlib.util.spec_from_file_location("fixtures", HERE / "make-gliner-fixtures.py")
FIXTURES = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(FIXTURES)
DANE = HERE.parents[2] / "shared" / "data" / "dane"
BACKBONE = HERE / "backbone"
TYPES = {"PER": "person", "LOC": "location", "ORG": "organization", "MISC": "miscellaneous"}
LABELS = ["person", "location", "organization"]
THRESHOLDS = [0.5, 0.3]
EPOCHS = 12
BATCH = 8
TEST_SENTENCES = 200


def samples(name):
    return json.loads((DANE / f"{name}.json").read_text(encoding="utf-8"))["samples"]


def spans(tags):
    """BIO tags as [first, last, type] word spans, last inclusive (GLiNER's training format)."""
    found, start = [], None
    for i, tag in enumerate(tags + ["O"]):
        if start is not None and not tag.startswith("I-"):
            found.append([start, i - 1, TYPES[tags[start][2:]]])
            start = None
        if tag.startswith("B-") or tag.startswith("I-") and start is None:
            start = i
    return found


def prompt_types(examples, rng):
    """The batch's prompt: the types it has, each other type with probability one half, shuffled."""
    present = {span[2] for example in examples for span in example["ner"]}
    types = [t for t in TYPES.values() if t in present or rng.random() < 0.5] or [rng.choice(list(TYPES.values()))]
    rng.shuffle(types)
    return types


def make_model():
    encoder = json.loads((BACKBONE / "config.json").read_text())
    encoder["initializer_range"] = 0.02
    config = UniEncoderSpanConfig(model_name=str(BACKBONE), hidden_size=24, max_width=12, max_len=128, dropout=0.1,
                                  encoder_config=encoder)
    tokenizer = DebertaV2TokenizerFast.from_pretrained(BACKBONE)
    torch.manual_seed(7)
    model = UniEncoderSpanGLiNER(config, tokenizer=tokenizer)
    UniEncoderSpanGLiNER._resize_token_embeddings(model, model.config, tokenizer)
    return model


def train(model):
    data = [{"tokenized_text": s["tokens"], "ner": spans(s["tokens_ner"])} for s in samples("train")]
    collator = model._create_data_collator()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=0.01)
    steps = EPOCHS * ((len(data) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: max(0.0, 1 - step / steps))
    rng = random.Random(5)
    model.train()
    for epoch in range(EPOCHS):
        rng.shuffle(data)
        total = 0.0
        for first in range(0, len(data), BATCH):
            examples = data[first:first + BATCH]
            types = prompt_types(examples, rng)
            batch = collator(examples, entity_types=[types] * len(examples))
            loss = model.model(**batch).loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += loss.item()
        print(f"epoch {epoch + 1}: mean loss {total / ((len(data) + BATCH - 1) // BATCH):.3f}", flush=True)
    return model.eval()


def main():
    model = train(make_model())
    FIXTURES.save_checkpoint(model, HERE / "trained")
    texts = [s["sentence"] for s in samples("test")[:TEST_SENTENCES]]
    outputs = []
    with torch.no_grad():
        for threshold in THRESHOLDS:
            found = model.inference(texts, LABELS, batch_size=8, threshold=threshold, flat_ner=True)
            outputs.append({"labels": LABELS, "threshold": threshold, "flat_ner": True, "multi_label": False,
                            "entities": [[[e["label"], e["start"], e["end"], float(e["score"])] for e in text]
                                         for text in found]})
    expected = {"texts": texts, "outputs": outputs}
    (HERE / "trained-expected.json").write_text(json.dumps(expected, ensure_ascii=False) + "\n", encoding="utf-8")
    print("entities per threshold", [sum(len(t) for t in o["entities"]) for o in outputs])


if __name__ == "__main__":
    main()
