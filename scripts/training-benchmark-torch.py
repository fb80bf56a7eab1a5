#!/usr/bin/env python3
"""The torch side of scripts/training-benchmark.sh: fine-tunes a checkpoint with transformers and torch as Trainer
would (model.train(), so dropout is on; AdamW; clipping; linear schedule), on CoNLL sentences in file order, and prints
one JSON line: the tokens (non-padding sub-tokens) and seconds of each step, and the process's peak resident memory.

    python3 scripts/training-benchmark-torch.py CHECKPOINT DATA.conll BATCH STEPS THREADS
"""
import json
import math
import resource
import sys
import time

import torch
from transformers import AutoModelForTokenClassification, AutoTokenizer, get_linear_schedule_with_warmup


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


def main():
    checkpoint, data, batch_size, steps, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), \
        int(sys.argv[5])
    torch.set_num_threads(threads)
    model = AutoModelForTokenClassification.from_pretrained(checkpoint)
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    label2id = model.config.label2id
    examples = []
    for words, labels in sentences(data)[: batch_size * steps]:
        encoded = tokenizer(words, is_split_into_words=True, truncation=True)
        targets, previous = [], None
        for word in encoded.word_ids():
            targets.append(-100 if word is None or word == previous else label2id.get(labels[word], 0))
            previous = word
        examples.append((encoded["input_ids"], targets))
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    schedule = get_linear_schedule_with_warmup(optimizer, 0, steps)
    model.train()
    times, tokens = [], []
    for start in range(0, len(examples), batch_size):
        batch = examples[start:start + batch_size]
        width = max(len(ids) for ids, _ in batch)
        ids = torch.tensor([i + [0] * (width - len(i)) for i, _ in batch])
        mask = torch.tensor([[1] * len(i) + [0] * (width - len(i)) for i, _ in batch])
        labels = torch.tensor([t + [-100] * (width - len(t)) for _, t in batch])
        began = time.perf_counter()
        loss = model(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids), labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        times.append(time.perf_counter() - began)
        tokens.append(int(mask.sum()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"engine": "torch " + torch.__version__, "step_seconds": times, "step_tokens": tokens,
                      "peak_rss_bytes": peak}))


if __name__ == "__main__":
    main()
