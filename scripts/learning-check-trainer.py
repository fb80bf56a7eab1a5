#!/usr/bin/env python3
"""The torch side of the learning check (docs/training.md): fine-tunes a checkpoint on CoNLL data with transformers'
Trainer itself and its defaults (batch 8, learning rate 5e-5, 3 epochs, AdamW, linear schedule, shuffled), a new
classifier for the data's labels (sorted, as run_ner.py does), and saves the model so that `bert-ner evaluate` scores
it exactly as it scores bert-ner's own.

    python3 scripts/learning-check-trainer.py CHECKPOINT TRAIN.conll OUTPUT_DIR SEED
"""
import sys

import torch
from transformers import (AutoModelForTokenClassification, AutoTokenizer, DataCollatorForTokenClassification, Trainer,
                          TrainingArguments)


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
    checkpoint, train_file, output, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    torch.set_num_threads(2)
    data = sentences(train_file)
    labels = sorted({label for _, tags in data for label in tags})
    label2id = {label: i for i, label in enumerate(labels)}
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    model = AutoModelForTokenClassification.from_pretrained(
        checkpoint, num_labels=len(labels), id2label=dict(enumerate(labels)), label2id=label2id,
        ignore_mismatched_sizes=True)
    examples = []
    for words, tags in data:
        encoded = tokenizer(words, is_split_into_words=True, truncation=True)
        targets, previous = [], None
        for word in encoded.word_ids():
            targets.append(-100 if word is None or word == previous else label2id[tags[word]])
            previous = word
        examples.append({"input_ids": encoded["input_ids"], "attention_mask": encoded["attention_mask"],
                         "token_type_ids": encoded.get("token_type_ids", [0] * len(targets)), "labels": targets})
    arguments = TrainingArguments(output_dir=output + ".trainer", seed=seed, report_to=[], save_strategy="no",
                                  logging_steps=100, use_cpu=True)
    Trainer(model=model, args=arguments, train_dataset=examples,
            data_collator=DataCollatorForTokenClassification(tokenizer)).train()
    model.save_pretrained(output)
    tokenizer.save_pretrained(output)


if __name__ == "__main__":
    main()
