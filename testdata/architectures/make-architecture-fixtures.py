#!/usr/bin/env python3
"""Makes the tokenizer and architecture fixtures with transformers itself, and the golden output the tests compare
with. Nothing here is run by the tests or CI; the outputs are committed.

Tokenizers are trained on DaNE train (SentencePiece Unigram with sentencepiece, byte-level BPE and WordPiece with
tokenizers), written as the original files a Hub repository holds (vocab.txt, sentencepiece.bpe.model, spm.model,
vocab.json + merges.txt), and loaded with AutoTokenizer, which builds the tokenizer.json. Every model is a tiny
random *ForTokenClassification of transformers 5.18, in eval mode, its classifier scaled so that labels are well
separated and about half the tokens are O.

testdata/architectures/NAME/       one per architecture:
    config.json                    as save_pretrained writes it
    tokenizer.json                 as transformers builds it from the original files
    tokenizer_config.json          as save_pretrained writes it
    original/                      the original tokenizer files with an old-style tokenizer_config.json and
                                   special_tokens_map.json (no tokenizer_class), as older Hub repositories hold them
    model.safetensors              save_pretrained's weights
    pytorch_model.bin              the same weights, torch.save (zip), as older repositories hold them
    model.onnx                     torch.onnx.export of the same model (input_ids, attention_mask[, token_type_ids])
    sharded-safetensors/, sharded-pytorch/
                                   (xlm-roberta) the same weights in shards with their index files
    onnxruntime-int8/              ONNX Runtime's own int8 of the export in its three per-channel schemes
                                   (quantize_dynamic, per_channel=True): qint8.onnx (int8 weights),
                                   qint8-reduce-range.onnx (7-bit int8 weights), quint8.onnx (uint8 weights); the
                                   best of them on the CPU a test runs on is the bar for the converter's int8
testdata/architectures/expected/numpy-softmax.json
    random logit rows and the float32 probabilities the pipeline's numpy softmax gives for them
testdata/architectures/expected/NAME.json
    texts, pipeline (all five strategies, with semantics.md's same-start rule), unpatched (the word-level
    strategies as the pipeline gives them without the rule), sentences + word_labels (per host token, from
    transformers' word_ids), logits (torch's, for a padded batch of DaNE sentences)
testdata/tokenizers/NAME/          tokenizer variants without a model (other tokenizer_config.json settings)
testdata/tokenizers/expected/NAME.json
    ids, offsets and special-token masks of the transformers tokenizer on the battery, for every tokenizer above

    DIR=/tmp/hf; ../shared/tools/make-hf-python.sh $DIR
    $DIR/bin/python testdata/architectures/make-architecture-fixtures.py [--dane ../shared/data/dane]
    $DIR/bin/python testdata/architectures/make-architecture-fixtures.py --onnxruntime-int8-only
                                   (only the onnxruntime-int8/ files, from the committed model.onnx files)
"""
import argparse
import json
import os
import pathlib
import shutil
import tempfile
import warnings

import numpy as np
import onnxruntime
import onnxruntime.quantization
import sentencepiece
import tokenizers
import torch
import transformers
from tokenizers import decoders, models, pre_tokenizers, processors, trainers
from transformers import AutoConfig, AutoModelForTokenClassification, AutoTokenizer, TokenClassificationPipeline

warnings.filterwarnings("ignore")
transformers.logging.set_verbosity_error()

HERE = pathlib.Path(__file__).resolve().parent
TOKENIZERS = HERE.parent / "tokenizers"
LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
PIPELINE_SENTENCES = 100
BATTERY_SENTENCES = 150
LOGIT_SENTENCES = 12
MIN_GAP = 1e-3

SPECIAL_TEXTS = [
    "Chili Jensen bor i København og arbejder for Novo Nordisk.",
    "ﬁne ½ kop mel i Ｋøbenhavn, ﬂot ﬁsk fra Ａ１２３.",
    "Søren Kierkega\u0301rd og A\u030angstrøm mødtes i A\u0308rhus.",
    "😀 Chili Jensen 👍🏽 bor i Århus, 🇩🇰 Danmark.",
    "Chili\u00a0Jensen\u00a0bor i Odense.",
    "Mette\tFrederiksen\tmødtes med Lars  Løkke.",
    "Anders   Fogh    Rasmussen talte.",
    "  Forreste og bageste mellemrum  ",
    "北京 og Αθήνα og Москва er byer.",
    "Zero\u200bwidth og blød\u00adbindestreg i Aalborg.",
    "ǅ ⅷ ℌ ㎏ ① og Ǆemal.",
    "E-mail: chili@example.dk, tlf. 12 34 56 78!",
    "Ärger über Öl in der Straße bei Müller.",
    "DANSKE BANK OG NOVO NORDISK",
    "«Citat» „tysk“ 'enkelt' \"dobbelt\" Jensen.",
    "Hr. Hansen (f. 1950) – direktør — siger…",
    "a",
    ".",
    "<unk> og <s> og [UNK] i teksten om Jensen.",
    "Københavns Kommune og Region Hovedstaden",
    "ÆØÅ æøå ÉÈÊ éèê ñ ç",
    "x" * 60 + " Jensen",
    "København北京 og Jens😀en bor i Å京rhus med Ｍette北.",
    "Hansen京 Jensen北京Nielsen 北Mette 😀Lars",
]

SPECIAL_SENTENCES = [
    ["Chili", "", "Jensen", " ", "bor", "\u200b", "i", "København", "."],
    ["😀", "Mette", "Frederiksen", "Ｋøbenhavn", "½"],
    ["Søren", "Kierkega\u0301rd", "Αθήνα", "北京"],
]


def read_dane(dane, name):
    return json.loads((dane / f"{name}.json").read_text(encoding="utf-8"))["samples"]


# ---------------------------------------------------------------------------------------------------------------
# Tokenizers: the original files, and transformers' tokenizer loaded from them


def train_sentencepiece(train_texts, out, vocab_size, **options):
    with tempfile.TemporaryDirectory() as tmp:
        corpus = pathlib.Path(tmp) / "train.txt"
        corpus.write_text("\n".join(train_texts), encoding="utf-8")
        sentencepiece.SentencePieceTrainer.train(
            input=str(corpus), model_prefix=str(pathlib.Path(tmp) / "spm"), vocab_size=vocab_size,
            model_type="unigram", minloglevel=2, num_threads=1, seed_sentencepiece_size=200000, **options)
        shutil.copy(pathlib.Path(tmp) / "spm.model", out)


def train_wordpiece(train_texts, out, lowercase, vocab_size=2000):
    tokenizer = tokenizers.BertWordPieceTokenizer(lowercase=lowercase, strip_accents=False)
    tokenizer.train_from_iterator(train_texts, vocab_size=vocab_size,
                                  special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    out.write_text("".join(token + "\n" for token, _ in vocab), encoding="utf-8")


def train_byte_level(train_texts, vocab_size, specials):
    tokenizer = tokenizers.ByteLevelBPETokenizer()
    tokenizer.train_from_iterator(train_texts, vocab_size=vocab_size, special_tokens=specials)
    return tokenizer


def write_byte_level_files(tokenizer, directory):
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer.save_model(tmp)
        shutil.copy(pathlib.Path(tmp) / "vocab.json", directory / "vocab.json")
        shutil.copy(pathlib.Path(tmp) / "merges.txt", directory / "merges.txt")


def write_json(path, value):
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def original_files(directory, kind, train_texts, settings, specials_map):
    """Writes one tokenizer's original files and an old-style tokenizer_config.json (no tokenizer_class)."""
    directory.mkdir(parents=True, exist_ok=True)
    if kind == "wordpiece":
        train_wordpiece(train_texts, directory / "vocab.txt", settings.get("do_lower_case", True))
    elif kind == "xlm-roberta":
        train_sentencepiece(train_texts, directory / "sentencepiece.bpe.model", 2000)
    elif kind == "camembert":
        train_sentencepiece(train_texts, directory / "sentencepiece.bpe.model", 1800)
    elif kind == "deberta-v2":
        train_sentencepiece(train_texts, directory / "spm.model", 2100)
    elif kind == "deberta-v3":
        train_sentencepiece(train_texts, directory / "spm.model", 2100, pad_id=0, bos_id=1, eos_id=2, unk_id=3,
                            pad_piece="[PAD]", bos_piece="[CLS]", eos_piece="[SEP]", unk_piece="[UNK]",
                            user_defined_symbols=["[MASK]"])
    elif kind == "roberta":
        write_byte_level_files(train_byte_level(train_texts, 2000, ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]),
                               directory)
    else:
        raise ValueError(kind)
    write_json(directory / "tokenizer_config.json", settings)
    write_json(directory / "special_tokens_map.json", specials_map)


def load_from_original(original, model_type):
    """AutoTokenizer on the original files, with config.json's model_type to choose the class, as for a Hub repo."""
    with tempfile.TemporaryDirectory() as tmp:
        for file in original.iterdir():
            shutil.copy(file, tmp)
        write_json(pathlib.Path(tmp) / "config.json", {"model_type": model_type})
        return AutoTokenizer.from_pretrained(tmp)


def modernbert_tokenizer(train_texts):
    """ModernBERT repositories ship only tokenizer.json: byte-level BPE with a [CLS] $A [SEP] template."""
    specials = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"]
    trained = train_byte_level(train_texts, 2000, specials)
    vocab = trained.get_vocab()
    with tempfile.TemporaryDirectory() as tmp:
        trained.save_model(tmp)
        tokenizer = tokenizers.Tokenizer(models.BPE.from_file(f"{tmp}/vocab.json", f"{tmp}/merges.txt"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.add_special_tokens(specials)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS]:0 $A:0 [SEP]:0", pair="[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])])
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, unk_token="[UNK]", cls_token="[CLS]", sep_token="[SEP]", pad_token="[PAD]",
        mask_token="[MASK]", model_max_length=8192)


def encodings(tokenizer, texts):
    result = {"ids": [], "offsets": [], "special": []}
    for text in texts:
        encoding = tokenizer(text, return_offsets_mapping=True, return_special_tokens_mask=True)
        result["ids"].append(encoding["input_ids"])
        result["offsets"].append([list(pair) for pair in encoding["offset_mapping"]])
        result["special"].append(encoding["special_tokens_mask"])
    return result


# ---------------------------------------------------------------------------------------------------------------
# Models


ROBERTA_SHAPE = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
                     max_position_embeddings=514, type_vocab_size=1, layer_norm_eps=1e-5, initializer_range=0.2)
BERT_SHAPE = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
                  max_position_embeddings=512, initializer_range=0.2)

ARCHITECTURES = {
    "bert": dict(tokenizer="wordpiece", settings={"do_lower_case": True, "strip_accents": False},
                 specials={"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                           "mask_token": "[MASK]"},
                 config=dict(BERT_SHAPE, hidden_act="gelu")),
    "distilbert": dict(tokenizer="wordpiece", settings={"do_lower_case": False},
                       specials={"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
                                 "cls_token": "[CLS]", "mask_token": "[MASK]"},
                       config=dict(dim=32, n_layers=2, n_heads=4, hidden_dim=64, max_position_embeddings=512,
                                   initializer_range=0.2)),
    "electra": dict(tokenizer="wordpiece", settings={"do_lower_case": False},
                    specials={"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                              "mask_token": "[MASK]"},
                    config=dict(BERT_SHAPE, embedding_size=16, hidden_act="gelu")),
    "roberta": dict(tokenizer="roberta", settings={"model_max_length": 512},
                    specials={"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                              "pad_token": "<pad>", "cls_token": "<s>", "mask_token": "<mask>"},
                    config=dict(ROBERTA_SHAPE, hidden_act="gelu")),
    "xlm-roberta": dict(tokenizer="xlm-roberta", settings={"model_max_length": 512},
                        specials={"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                                  "pad_token": "<pad>", "cls_token": "<s>", "mask_token": "<mask>"},
                        config=dict(ROBERTA_SHAPE, hidden_act="gelu")),
    "camembert": dict(tokenizer="camembert", settings={"model_max_length": 512},
                      specials={"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                                "pad_token": "<pad>", "cls_token": "<s>", "mask_token": "<mask>"},
                      config=dict(ROBERTA_SHAPE, hidden_act="gelu")),
    "deberta-v2": dict(tokenizer="deberta-v2", settings={"do_lower_case": False, "vocab_type": "spm"},
                       specials={"bos_token": "[CLS]", "eos_token": "[SEP]", "unk_token": "[UNK]", "sep_token": "[SEP]",
                                 "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]"},
                       config=dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
                                   max_position_embeddings=512, type_vocab_size=0, relative_attention=True,
                                   position_buckets=32, max_relative_positions=-1, norm_rel_ebd="layer_norm",
                                   share_att_key=True, pos_att_type=["p2c", "c2p"], position_biased_input=False,
                                   layer_norm_eps=1e-7, hidden_act="gelu", initializer_range=0.2)),
    "modernbert": dict(tokenizer=None, settings=None, specials=None,
                       config=dict(hidden_size=32, intermediate_size=48, num_hidden_layers=3, num_attention_heads=4,
                                   max_position_embeddings=512, local_attention=8, global_attn_every_n_layers=3,
                                   initializer_range=0.2, classifier_activation="gelu")),
}

TOKENIZER_VARIANTS = {
    "bert-uncased-strip": dict(tokenizer="wordpiece", model_type="bert",
                               settings={"do_lower_case": True, "tokenize_chinese_chars": False},
                               specials={"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
                                         "cls_token": "[CLS]", "mask_token": "[MASK]"}),
    "xlm-roberta-no-prefix": dict(tokenizer="xlm-roberta", model_type="xlm-roberta", settings={"add_prefix_space": False},
                                  specials={"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
                                            "sep_token": "</s>", "pad_token": "<pad>", "cls_token": "<s>",
                                            "mask_token": "<mask>"}),
    "deberta-v3-lower-punct": dict(tokenizer="deberta-v3", model_type="deberta-v2",
                                   settings={"do_lower_case": True, "split_by_punct": True, "vocab_type": "spm"},
                                   specials={"bos_token": "[CLS]", "eos_token": "[SEP]", "unk_token": "[UNK]",
                                             "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                                             "mask_token": "[MASK]"}),
    "deberta-v3-no-prefix": dict(tokenizer="deberta-v3", model_type="deberta-v2",
                                 settings={"add_prefix_space": False, "vocab_type": "spm"},
                                 specials={"bos_token": "[CLS]", "eos_token": "[SEP]", "unk_token": "[UNK]",
                                           "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                                           "mask_token": "[MASK]"}),
    "roberta-prefix-untrimmed": dict(tokenizer="roberta", model_type="roberta",
                                     settings={"add_prefix_space": True, "trim_offsets": False},
                                     specials={"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
                                               "sep_token": "</s>", "pad_token": "<pad>", "cls_token": "<s>",
                                               "mask_token": "<mask>"}),
}


def model_config(name, spec, tokenizer):
    config = AutoConfig.for_model(name, **spec["config"])
    config.vocab_size = len(tokenizer)
    config.id2label = dict(enumerate(LABELS))
    config.label2id = {label: i for i, label in enumerate(LABELS)}
    config.pad_token_id = tokenizer.pad_token_id
    if name == "modernbert":
        config.cls_token_id = config.bos_token_id = tokenizer.cls_token_id
        config.sep_token_id = config.eos_token_id = tokenizer.sep_token_id
    elif tokenizer.bos_token_id is not None:
        config.bos_token_id, config.eos_token_id = tokenizer.bos_token_id, tokenizer.eos_token_id
    return config


def calibrate(model, tokenizer, word_tokenizer, texts, sentences):
    """Gives the classifier fresh random weights, each label centred and scaled so that labels are well separated
    and spread over the label set, then shifts O so that about half the tokens are O. Draws again while some token
    of the texts or sentences has two labels within MIN_GAP of each other: ONNX Runtime and torch differ by about
    1e-5 in the logits, and a near tie would make the golden output depend on which one ran."""
    encoded = tokenizer(texts, return_tensors="pt", padding=True)
    batch = {name: encoded[name] for name in model_inputs(model)}
    mask = encoded["attention_mask"].bool()
    classifier = model.classifier
    for _ in range(100):
        with torch.no_grad():
            classifier.weight.copy_(torch.randn_like(classifier.weight))
            classifier.bias.zero_()
            logits = model(**batch).logits[mask]
            classifier.weight.mul_(10.0 / logits.std(dim=0)[:, None])
            classifier.bias.copy_(-logits.mean(dim=0) * 10.0 / logits.std(dim=0))
            logits = model(**batch).logits[mask]
            gap = logits[:, 1:].max(dim=-1).values - logits[:, 0]
            classifier.bias[0] += gap.median() + 0.5  # not exactly the median: that token would tie
        if smallest_gap(model, tokenizer, word_tokenizer, texts, sentences) >= MIN_GAP:
            return
    raise RuntimeError("no classifier without near ties")


def smallest_gap(model, tokenizer, word_tokenizer, texts, sentences):
    """The smallest difference between the two largest logits of any sub-token."""
    gaps = []
    for encode, inputs in [(tokenizer, dict(text=texts)), (word_tokenizer, dict(text=sentences, is_split_into_words=True))]:
        encoded = encode(**inputs, return_tensors="pt", padding=True)
        with torch.no_grad():
            logits = model(**{name: encoded[name] for name in model_inputs(model)}).logits
        top = logits.topk(2, dim=-1).values
        gaps.append((top[..., 0] - top[..., 1])[encoded["attention_mask"].bool()].min().item())
    return min(gaps)


def model_inputs(model):
    return ["input_ids", "attention_mask"] + (["token_type_ids"] if model.config.model_type in ("bert", "electra")
                                              else [])


def export_onnx(model, tokenizer, path, check_texts):
    names = model_inputs(model)
    sample = tokenizer(check_texts[:2], return_tensors="pt", padding=True)
    args = tuple(sample[name] for name in names)
    axes = {name: {0: "batch_size", 1: "sequence_length"} for name in names}
    axes["logits"] = {0: "batch_size", 1: "sequence_length"}
    torch.onnx.export(model, args, str(path), input_names=names, output_names=["logits"], dynamic_axes=axes,
                      opset_version=17, dynamo=False)
    session = onnxruntime.InferenceSession(str(path))
    for texts in (check_texts[2:3], check_texts[3:8]):
        batch = tokenizer(texts, return_tensors="pt", padding=True)
        expected = model(**{name: batch[name] for name in names}).logits.detach().numpy()
        actual = session.run(["logits"], {name: batch[name].numpy() for name in names})[0]
        mask = batch["attention_mask"].numpy().astype(bool)
        delta = np.abs(expected - actual)[mask].max()
        assert delta < 1e-4, f"{path}: ONNX and torch differ by {delta}"


class SameStartPipeline(TokenClassificationPipeline):
    """The pipeline with semantics.md's one change: a sub-token that starts where the one before it starts
    continues that one's word."""

    def gather_pre_entities(self, *args, **kwargs):
        pre_entities = super().gather_pre_entities(*args, **kwargs)
        for previous, current in zip(pre_entities, pre_entities[1:]):
            if current["start"] == previous["start"]:
                current["is_subword"] = True
        return pre_entities


def entities(outputs):
    return [[e.get("entity_group", e.get("entity")), e["start"], e["end"], float(e["score"])] for e in outputs]


def pipeline_outputs(model, tokenizer, texts, pipeline_class):
    runner = pipeline_class(model=model, tokenizer=tokenizer, device=-1)
    strategies = ["none", "simple", "first", "average", "max"] if pipeline_class is SameStartPipeline \
        else ["first", "average", "max"]
    return {s: [entities(runner(text, aggregation_strategy=s)) for text in texts] for s in strategies}


def word_labels(model, tokenizer, sentences):
    """Per host token, the label transformers' word_ids give: first sub-token, mean and most confident."""
    result = {"first": [], "average": [], "max": []}
    for words in sentences:
        encoding = tokenizer(words, is_split_into_words=True, return_tensors="pt")
        feed = {name: encoding[name] for name in model_inputs(model)}
        with torch.no_grad():
            logits = model(**feed).logits[0].numpy()
        shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
        scores = shifted / shifted.sum(axis=-1, keepdims=True)
        word_ids = encoding.word_ids(0)
        labels = {"first": [], "average": [], "max": []}
        for w in range(len(words)):
            rows = [scores[t] for t, word in enumerate(word_ids) if word == w]
            if not rows:
                for strategy in labels:
                    labels[strategy].append("O")
                continue
            labels["first"].append(LABELS[int(rows[0].argmax())])
            labels["average"].append(LABELS[int(np.nanmean(np.stack(rows), axis=0).argmax())])
            best = max(rows, key=lambda row: row.max())
            labels["max"].append(LABELS[int(best.argmax())])
        for strategy in labels:
            result[strategy].append(labels[strategy])
    return result


def torch_logits(model, tokenizer, texts):
    names = model_inputs(model)
    batch = tokenizer(texts, return_tensors="pt", padding=True)
    with torch.no_grad():
        logits = model(**{name: batch[name] for name in names}).logits
    return {"input_ids": batch["input_ids"].tolist(), "attention_mask": batch["attention_mask"].tolist(),
            "logits": [[[float(x) for x in row] for row in sequence] for sequence in logits.tolist()]}


def pretokenizing(tokenizer):
    """RoBERTa's tokenizer takes pre-tokenized words with a space before each (add_prefix_space), as transformers
    asks of it for such input and as RoBERTa NER models are trained; other tokenizers take the words as they are."""
    if not isinstance(tokenizer, (transformers.RobertaTokenizer, transformers.DebertaTokenizer)):
        return tokenizer
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer.save_pretrained(tmp)
        return AutoTokenizer.from_pretrained(tmp, add_prefix_space=True)


def make_architecture(name, spec, dane_train, texts, sentences, battery):
    out = HERE / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    train_texts = [s["sentence"] for s in dane_train]
    if spec["tokenizer"] is None:
        tokenizer = modernbert_tokenizer(train_texts)
    else:
        original_files(out / "original", spec["tokenizer"], train_texts, spec["settings"], spec["specials"])
        tokenizer = load_from_original(out / "original", name)
    tokenizer.save_pretrained(out)
    torch.manual_seed(sum(map(ord, name)))
    model = AutoModelForTokenClassification.from_config(model_config(name, spec, tokenizer),
                                                        attn_implementation="eager").eval()
    calibrate(model, tokenizer, pretokenizing(tokenizer), texts, sentences)
    model.save_pretrained(out)
    reloaded = AutoTokenizer.from_pretrained(out)
    assert encodings(reloaded, battery) == encodings(tokenizer, battery), f"{name}: tokenizer.json differs"
    state = dict(model.state_dict())
    if name in ("bert", "roberta", "xlm-roberta", "camembert", "electra"):
        prefix = {"xlm-roberta": "roberta", "camembert": "roberta"}.get(name, name)
        state[f"{prefix}.embeddings.position_ids"] = torch.arange(model.config.max_position_embeddings)[None]
    torch.save(state, out / "pytorch_model.bin")
    export_onnx(model, tokenizer, out / "model.onnx", texts)
    onnxruntime_int8(out)
    with torch.no_grad():
        expected = {
            "texts": texts,
            "pipeline": pipeline_outputs(model, tokenizer, texts, SameStartPipeline),
            "unpatched": pipeline_outputs(model, tokenizer, texts, TokenClassificationPipeline),
            "sentences": sentences,
            "word_labels": word_labels(model, pretokenizing(tokenizer), sentences),
            "logits": torch_logits(model, tokenizer, texts[:LOGIT_SENTENCES]),
        }
    (HERE / "expected").mkdir(exist_ok=True)
    (HERE / "expected" / f"{name}.json").write_text(json.dumps(expected, ensure_ascii=False) + "\n", encoding="utf-8")
    write_encodings(TOKENIZERS / "expected" / f"{name}.json", tokenizer, battery)
    print(name, "parameters", sum(p.numel() for p in model.parameters()), "vocabulary", len(tokenizer))


def onnxruntime_int8(out):
    """ONNX Runtime's dynamic quantization of out/model.onnx in each of its per-channel weight schemes."""
    quantization = onnxruntime.quantization
    schemes = {
        "qint8": dict(weight_type=quantization.QuantType.QInt8),
        "qint8-reduce-range": dict(weight_type=quantization.QuantType.QInt8, reduce_range=True),
        "quint8": dict(weight_type=quantization.QuantType.QUInt8),
    }
    (out / "onnxruntime-int8").mkdir(exist_ok=True)
    for scheme, options in schemes.items():
        quantization.quantize_dynamic(str(out / "model.onnx"), str(out / "onnxruntime-int8" / f"{scheme}.onnx"),
                                      per_channel=True, **options)


def write_encodings(path, tokenizer, battery):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(encodings(tokenizer, battery), ensure_ascii=False) + "\n", encoding="utf-8")


def make_tokenizer_variant(name, spec, dane_train, battery):
    out = TOKENIZERS / name
    shutil.rmtree(out, ignore_errors=True)
    train_texts = [s["sentence"] for s in dane_train]
    original_files(out, spec["tokenizer"], train_texts, spec["settings"], spec["specials"])
    tokenizer = load_from_original(out, spec["model_type"])
    (out / "config.json").write_text(json.dumps({"model_type": spec["model_type"]}) + "\n")
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer.save_pretrained(tmp)
        shutil.copy(pathlib.Path(tmp) / "tokenizer.json", out / "transformers-tokenizer.json")
    write_encodings(TOKENIZERS / "expected" / f"{name}.json", tokenizer, battery)
    print(name, "vocabulary", len(tokenizer))


def sharded(name):
    """The architecture's weights as sharded checkpoints: save_pretrained's safetensors shards with their index, and
    pytorch_model.bin shards with theirs, as large repositories hold them."""
    out = HERE / name
    model = AutoModelForTokenClassification.from_pretrained(out).eval()
    safetensors = out / "sharded-safetensors"
    pytorch = out / "sharded-pytorch"
    for directory in (safetensors, pytorch):
        shutil.rmtree(directory, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp, max_shard_size="150KB")
        safetensors.mkdir()
        for file in pathlib.Path(tmp).iterdir():
            if file.name.startswith("model-") or file.name == "model.safetensors.index.json":
                shutil.copy(file, safetensors / file.name)
    index = json.loads((safetensors / "model.safetensors.index.json").read_text())
    state = model.state_dict()
    shards = sorted(set(index["weight_map"].values()))
    pytorch.mkdir()
    weight_map = {}
    for i, shard in enumerate(shards):
        bin_name = f"pytorch_model-{i + 1:05d}-of-{len(shards):05d}.bin"
        names = [key for key, value in index["weight_map"].items() if value == shard]
        torch.save({key: state[key] for key in names}, pytorch / bin_name)
        weight_map.update({key: bin_name for key in names})
    write_json(pytorch / "pytorch_model.bin.index.json", {"metadata": index["metadata"], "weight_map": weight_map})


def numpy_softmax(path):
    """Random logit rows and the probabilities the pipeline's numpy float32 softmax gives for them, as float32 bit
    patterns: the golden output for the tagger's own float32 softmax (numpy's vectorized exp, its pairwise sum)."""
    rng = np.random.default_rng(5)
    cases = []
    for labels, rows, scale in [(9, 1500, 8.0), (9, 300, 30.0), (3, 300, 8.0), (5, 200, 8.0), (17, 200, 8.0),
                                (200, 20, 8.0)]:
        logits = (rng.standard_normal((rows, labels)) * scale).astype(np.float32)
        shifted = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
        scores = shifted / shifted.sum(axis=-1, keepdims=True)
        cases.append({"logits": logits.view(np.int32).tolist(), "scores": scores.view(np.int32).tolist()})
    path.write_text(json.dumps(cases) + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dane", type=pathlib.Path, default=HERE.parents[2] / "shared" / "data" / "dane")
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--onnxruntime-int8-only", action="store_true")
    args = parser.parse_args()
    if args.onnxruntime_int8_only:
        for name in ARCHITECTURES:
            if not args.only or name in args.only:
                onnxruntime_int8(HERE / name)
        return
    dane_train = read_dane(args.dane, "train")
    dane_test = read_dane(args.dane, "test")
    texts = [s["sentence"] for s in dane_test[:PIPELINE_SENTENCES]] + SPECIAL_TEXTS
    sentences = [s["tokens"] for s in dane_test[:PIPELINE_SENTENCES]] + SPECIAL_SENTENCES
    battery = [s["sentence"] for s in dane_test[:BATTERY_SENTENCES]] + SPECIAL_TEXTS
    TOKENIZERS.mkdir(exist_ok=True)
    write_json(TOKENIZERS / "battery.json", battery)
    (HERE / "expected").mkdir(exist_ok=True)
    numpy_softmax(HERE / "expected" / "numpy-softmax.json")
    for name, spec in ARCHITECTURES.items():
        if not args.only or name in args.only:
            make_architecture(name, spec, dane_train, texts, sentences, battery)
    sharded("xlm-roberta")
    for name, spec in TOKENIZER_VARIANTS.items():
        if not args.only or name in args.only:
            make_tokenizer_variant(name, spec, dane_train, battery)


if __name__ == "__main__":
    main()
