#!/usr/bin/env python3
"""Writes two tiny token-classification models (random weights) for the tagger's input-handling tests:

* no-token-types/: inputs input_ids and attention_mask only (as DistilBERT and RoBERTa exports have);
* int32-inputs/:   int32 input_ids, attention_mask and token_type_ids.

Each has 3 labels (O, B-PER, I-PER), a 40-entry WordPiece vocabulary and a window of 16 positions, so
long-input windowing shows on short texts. Their predictions are meaningless; the tests check that
they load and run, not what they find.

    /usr/bin/python3 testdata/tiny-models/make-tiny-models.py     (Debian: apt-get install python3-torch)
"""
import json
import pathlib

import torch
from torch import nn

HERE = pathlib.Path(__file__).resolve().parent
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", "i", "og", "bor", "chili", "jensen",
         "københavn", "aarhus", "mette", "##sen", "##s", "han", "hun", "er", "en", "et", "der", "til",
         "fra", "på", "med", "at", "det", "som", "a", "b", "c", "d", "e", "##a", "##b", "##c", "##d", "##e"]
LABELS = {"0": "O", "1": "B-PER", "2": "I-PER"}
MAX_POSITIONS = 16


class Tiny(nn.Module):
    def __init__(self, token_types):
        super().__init__()
        self.token_types = token_types
        self.words = nn.Embedding(len(VOCAB), 8)
        self.positions = nn.Embedding(MAX_POSITIONS, 8)
        self.types = nn.Embedding(2, 8)
        self.classifier = nn.Linear(8, len(LABELS))

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        x = self.words(input_ids.long()) + self.positions(positions)
        if token_type_ids is not None:
            x = x + self.types(token_type_ids.long())
        x = x * attention_mask.unsqueeze(-1).to(torch.float32)
        return self.classifier(torch.tanh(x))


def tokenizer():
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for i, t in enumerate(VOCAB[:5])],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": False, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(VOCAB)}},
    }


def write(name, token_types, dtype):
    out = HERE / name
    out.mkdir(exist_ok=True)
    torch.manual_seed(0)
    model = Tiny(token_types).eval()
    ids = torch.tensor([[2, 10, 11, 3]], dtype=dtype)
    inputs = (ids, torch.ones_like(ids)) + ((torch.zeros_like(ids),) if token_types else ())
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if token_types else [])
    axes = {0: "batch_size", 1: "sequence_length"}
    torch.onnx.export(model, inputs, str(out / "model.onnx"), input_names=names, output_names=["logits"],
                      dynamic_axes={n: axes for n in names + ["logits"]}, opset_version=14)
    config = {"model_type": "bert", "id2label": LABELS, "label2id": {v: int(k) for k, v in LABELS.items()},
              "max_position_embeddings": MAX_POSITIONS}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    (out / "tokenizer.json").write_text(json.dumps(tokenizer(), ensure_ascii=False) + "\n", encoding="utf-8")


write("no-token-types", False, torch.int64)
write("int32-inputs", True, torch.int32)
