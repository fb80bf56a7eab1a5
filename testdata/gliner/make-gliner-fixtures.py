#!/usr/bin/env python3
"""Makes tiny random GLiNER span models (uni-encoder, span_mode markerV0, the v2.1 family's kind) with GLiNER's own
code, in the layouts the Hub has, and records what GLiNER itself returns for them: the references of bert-ner's
zero-shot tests.

The backbone is a tiny DeBERTa-v3 (2 layers, width 32) with the DeBERTa-v2 tokenizer trained on DaNE of
../architectures/deberta-v2/original; GLiNER appends [FLERT], <<ENT>> and <<SEP>> to it, as it does to
microsoft/deberta-v3-*. The GLiNER width is 24, so the encoder's projection is in the graph.

testdata/gliner/backbone/      the backbone as a Hub repository holds it: config.json, spm.model, tokenizer files
testdata/gliner/original/      model.safetensors + gliner_config.json as GLiNER's save_pretrained writes it today
                               (class_token_index, vocab_size and encoder_config set), without tokenizer files
testdata/gliner/original-old/  pytorch_model.bin + a gliner_config.json without class_token_index, vocab_size and
                               encoder_config, model_name "test/tiny-deberta-v3": the urchade v2.1 layout, whose
                               tokenizer and encoder config come from the backbone repository
testdata/gliner/onnx/          GLiNER's export_to_onnx: onnx/model.onnx, gliner_config.json and the tokenizer files
                               (the onnx-community layout)
testdata/gliner/expected.json  for texts (DaNE test sentences, an English paragraph, edge cases), label sets,
                               thresholds and decoding modes (flat, nested, multi-label): GLiNER's inference output;
                               for host tokens, its spans as word indices; for a text longer than max_len, its entities
                               (it reads only the first max_len words)

Nothing here is run by the tests or CI; the outputs are committed. GLiNER pins transformers < 5.7, but its span
model runs with 5.18 when UniEncoderSpanGLiNER is built directly, as here. With the Python of
../shared/tools/make-hf-python.sh and a checkout of urchade/GLiNER (commit c2bb58d, Apache-2.0):

    GLINER_SRC=/path/to/GLiNER $DIR/bin/python testdata/gliner/make-gliner-fixtures.py
"""
import json
import os
import pathlib
import shutil
import sys

import torch

sys.path.insert(0, os.environ["GLINER_SRC"])
from gliner.config import UniEncoderSpanConfig  # noqa: E402
from gliner.decoding.decoder import Span  # noqa: E402
from gliner.decoding.utils import has_overlapping  # noqa: E402
from gliner.model import UniEncoderSpanGLiNER  # noqa: E402
from transformers import DebertaV2Config, DebertaV2TokenizerFast  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
TESTDATA = HERE.parent
SPM = TESTDATA / "architectures" / "deberta-v2" / "original"
BACKBONE_NAME = "test/tiny-deberta-v3"
# Fewer words a window than the v2.1 models' 384, so that the long text spans many windows.
MAX_LEN = 128
LOGIT_SCALE = 48.0
LOGIT_SHIFT = -5.0
LABEL_SETS = [
    ["person", "location", "organization"],
    ["organization", "person", "date", "location", "miscellaneous"],
    ["person"],
    ["person", "person", "city name", "location"],
]
SETTINGS = [
    {"threshold": 0.5, "flat_ner": True, "multi_label": False},
    {"threshold": 0.3, "flat_ner": True, "multi_label": False},
    {"threshold": 0.7, "flat_ner": True, "multi_label": False},
    {"threshold": 0.4, "flat_ner": False, "multi_label": False},
    {"threshold": 0.4, "flat_ner": True, "multi_label": True},
    {"threshold": 0.4, "flat_ner": False, "multi_label": True},
]
EXTRA_TEXTS = [
    "Chili Jensen bor i København og arbejder for Novo Nordisk.",
    "Apple Inc. was founded by Steve Jobs in Cupertino, California on April 1, 1976.",
    "Mette-Frederiksen_test og co-founder e-mail: a@b.dk (2024) – ½ kop.",
    "😀 Chili Jensen 👍🏽 bor i Århus, 🇩🇰 Danmark.",
    "   ",
    "",
    "Søren Kierkega\u0301rd og A\u030angstrøm mødtes i Århus.",
]


def dane_test():
    samples = json.loads((TESTDATA.parents[1] / "shared" / "data" / "dane" / "test.json").read_text(encoding="utf-8"))
    return samples["samples"]


def write_backbone(directory):
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("spm.model", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(SPM / name, directory / name)
    tokenizer = DebertaV2TokenizerFast.from_pretrained(directory)
    config = DebertaV2Config(
        vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
        max_position_embeddings=512, relative_attention=True, position_buckets=64, norm_rel_ebd="layer_norm",
        share_att_key=True, pos_att_type=["p2c", "c2p"], layer_norm_eps=1e-7, max_relative_positions=-1,
        position_biased_input=False, type_vocab_size=0, pad_token_id=tokenizer.pad_token_id,
        # Wide enough initial weights that each <<ENT>> attends to its own label: the labels' scores differ.
        initializer_range=0.3)
    config.save_pretrained(directory)


def make_model(backbone):
    config = UniEncoderSpanConfig(model_name=str(backbone), hidden_size=24, max_width=12, max_len=MAX_LEN, dropout=0.1)
    tokenizer = DebertaV2TokenizerFast.from_pretrained(backbone)
    torch.manual_seed(11)
    model = UniEncoderSpanGLiNER(config, tokenizer=tokenizer)
    UniEncoderSpanGLiNER._resize_token_embeddings(model, model.config, tokenizer)
    with torch.no_grad():
        # Logits of about -2 ± 1.2, so that a few spans per sentence pass the thresholds: the labels' side is
        # scaled, and one dimension of both sides is made constant, which adds a constant to every logit.
        span_out = model.model.span_rep_layer.span_rep_layer.out_project[3]
        prompt_out = model.model.prompt_rep_layer[3]
        span_out.weight[0].zero_()
        span_out.bias[0] = 1.0
        prompt_out.weight.mul_(LOGIT_SCALE)
        prompt_out.bias.mul_(LOGIT_SCALE)
        prompt_out.weight[0].zero_()
        prompt_out.bias[0] = LOGIT_SHIFT
    return model.eval()


def reference(model, texts, words):
    result = {"texts": texts, "outputs": []}
    for labels in LABEL_SETS:
        for settings in SETTINGS:
            entities = model.inference(texts, labels, batch_size=8, **settings)
            result["outputs"].append({
                "labels": labels, **settings,
                "entities": [[[e["label"], e["start"], e["end"], float(e["score"])] for e in text] for text in entities],
            })
    result["host_tokens"] = host_token_reference(model, words)
    return result


def host_token_reference(model, sentences):
    """Sentences whose every token is one GLiNER word: its spans over the tokens (end exclusive)."""
    splitter = model.data_processor.words_splitter
    kept = [s for s in sentences if all([w for w, _, _ in splitter(t)] == [t] for t in s)][:40]
    texts = [" ".join(s) for s in kept]
    outputs = []
    for labels, settings in [(LABEL_SETS[0], SETTINGS[0]), (LABEL_SETS[1], SETTINGS[3])]:
        found = model.inference(texts, labels, batch_size=8, **settings)
        spans = []
        for sentence, text, entities in zip(kept, texts, found):
            starts, position = [], 0
            for token in sentence:
                starts.append(position)
                position += len(token) + 1
            spans.append([[e["label"], starts.index(e["start"]),
                           max(i for i, s in enumerate(starts) if s < e["end"]) + 1, float(e["score"])]
                          for e in entities])
        outputs.append({"labels": labels, **settings, "spans": spans})
    return {"sentences": kept, "outputs": outputs}


def candidates(model, text, labels, threshold):
    """GLiNER's spans over the threshold before its greedy choice (the decoder's greedy_search bypassed), as
    Span objects over word indices (end inclusive, as its decoder has them)."""
    decoder_class = type(model.decoder)
    chosen = decoder_class.greedy_search
    decoder_class.greedy_search = lambda self, spans, flat_ner=True, multi_label=False: list(spans)
    try:
        found = model.inference([text], labels, threshold=threshold, flat_ner=False, multi_label=True)[0]
    finally:
        decoder_class.greedy_search = chosen
    words = words_of(model, text)
    starts = [w[1] for w in words]
    ends = [w[2] for w in words]
    return [Span(start=starts.index(e["start"]), end=ends.index(e["end"]), entity_type=e["label"], score=e["score"])
            for e in found]


def words_of(model, text):
    return list(model.data_processor.words_splitter(text))


def prompt_tokens(model, labels):
    """The sub-tokens of <<ENT>> l1 <<ENT>> l2 ... <<SEP>>, as GLiNER's tokenizer gives them for words."""
    prompt = []
    for label in labels:
        prompt += [model.config.ent_token, label]
    prompt.append(model.config.sep_token)
    tokenizer = model.data_processor.transformer_tokenizer
    return len(tokenizer(prompt, is_split_into_words=True, add_special_tokens=False)["input_ids"])


def label_groups(model, labels):
    """bert-ner's rule: one group while the prompt takes at most half of the encoder's positions; else groups,
    in the caller's order, each as many labels as keep its prompt within that half."""
    budget = model.config.encoder_config.max_position_embeddings // 2
    if prompt_tokens(model, labels) <= budget:
        return [labels]
    groups, group = [], []
    for label in labels:
        if group and prompt_tokens(model, group + [label]) > budget:
            groups.append(group)
            group = []
        group.append(label)
    return groups + [group]


def as_entities(text, words, spans):
    return [[s.entity_type, words[s.start][1], words[s.end][2], float(s.score)] for s in spans]


def many_labels_reference(model, texts):
    """1,000 types: GLiNER's candidates for each group of bert-ner's rule, chosen greedily together by GLiNER's own
    greedy_search (flat, one label per span)."""
    labels = ["person"] + [f"type {i}" for i in range(997)] + ["location", "organization"]
    groups = label_groups(model, labels)
    outputs = []
    for text in texts:
        spans = [span for group in groups for span in candidates(model, text, group, 0.5)]
        outputs.append(as_entities(text, words_of(model, text), model.decoder.greedy_search(spans, True, False)))
    return {"labels": labels, "threshold": 0.5, "groups": [len(g) for g in groups], "texts": texts,
            "entities": outputs, "without_groups": [[[e["label"], e["start"], e["end"], float(e["score"])]
                                                     for e in found]
                                                    for found in model.inference(texts, labels, threshold=0.5)]}


def windows(count, max_len):
    """bert-ner's word windows over a text of count words: max_len words each, a quarter of them shared with the
    window before."""
    stride = max_len - max_len // 4
    result, start = [], 0
    while True:
        result.append((start, min(start + max_len, count)))
        if start + max_len >= count:
            return result
        start += stride


def long_text_reference(model, samples):
    """A text past max_len words: GLiNER's own output (its first max_len words), GLiNER's output for each of
    bert-ner's windows, and their merge by bert-ner's rule (an entity of a later window is kept unless it overlaps one
    of an earlier window, as GLiNER's decoding judges overlap)."""
    text = " ".join(s["sentence"] for s in samples[:80])
    words = words_of(model, text)
    labels, settings = LABEL_SETS[0], {"threshold": 0.2, "flat_ner": True, "multi_label": False}
    kept, per_window = [], []
    for first, last in windows(len(words), model.config.max_len):
        window_text = text[words[first][1]:words[last - 1][2]]
        offset = words[first][1]
        found = model.inference([window_text], labels, **settings)[0]
        starts = [w[1] - offset for w in words[first:last]]
        ends = [w[2] - offset for w in words[first:last]]
        spans = [Span(start=first + starts.index(e["start"]), end=first + ends.index(e["end"]),
                      entity_type=e["label"], score=e["score"]) for e in found]
        per_window.append({"words": [first, last], "entities": as_entities(text, words, spans)})
        earlier = list(kept)
        kept += [s for s in spans
                 if not any(has_overlapping((s.start, s.end, s.entity_type), (k.start, k.end, k.entity_type))
                            for k in earlier)]
    kept.sort(key=lambda s: s.start)
    gliner = model.inference([text], labels, **settings)[0]
    return {"text": text, "words": len(words), "max_len": model.config.max_len, "labels": labels, **settings,
            "gliner": [[e["label"], e["start"], e["end"], float(e["score"])] for e in gliner],
            "windows": per_window, "entities": as_entities(text, words, kept)}


def portable(config):
    """Names the backbone as a Hub repository rather than this machine's folder."""
    config["model_name"] = BACKBONE_NAME
    if config.get("encoder_config"):
        config["encoder_config"]["_name_or_path"] = BACKBONE_NAME


def save_checkpoint(model, folder):
    """model.safetensors and gliner_config.json as GLiNER's save_pretrained writes them, the backbone named as a Hub
    repository; returns the config."""
    shutil.rmtree(folder, ignore_errors=True)
    model.save_pretrained(folder, safe_serialization=True)
    for name in folder.iterdir():
        if name.name not in ("model.safetensors", "gliner_config.json"):
            name.unlink()
    config = json.loads((folder / "gliner_config.json").read_text())
    portable(config)
    (folder / "gliner_config.json").write_text(json.dumps(config, indent=2) + "\n")
    return config


def main():
    shutil.rmtree(HERE / "backbone", ignore_errors=True)
    write_backbone(HERE / "backbone")
    model = make_model(HERE / "backbone")

    config = save_checkpoint(model, HERE / "original")

    old = HERE / "original-old"
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir()
    torch.save(model.model.state_dict(), old / "pytorch_model.bin")
    for key in ("class_token_index", "vocab_size", "encoder_config"):
        config.pop(key, None)
    (old / "gliner_config.json").write_text(json.dumps(config, indent=2) + "\n")

    export = HERE / "onnx"
    shutil.rmtree(export, ignore_errors=True)
    model.export_to_onnx(export / "onnx")
    for name in list((export / "onnx").iterdir()):
        if name.name != "model.onnx":
            shutil.move(str(name), export / name.name)
    exported = json.loads((export / "gliner_config.json").read_text())
    portable(exported)
    (export / "gliner_config.json").write_text(json.dumps(exported, indent=2) + "\n")

    samples = dane_test()
    texts = [s["sentence"] for s in samples[:60]] + EXTRA_TEXTS
    assert all(len(words_of(model, text)) <= MAX_LEN for text in texts), "a short text passes max_len"
    expected = reference(model, texts, [s["tokens"] for s in samples])
    expected["long"] = long_text_reference(model, samples)
    expected["many_labels"] = many_labels_reference(model, texts[:3])
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = [sum(len(t) for t in o["entities"]) for o in expected["outputs"]]
    print("entities per setting", counts, "long", expected["long"]["words"], "words",
          len(expected["long"]["gliner"]), "of GLiNER,", len(expected["long"]["entities"]), "in all windows;",
          "many labels", expected["many_labels"]["groups"], [len(e) for e in expected["many_labels"]["entities"]],
          "without groups", [len(e) for e in expected["many_labels"]["without_groups"]])


if __name__ == "__main__":
    with torch.no_grad():
        main()
