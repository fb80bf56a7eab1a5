#!/usr/bin/env python3
"""Writes long-documents-pipeline.json: what the Hugging Face TokenClassificationPipeline returns with stride for
documents longer than the demo model's 512-position window (DaNE test sentences joined with spaces), for the
strategies that allow a stride (simple, first, average, max) and strides 128 and 32.

tokenizers 0.23.1 and later under-fill the pipeline's overflowing windows (huggingface/tokenizers #2091, see
../shared/docs/pitfalls.md): the 1,195-subword document below gets 2 windows and its last 300 subwords are never
seen. tokenizers 0.22.2 windows it right (3 windows), so the reference is made with it; transformers 5.18 pins
tokenizers 0.23, so the script reports 0.23.2 to transformers' version check while 0.22.2 does the work.
Nothing here is run by the tests or CI; the output is committed. With the Python of
../shared/tools/make-hf-python.sh and tokenizers 0.22.2 beside it:

    $DIR/bin/pip install --no-deps --target /tmp/tokenizers-0.22 tokenizers==0.22.2
    TOKENIZERS_0_22=/tmp/tokenizers-0.22 $DIR/bin/python testdata/parity/make-long-documents.py
"""
import importlib.metadata
import json
import os
import pathlib
import sys

sys.path.insert(0, os.environ["TOKENIZERS_0_22"])
_version = importlib.metadata.version
importlib.metadata.version = lambda name: "0.23.2" if name == "tokenizers" else _version(name)

import tokenizers  # noqa: E402
from transformers import AutoModelForTokenClassification, AutoTokenizer, TokenClassificationPipeline  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
MODEL = HERE.parent / "danish-ner-mini-hf"
STRATEGIES = ["simple", "first", "average", "max"]
STRIDES = [128, 32]


def main():
    assert tokenizers.__version__.startswith("0.22."), tokenizers.__version__
    texts = json.loads((HERE / "dane-test-pipeline.json").read_text(encoding="utf-8"))["texts"]
    documents = [" ".join(texts[0:60]), " ".join(texts[60:200]), " ".join(texts[200:215])]
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    model = AutoModelForTokenClassification.from_pretrained(MODEL).eval()
    windows = {}
    outputs = {}
    for stride in STRIDES:
        windows[stride] = [len(tokenizer(d, truncation=True, max_length=512, stride=stride,
                                         return_overflowing_tokens=True)["input_ids"]) for d in documents]
        for strategy in STRATEGIES:
            pipeline = TokenClassificationPipeline(model=model, tokenizer=tokenizer, aggregation_strategy=strategy,
                                                   stride=stride)
            outputs[f"{strategy} {stride}"] = [
                [[e["entity_group"], int(e["start"]), int(e["end"]), float(e["score"])] for e in pipeline(d)]
                for d in documents]
    document = {
        "produced_with": f"transformers TokenClassificationPipeline with stride, tokenizers {tokenizers.__version__}",
        "offsets": "start/end are Python string indices (Unicode code points) into the document",
        "max_length": 512,
        "subwords": [len(tokenizer(d)["input_ids"]) - 2 for d in documents],
        "windows": {str(k): v for k, v in windows.items()},
        "documents": documents,
        "outputs": outputs,
    }
    (HERE / "long-documents-pipeline.json").write_text(json.dumps(document, ensure_ascii=False) + "\n",
                                                       encoding="utf-8")
    print("subwords", document["subwords"], "windows", windows)


if __name__ == "__main__":
    main()
