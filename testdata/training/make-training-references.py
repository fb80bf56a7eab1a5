#!/usr/bin/env python3
"""Makes the golden output of the training tests with torch and transformers themselves: a torch loop with the
semantics of transformers' Trainer (docs/training.md, ../shared/docs/training.md), run on the tiny random checkpoints
of testdata/architectures/. Nothing here is run by the tests or CI; the outputs are committed.

testdata/training/dane-train-80.conll   the first 80 sentences of DaNE train (token<TAB>label), the training data
testdata/training/NAME.json             for each architecture, and bert-ACTIVATION for BERT with another hidden_act
                                        (relu, gelu_new, silu, quick_gelu): the settings, every step's loss, grad_norm (before
                                        clipping) and learning rate, and after training the logits of the trained
                                        model (eval mode) on a padded batch of the first 20 DaNE test sentences, with
                                        the input ids and attention mask they were computed for

The loop: the words go through the tokenizer with is_split_into_words=True (RoBERTa's with add_prefix_space), the
label on each word's first sub-token and -100 elsewhere; batches of 8 sentences in file order, padded to the longest
(pad id, attention mask 0, label -100); model.eval() (no dropout: gradients flow as in training); the loss is the mean
cross-entropy over the labelled tokens; torch.nn.utils.clip_grad_norm_; torch.optim.AdamW with Trainer's two
parameter groups (no decay for biases and LayerNorm weights, get_decay_parameter_names); get_linear_schedule_with_warmup
with ceil(total * warmup_ratio) warm-up steps; 3 epochs. Learning rate 1e-3 (tiny random models need it to move),
weight decay 0.01, warm-up ratio 0.1, max grad norm 1.0.

    DIR=/tmp/hf; ../shared/tools/make-hf-python.sh $DIR
    $DIR/bin/python testdata/training/make-training-references.py [--dane ../shared/data/dane]
"""
import argparse
import json
import math
import pathlib
import tempfile
import warnings

import torch
import transformers
from transformers import AutoModelForTokenClassification, AutoTokenizer, get_linear_schedule_with_warmup
from transformers.trainer_pt_utils import get_parameter_names

warnings.filterwarnings("ignore")
transformers.logging.set_verbosity_error()

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ARCHITECTURES = ["bert", "distilbert", "electra", "roberta", "xlm-roberta", "camembert"]
# The BERT checkpoint with each other activation the converter spells out (config.json's hidden_act changed; the
# weights are the same): their gradients are checked too.
ACTIVATIONS = ["relu", "gelu_new", "silu", "quick_gelu"]
SETTINGS = dict(learning_rate=1e-3, weight_decay=0.01, warmup_ratio=0.1, max_grad_norm=1.0, epochs=3, batch_size=8)
TRAIN_SENTENCES = 80
TEST_SENTENCES = 20


def read_dane(path, count):
    samples = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))["samples"][:count]
    return [(s["tokens"], s["tokens_ner"]) for s in samples]


def write_conll(path, sentences):
    with open(path, "w", encoding="utf-8") as out:
        for words, labels in sentences:
            for word, label in zip(words, labels):
                out.write(f"{word}\t{label}\n")
            out.write("\n")


def word_tokenizer(directory):
    tokenizer = AutoTokenizer.from_pretrained(directory)
    if isinstance(tokenizer, (transformers.RobertaTokenizer,)):
        with tempfile.TemporaryDirectory() as tmp:
            tokenizer.save_pretrained(tmp)
            return AutoTokenizer.from_pretrained(tmp, add_prefix_space=True)
    return tokenizer


def encode(tokenizer, sentences, label2id):
    examples = []
    for words, labels in sentences:
        encoded = tokenizer(words, is_split_into_words=True, truncation=True)
        ids = encoded["input_ids"]
        targets, previous = [], None
        for word in encoded.word_ids():
            targets.append(-100 if word is None or word == previous else label2id[labels[word]])
            previous = word
        examples.append((ids, targets))
    return examples


def pad(batch, pad_id):
    width = max(len(ids) for ids, _ in batch)
    ids = torch.tensor([i + [pad_id] * (width - len(i)) for i, _ in batch])
    mask = torch.tensor([[1] * len(i) + [0] * (width - len(i)) for i, _ in batch])
    labels = torch.tensor([t + [-100] * (width - len(t)) for _, t in batch])
    return ids, mask, labels


def decay_groups(model, weight_decay):
    """Trainer's grouping (get_decay_parameter_names): no decay in LayerNorm modules, nor for names with bias/norm."""
    decay = get_parameter_names(model, [torch.nn.LayerNorm], ["bias", "layernorm", "rmsnorm", r"(?:^|\.)norm(?:$|\.)",
                                                              "_norm(?:$|\\.)"])
    return [
        {"params": [p for n, p in model.named_parameters() if n in decay and p.requires_grad],
         "weight_decay": weight_decay},
        {"params": [p for n, p in model.named_parameters() if n not in decay and p.requires_grad],
         "weight_decay": 0.0},
    ]


def train(name, train_sentences, test_sentences, activation=None):
    directory = ROOT / "testdata" / "architectures" / name
    torch.manual_seed(0)
    overrides = {} if activation is None else {"hidden_act": activation}
    model = AutoModelForTokenClassification.from_pretrained(directory, **overrides)
    model.eval()
    tokenizer = word_tokenizer(directory)
    pad_id = model.config.pad_token_id if model.config.pad_token_id is not None else 0
    examples = encode(tokenizer, train_sentences, model.config.label2id)
    batch_size = SETTINGS["batch_size"]
    per_epoch = math.ceil(len(examples) / batch_size)
    total = per_epoch * SETTINGS["epochs"]
    optimizer = torch.optim.AdamW(decay_groups(model, SETTINGS["weight_decay"]), lr=SETTINGS["learning_rate"],
                                  betas=(0.9, 0.999), eps=1e-8)
    schedule = get_linear_schedule_with_warmup(optimizer, math.ceil(total * SETTINGS["warmup_ratio"]), total)
    uses_types = model.config.model_type in ("bert", "electra")
    steps = []
    for epoch in range(SETTINGS["epochs"]):
        for start in range(0, len(examples), batch_size):
            ids, mask, labels = pad(examples[start:start + batch_size], pad_id)
            inputs = dict(input_ids=ids, attention_mask=mask, labels=labels)
            if uses_types:
                inputs["token_type_ids"] = torch.zeros_like(ids)
            rate = schedule.get_last_lr()[0]
            loss = model(**inputs).loss
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), SETTINGS["max_grad_norm"])
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            steps.append({"step": len(steps) + 1, "loss": loss.item(), "grad_norm": norm.item(),
                          "learning_rate": rate})
    test = [tokenizer(words, is_split_into_words=True)["input_ids"] for words, _ in test_sentences]
    ids, mask, _ = pad([(t, [0] * len(t)) for t in test], pad_id)
    inputs = dict(input_ids=ids, attention_mask=mask)
    if uses_types:
        inputs["token_type_ids"] = torch.zeros_like(ids)
    with torch.no_grad():
        logits = model(**inputs).logits
    return {"architecture": name, "hidden_act": activation, "settings": SETTINGS, "train_sentences": TRAIN_SENTENCES, "steps": steps,
            "input_ids": ids.tolist(), "attention_mask": mask.tolist(),
            "logits": [[[float(x) for x in row] for row in sequence] for sequence in logits.tolist()]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dane", default=str(ROOT.parent / "shared" / "data" / "dane"))
    args = parser.parse_args()
    train_sentences = read_dane(pathlib.Path(args.dane) / "train.json", TRAIN_SENTENCES)
    test_sentences = read_dane(pathlib.Path(args.dane) / "test.json", TEST_SENTENCES)
    write_conll(HERE / f"dane-train-{TRAIN_SENTENCES}.conll", train_sentences)
    runs = [(name, name, None) for name in ARCHITECTURES] + [(f"bert-{act}", "bert", act) for act in ACTIVATIONS]
    for name, architecture, activation in runs:
        result = train(architecture, train_sentences, test_sentences, activation)
        (HERE / f"{name}.json").write_text(json.dumps(result) + "\n", encoding="utf-8")
        print(name, "loss", result["steps"][0]["loss"], "->", result["steps"][-1]["loss"],
              "grad_norm", result["steps"][0]["grad_norm"])


if __name__ == "__main__":
    main()
