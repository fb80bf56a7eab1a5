#!/usr/bin/env python3
"""Writes ddt.test.bio.tsv (token<TAB>tag, a blank line after each sentence) from DaNE's test.json.

    python3 testdata/dane/make-bio.py [../shared/data/dane/test.json]
"""
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
source = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[2] / "shared" / "data" / "dane" / "test.json"
lines = []
for sample in json.loads(source.read_text(encoding="utf-8"))["samples"]:
    lines += [f"{token}\t{tag}" for token, tag in zip(sample["tokens"], sample["tokens_ner"])]
    lines.append("")
(HERE / "ddt.test.bio.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
