#!/usr/bin/env python3
"""Writes one tiny BertForTokenClassification state dict (random weights) in every checkpoint format the
converter reads, the logits torch computes for it, and a malicious pickle, for the converter's tests:

* safetensors/        model.safetensors, F32
* safetensors-f16/    the same weights as F16
* safetensors-bf16/   the same weights as BF16
* pytorch-zip/        pytorch_model.bin, torch.save's zip format, with the bert.embeddings.position_ids
                      buffer that checkpoints saved before transformers 4.31 carry
* pytorch-legacy/     pytorch_model.bin, the pre-1.6 format (_use_new_zipfile_serialization=False), with
                      the old LayerNorm names gamma/beta
* evil/               pytorch_model.bin whose pickle calls posix.system (it must be refused, never run)
* empty-state-dict/   pytorch_model.bin holding an empty state dict (it must be refused by name)
* expected-logits.json  torch's logits for fixed inputs, per hidden_act (gelu, gelu_new, relu)

Every weight is rounded to a value that float16 and bfloat16 hold exactly, so all formats convert to the
same float32 weights. Each directory has config.json, vocab.txt and tokenizer_config.json.

    /usr/bin/python3 testdata/tiny-checkpoints/make-tiny-checkpoints.py     (Debian: apt-get install python3-torch)
"""
import json
import math
import os
import pathlib
import shutil
import struct

import torch

HERE = pathlib.Path(__file__).resolve().parent
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", "i", "og", "bor", "chili", "jensen",
         "københavn", "aarhus", "mette", "##sen", "##s", "han", "hun", "er", "en", "et", "der", "til",
         "fra", "på", "med", "at", "det", "som", "a", "b", "c", "d", "e", "##a", "##b", "##c", "##d", "##e"]
LABELS = {"0": "O", "1": "B-PER", "2": "I-PER"}
HIDDEN, LAYERS, HEADS, INTERMEDIATE, POSITIONS, EPS = 8, 2, 2, 16, 16, 1e-12
INPUT_IDS = [[2, 10, 11, 9, 7, 12, 5, 3], [2, 14, 15, 19, 3, 0, 0, 0]]
ATTENTION = [[1] * 8, [1, 1, 1, 1, 1, 0, 0, 0]]
TOKEN_TYPES = [[0] * 8, [0, 0, 0, 1, 1, 0, 0, 0]]


def config(act="gelu"):
    return {"architectures": ["BertForTokenClassification"], "model_type": "bert", "hidden_size": HIDDEN,
            "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": INTERMEDIATE,
            "hidden_act": act, "max_position_embeddings": POSITIONS, "type_vocab_size": 2,
            "vocab_size": len(VOCAB), "layer_norm_eps": EPS, "id2label": LABELS,
            "label2id": {v: int(k) for k, v in LABELS.items()}}


def exact(shape, scale, offset=0.0):
    """Random values around offset that bfloat16 (and so float16) hold exactly, none subnormal in float16."""
    w = (torch.randn(*shape) * scale + offset).to(torch.bfloat16).to(torch.float32)
    return torch.where(w.abs() < 1e-3, torch.zeros_like(w), w)


def state_dict():
    torch.manual_seed(7)
    sd = {}
    e = "bert.embeddings."
    sd[e + "word_embeddings.weight"] = exact((len(VOCAB), HIDDEN), 1.0)
    sd[e + "position_embeddings.weight"] = exact((POSITIONS, HIDDEN), 0.5)
    sd[e + "token_type_embeddings.weight"] = exact((2, HIDDEN), 0.5)
    sd[e + "LayerNorm.weight"] = exact((HIDDEN,), 0.1, 1.0)
    sd[e + "LayerNorm.bias"] = exact((HIDDEN,), 0.1)
    for i in range(LAYERS):
        p = f"bert.encoder.layer.{i}."
        for name, out, inp in [("attention.self.query", HIDDEN, HIDDEN), ("attention.self.key", HIDDEN, HIDDEN),
                               ("attention.self.value", HIDDEN, HIDDEN), ("attention.output.dense", HIDDEN, HIDDEN),
                               ("intermediate.dense", INTERMEDIATE, HIDDEN), ("output.dense", HIDDEN, INTERMEDIATE)]:
            sd[p + name + ".weight"] = exact((out, inp), 0.5)
            sd[p + name + ".bias"] = exact((out,), 0.1)
        for ln in ["attention.output.LayerNorm", "output.LayerNorm"]:
            sd[p + ln + ".weight"] = exact((HIDDEN,), 0.1, 1.0)
            sd[p + ln + ".bias"] = exact((HIDDEN,), 0.1)
    sd["classifier.weight"] = exact((len(LABELS), HIDDEN), 0.5)
    sd["classifier.bias"] = exact((len(LABELS),), 0.1)
    return {k: v.contiguous() for k, v in sd.items()}


def forward(sd, act):
    """transformers' BertForTokenClassification at inference, written out with torch operations."""
    ids, mask, types = torch.tensor(INPUT_IDS), torch.tensor(ATTENTION), torch.tensor(TOKEN_TYPES)
    e = "bert.embeddings."
    x = sd[e + "word_embeddings.weight"][ids] + sd[e + "position_embeddings.weight"][torch.arange(ids.shape[1])][None] \
        + sd[e + "token_type_embeddings.weight"][types]
    x = torch.nn.functional.layer_norm(x, (HIDDEN,), sd[e + "LayerNorm.weight"], sd[e + "LayerNorm.bias"], EPS)
    additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    lin = lambda t, n: t @ sd[n + ".weight"].T + sd[n + ".bias"]
    heads = lambda t: t.view(t.shape[0], t.shape[1], HEADS, HIDDEN // HEADS).permute(0, 2, 1, 3)
    for i in range(LAYERS):
        p = f"bert.encoder.layer.{i}."
        q, k, v = (heads(lin(x, p + "attention.self." + n)) for n in ("query", "key", "value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(HIDDEN // HEADS) + additive
        ctx = (scores.softmax(-1) @ v).permute(0, 2, 1, 3).reshape(x.shape)
        x = torch.nn.functional.layer_norm(lin(ctx, p + "attention.output.dense") + x, (HIDDEN,),
                                           sd[p + "attention.output.LayerNorm.weight"], sd[p + "attention.output.LayerNorm.bias"], EPS)
        h = lin(x, p + "intermediate.dense")
        h = {"gelu": lambda t: torch.nn.functional.gelu(t),
             "gelu_new": lambda t: torch.nn.functional.gelu(t, approximate="tanh"),
             "relu": torch.relu}[act](h)
        x = torch.nn.functional.layer_norm(lin(h, p + "output.dense") + x, (HIDDEN,),
                                           sd[p + "output.LayerNorm.weight"], sd[p + "output.LayerNorm.bias"], EPS)
    return lin(x, "classifier")


def write_safetensors(path, sd, dtype_name):
    torch_dtype = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}[dtype_name]
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(sd):
        bits = torch.int32 if torch_dtype == torch.float32 else torch.int16  # numpy has no bfloat16: write the bits
        raw = sd[name].to(torch_dtype).contiguous().view(bits).numpy().tobytes()
        header[name] = {"dtype": dtype_name, "shape": list(sd[name].shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def directory(name, act="gelu"):
    d = HERE / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir()
    (d / "config.json").write_text(json.dumps(config(act), indent=2) + "\n")
    (d / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    (d / "tokenizer_config.json").write_text(json.dumps({"do_lower_case": True, "strip_accents": False}) + "\n")
    return d


class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/bert-ner-pickle-ran",))


def main():
    sd = state_dict()
    for name, dtype in [("safetensors", "F32"), ("safetensors-f16", "F16"), ("safetensors-bf16", "BF16")]:
        write_safetensors(directory(name) / "model.safetensors", sd, dtype)
    with_buffer = dict(sd)
    with_buffer["bert.embeddings.position_ids"] = torch.arange(POSITIONS)[None]
    torch.save(with_buffer, directory("pytorch-zip") / "pytorch_model.bin")
    old_names = {k.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta"): v
                 for k, v in sd.items()}
    torch.save(old_names, directory("pytorch-legacy") / "pytorch_model.bin", _use_new_zipfile_serialization=False)
    evil = dict(sd)
    evil["bert.embeddings.evil"] = Evil()
    torch.save(evil, directory("evil") / "pytorch_model.bin")
    torch.save({}, directory("empty-state-dict") / "pytorch_model.bin")
    expected = {"input_ids": INPUT_IDS, "attention_mask": ATTENTION, "token_type_ids": TOKEN_TYPES,
                "logits": {act: forward(sd, act).tolist() for act in ("gelu", "gelu_new", "relu")}}
    (HERE / "expected-logits.json").write_text(json.dumps(expected) + "\n")


if __name__ == "__main__":
    with torch.no_grad():
        main()
