#!/usr/bin/env python3
"""Writes full-size token classifiers with random weights, for benchmarks and the large-model checks, with
transformers 5.18 itself (never commit them: hundreds of MB to GB each).

For each architecture named, OUTPUT_DIR/NAME-checkpoint holds the model as save_pretrained writes it
(model.safetensors, config.json) with the tiny tokenizer of testdata/architectures/NAME (a full vocabulary does not
change the speed of the graph, only the size of its embedding table, which is full size here), and, unless
--checkpoint-only, OUTPUT_DIR/NAME-export holds torch.onnx.export of the same weights (the legacy exporter, as the
fixtures use it) with ONNX Runtime's own int8 of it as model_quantized.onnx, so that

    java -jar target/bert-ner-cli.jar bench --model OUTPUT_DIR/NAME-export --checkpoint OUTPUT_DIR/NAME-checkpoint

measures the graph converted in Java against the export of the same weights, and Java's int8 against ONNX Runtime's.

Shapes: xlm-roberta-base (278 M parameters, 192 M of them embeddings), xlm-roberta-large (560 M, 2.24 GB in fp32),
deberta-v3-base (184 M), and roberta-base, distilbert-base, electra-base, modernbert-base, bert-base.

    DIR=/tmp/hf; ../shared/tools/make-hf-python.sh $DIR
    $DIR/bin/python scripts/make-base-models.py [--checkpoint-only] [--output bench-models] NAME...
"""
import argparse
import pathlib
import shutil
import tempfile

import onnxruntime.quantization
import torch
from transformers import AutoConfig, AutoModelForTokenClassification, AutoTokenizer

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "testdata" / "architectures"
LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
BASE = dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072)
SHAPES = {
    "xlm-roberta-base": ("xlm-roberta", dict(BASE, vocab_size=250002, max_position_embeddings=514, type_vocab_size=1,
                                             layer_norm_eps=1e-5)),
    "xlm-roberta-large": ("xlm-roberta", dict(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                                              intermediate_size=4096, vocab_size=250002, max_position_embeddings=514,
                                              type_vocab_size=1, layer_norm_eps=1e-5)),
    "deberta-v3-base": ("deberta-v2", dict(BASE, vocab_size=128100, max_position_embeddings=512, type_vocab_size=0,
                                           relative_attention=True, position_buckets=256, max_relative_positions=-1,
                                           norm_rel_ebd="layer_norm", share_att_key=True, pos_att_type=["p2c", "c2p"],
                                           position_biased_input=False, layer_norm_eps=1e-7)),
    "roberta-base": ("roberta", dict(BASE, vocab_size=50265, max_position_embeddings=514, type_vocab_size=1,
                                     layer_norm_eps=1e-5)),
    "distilbert-base": ("distilbert", dict(dim=768, n_layers=6, n_heads=12, hidden_dim=3072, vocab_size=119547)),
    "electra-base": ("electra", dict(BASE, embedding_size=768, vocab_size=32000)),
    "modernbert-base": ("modernbert", dict(hidden_size=768, num_hidden_layers=22, num_attention_heads=12,
                                           intermediate_size=1152, vocab_size=50368, local_attention=128)),
    "bert-base": ("bert", dict(BASE, vocab_size=32000)),
}


def make(name, output, checkpoint_only):
    model_type, shape = SHAPES[name]
    tokenizer = AutoTokenizer.from_pretrained(FIXTURES / model_type)
    config = AutoConfig.for_model(model_type, **shape)
    config.id2label = dict(enumerate(LABELS))
    config.label2id = {label: i for i, label in enumerate(LABELS)}
    config.pad_token_id = tokenizer.pad_token_id
    torch.manual_seed(1)
    model = AutoModelForTokenClassification.from_config(config, attn_implementation="eager").eval()
    checkpoint = output / f"{name}-checkpoint"
    shutil.rmtree(checkpoint, ignore_errors=True)
    model.save_pretrained(checkpoint, max_shard_size="100GB")
    tokenizer.save_pretrained(checkpoint)
    print(name, sum(p.numel() for p in model.parameters()), "parameters:", checkpoint)
    if checkpoint_only:
        return
    export = output / f"{name}-export"
    shutil.rmtree(export, ignore_errors=True)
    export.mkdir(parents=True)
    for file in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(checkpoint / file, export / file)
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if model_type in ("bert", "electra") else [])
    sample = tokenizer(["Chili Jensen bor i København.", "Mette Frederiksen"], return_tensors="pt", padding=True)
    axes = {n: {0: "batch_size", 1: "sequence_length"} for n in names + ["logits"]}
    with torch.no_grad():
        torch.onnx.export(model, tuple(sample[n] for n in names), str(export / "model.onnx"), input_names=names,
                          output_names=["logits"], dynamic_axes=axes, opset_version=17, dynamo=False)
    with tempfile.TemporaryDirectory() as tmp:
        onnxruntime.quantization.quantize_dynamic(
            str(export / "model.onnx"), str(pathlib.Path(tmp) / "model_quantized.onnx"),
            weight_type=onnxruntime.quantization.QuantType.QInt8)
        shutil.copy(pathlib.Path(tmp) / "model_quantized.onnx", export / "model_quantized.onnx")
    print(name, "export:", export)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="+", choices=sorted(SHAPES))
    parser.add_argument("--output", type=pathlib.Path, default=ROOT / "bench-models")
    parser.add_argument("--checkpoint-only", action="store_true")
    args = parser.parse_args()
    for name in args.names:
        make(name, args.output, args.checkpoint_only)


if __name__ == "__main__":
    main()
