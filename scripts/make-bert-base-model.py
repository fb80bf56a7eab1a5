#!/usr/bin/env python3
"""Writes a BERT-base-shaped token-classification model with random weights, for benchmarks.

Its shape is that of Maltehb/danish-bert-botxo-ner-dane (12 layers, hidden size 768, 12 heads,
intermediate size 3072, vocabulary 32,000, 512 positions, the 10 DaNE labels), so its speed is that
of the real model; its predictions are meaningless. The graph follows Hugging Face's
BertForTokenClassification and is exported with the same input and output names and dynamic axes as
`optimum-cli export onnx --task token-classification`.

It also writes the same weights as a Hugging Face checkpoint, OUTPUT_DIR-checkpoint (config.json,
model.safetensors with transformers' BertForTokenClassification names, vocab.txt and
tokenizer_config.json), so that the benchmark can convert and quantize it in Java and compare the
converted graph with this export of the same weights.

Needs torch (Debian: apt-get install python3-torch). About 440 MB each; never commit them.

    python3 scripts/make-bert-base-model.py [OUTPUT_DIR]    # default: bench-models/bert-base-random
"""
import inspect
import json
import math
import pathlib
import shutil
import struct
import sys

import torch
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parent.parent
MINI = ROOT / "testdata" / "danish-ner-mini"
VOCABULARY = ROOT / "testdata" / "danish-bert-vocab"
SHAPE = dict(vocab_size=32000, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
             intermediate_size=3072, max_position_embeddings=512, type_vocab_size=2)


class Layer(nn.Module):
    def __init__(self, hidden, heads, intermediate):
        super().__init__()
        self.heads, self.head_size = heads, hidden // heads
        self.query, self.key, self.value = (nn.Linear(hidden, hidden) for _ in range(3))
        self.attention_output = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.intermediate = nn.Linear(hidden, intermediate)
        self.output = nn.Linear(intermediate, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=1e-12)

    def split(self, x):
        batch, length, _ = x.shape
        return x.view(batch, length, self.heads, self.head_size).transpose(1, 2)

    def forward(self, x, mask):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size) + mask
        context = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2)
        context = context.reshape(x.shape)
        x = self.attention_norm(x + self.attention_output(context))
        return self.output_norm(x + self.output(nn.functional.gelu(self.intermediate(x))))


class BertForTokenClassification(nn.Module):
    def __init__(self, labels, vocab_size, hidden_size, num_hidden_layers, num_attention_heads,
                 intermediate_size, max_position_embeddings, type_vocab_size):
        super().__init__()
        self.words = nn.Embedding(vocab_size, hidden_size)
        self.positions = nn.Embedding(max_position_embeddings, hidden_size)
        self.types = nn.Embedding(type_vocab_size, hidden_size)
        self.norm = nn.LayerNorm(hidden_size, eps=1e-12)
        self.layers = nn.ModuleList(Layer(hidden_size, num_attention_heads, intermediate_size)
                                    for _ in range(num_hidden_layers))
        self.classifier = nn.Linear(hidden_size, labels)
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, std=0.02)

    def forward(self, input_ids, attention_mask, token_type_ids):
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        x = self.norm(self.words(input_ids) + self.positions(positions) + self.types(token_type_ids))
        mask = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, mask)
        return self.classifier(x)


def transformers_names(state):
    """This module's state dict under the names transformers gives BertForTokenClassification's."""
    renamed = {}
    for name, tensor in state.items():
        parts = name.split(".")
        if parts[0] == "layers":
            prefix = f"bert.encoder.layer.{parts[1]}."
            part = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
                    "attention_output": "attention.output.dense", "attention_norm": "attention.output.LayerNorm",
                    "intermediate": "intermediate.dense", "output": "output.dense",
                    "output_norm": "output.LayerNorm"}[parts[2]]
            renamed[prefix + part + "." + parts[3]] = tensor
        elif parts[0] == "classifier":
            renamed[name] = tensor
        else:
            part = {"words": "word_embeddings", "positions": "position_embeddings", "types": "token_type_embeddings",
                    "norm": "LayerNorm"}[parts[0]]
            renamed["bert.embeddings." + part + "." + parts[1]] = tensor
    return renamed


def write_safetensors(path, state):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(state):
        raw = state[name].contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(state[name].shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for blob in blobs:
            f.write(blob)


def write_checkpoint(model, config, out):
    out.mkdir(parents=True, exist_ok=True)
    write_safetensors(out / "model.safetensors", transformers_names(model.state_dict()))
    checkpoint_config = dict(config, architectures=["BertForTokenClassification"], model_type="bert", hidden_act="gelu",
                             layer_norm_eps=1e-12)
    (out / "config.json").write_text(json.dumps(checkpoint_config, indent=2) + "\n", encoding="utf-8")
    for name in ("vocab.txt", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(VOCABULARY / name, out / name)


# torch 2.9 and later export with dynamo unless told otherwise; the benchmark's graph is the TorchScript export's.
TORCHSCRIPT_EXPORTER = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench-models" / "bert-base-random"
    out.mkdir(parents=True, exist_ok=True)
    config = json.loads((MINI / "config.json").read_text(encoding="utf-8"))
    config.update(SHAPE)
    torch.manual_seed(0)
    model = BertForTokenClassification(len(config["id2label"]), **SHAPE).eval()
    ids = torch.randint(5, 31000, (2, 16))
    axes = {0: "batch_size", 1: "sequence_length"}
    with torch.no_grad():
        torch.onnx.export(model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(out / "model.onnx"),
                          input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                        "logits": axes},
                          opset_version=14, do_constant_folding=True, **TORCHSCRIPT_EXPORTER)
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(MINI / name, out / name)
    checkpoint = out.parent / (out.name + "-checkpoint")
    write_checkpoint(model, config, checkpoint)
    print(f"wrote {out} and {checkpoint}")


if __name__ == "__main__":
    main()
