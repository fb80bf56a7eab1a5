#!/usr/bin/env python3
"""The torch side of bert-ner's training measurements, with transformers and torch from the wheels
(../shared/tools/make-hf-python.sh). Two modes:

  bench CHECKPOINT DATA.conll BATCH STEPS THREADS
      scripts/training-benchmark.sh's torch row: fine-tunes as Trainer would (model.train(), so dropout is on; AdamW;
      clipping; linear schedule) on the first BATCH*STEPS sentences in file order, and prints one JSON line: the
      tokens (non-padding sub-tokens) and seconds of each step, and the process's peak resident memory.

  trainer CHECKPOINT TRAIN.conll OUTPUT_DIR SEED
      the learning check (docs/training.md): fine-tunes with transformers' Trainer itself and its defaults (batch 8,
      learning rate 5e-5, 3 epochs, AdamW, linear schedule, shuffled), a new classifier for the data's labels (sorted,
      as run_ner.py does), and saves the model, so that `bert-ner evaluate` scores it as it scores bert-ner's own.
"""
import json
import resource
import sys
import time

import torch
from transformers import (AutoModelForTokenClassification, AutoTokenizer, DataCollatorForTokenClassification, Trainer,
                          TrainingArguments, get_linear_schedule_with_warmup)


def sentences(path):
    words, labels, result = [], [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if words:
                result.append((words, labels))
            words, labels = [], []
            continue
        columns = line.split("\t")
        words.append(columns[0])
        labels.append(columns[-1])
    if words:
        result.append((words, labels))
    return result


def encode(tokenizer, data, label2id):
    """Each word's label on its first sub-token, -100 elsewhere (run_ner.py, label_all_tokens=False)."""
    examples = []
    for words, tags in data:
        encoded = tokenizer(words, is_split_into_words=True, truncation=True)
        targets, previous = [], None
        for word in encoded.word_ids():
            targets.append(-100 if word is None or word == previous else label2id.get(tags[word], 0))
            previous = word
        examples.append({"input_ids": encoded["input_ids"], "attention_mask": encoded["attention_mask"],
                         "token_type_ids": encoded.get("token_type_ids", [0] * len(targets)), "labels": targets})
    return examples


def bench(checkpoint, data, batch_size, steps, threads):
    torch.set_num_threads(threads)
    model = AutoModelForTokenClassification.from_pretrained(checkpoint)
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    examples = encode(tokenizer, sentences(data)[: batch_size * steps], model.config.label2id)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    schedule = get_linear_schedule_with_warmup(optimizer, 0, steps)
    collate = DataCollatorForTokenClassification(tokenizer)
    model.train()
    times, tokens = [], []
    for start in range(0, len(examples), batch_size):
        batch = collate(examples[start:start + batch_size])
        began = time.perf_counter()
        loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        times.append(time.perf_counter() - began)
        tokens.append(int(batch["attention_mask"].sum()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"engine": "torch " + torch.__version__, "step_seconds": times, "step_tokens": tokens,
                      "peak_rss_bytes": peak}))


def trainer(checkpoint, train_file, output, seed):
    torch.set_num_threads(2)
    data = sentences(train_file)
    labels = sorted({label for _, tags in data for label in tags})
    label2id = {label: i for i, label in enumerate(labels)}
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    model = AutoModelForTokenClassification.from_pretrained(
        checkpoint, num_labels=len(labels), id2label=dict(enumerate(labels)), label2id=label2id,
        ignore_mismatched_sizes=True)
    arguments = TrainingArguments(output_dir=output + ".trainer", seed=seed, report_to=[], save_strategy="no",
                                  logging_steps=100, use_cpu=True)
    Trainer(model=model, args=arguments, train_dataset=encode(tokenizer, data, label2id),
            data_collator=DataCollatorForTokenClassification(tokenizer)).train()
    model.save_pretrained(output)
    tokenizer.save_pretrained(output)


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "bench":
        bench(args[0], args[1], int(args[2]), int(args[3]), int(args[4]))
    elif mode == "trainer":
        trainer(args[0], args[1], args[2], int(args[3]))
    else:
        sys.exit("usage: training-torch.py bench|trainer ...")


if __name__ == "__main__":
    main()
