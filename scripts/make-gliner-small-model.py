#!/usr/bin/env python3
"""Makes a GLiNER span model of gliner_small-v2.1's size with random weights, for the zero-shot benchmark: the
encoder of microsoft/deberta-v3-small (6 layers, hidden 768, 12 heads, 3,072 intermediate, relative positions with
256 buckets), GLiNER's width 512, max_width 12, max_len 384, one BiLSTM layer. The tokenizer is the DeBERTa-v2
tokenizer trained on DaNE of testdata/architectures/deberta-v2/original (a smaller vocabulary than DeBERTa-v3's, which
changes the embedding table's size, not the work per token). As in testdata/gliner/make-gliner-fixtures.py, the
labels' side is scaled and shifted so that a few spans per sentence pass the default threshold.

Writes OUT in GLiNER's checkpoint layout (model.safetensors, gliner_config.json, the tokenizer with GLiNER's tokens)
with the backbone's config.json beside them, so that both GLiNER and bert-ner load it from the folder. Never committed (about 220 MB). With the Python
of ../shared/tools/make-hf-python.sh and a checkout of urchade/GLiNER:

    GLINER_SRC=/path/to/GLiNER $DIR/bin/python scripts/make-gliner-small-model.py bench-models/gliner-small
"""
import json
import os
import pathlib
import shutil
import sys

import torch

sys.path.insert(0, os.environ["GLINER_SRC"])
from gliner.config import UniEncoderSpanConfig  # noqa: E402
from gliner.model import UniEncoderSpanGLiNER  # noqa: E402
from transformers import DebertaV2Config, DebertaV2TokenizerFast  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
SPM = ROOT / "testdata" / "architectures" / "deberta-v2" / "original"
LOGIT_SCALE = float(os.environ.get("LOGIT_SCALE", "110"))
LOGIT_SHIFT = float(os.environ.get("LOGIT_SHIFT", "2.4"))


def main(out):
    out = pathlib.Path(out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in ("spm.model", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(SPM / name, out / name)
    tokenizer = DebertaV2TokenizerFast.from_pretrained(out)
    DebertaV2Config(
        vocab_size=len(tokenizer), hidden_size=768, num_hidden_layers=6, num_attention_heads=12,
        intermediate_size=3072, max_position_embeddings=512, relative_attention=True, position_buckets=256,
        norm_rel_ebd="layer_norm", share_att_key=True, pos_att_type=["p2c", "c2p"], layer_norm_eps=1e-7,
        max_relative_positions=-1, position_biased_input=False, type_vocab_size=0,
        pad_token_id=tokenizer.pad_token_id).save_pretrained(out)
    config = UniEncoderSpanConfig(model_name=str(out), hidden_size=512, max_width=12, max_len=384, dropout=0.4)
    torch.manual_seed(7)
    model = UniEncoderSpanGLiNER(config, tokenizer=tokenizer)
    UniEncoderSpanGLiNER._resize_token_embeddings(model, model.config, tokenizer)
    with torch.no_grad():
        span_out = model.model.span_rep_layer.span_rep_layer.out_project[3]
        prompt_out = model.model.prompt_rep_layer[3]
        span_out.weight[0].zero_()
        span_out.bias[0] = 1.0
        prompt_out.weight.mul_(LOGIT_SCALE)
        prompt_out.bias.mul_(LOGIT_SCALE)
        prompt_out.weight[0].zero_()
        prompt_out.bias[0] = LOGIT_SHIFT
    model.eval()
    # The tokenizer with GLiNER's added tokens, as GLiNER's save_pretrained writes it: GLiNER reads it from here.
    tokenizer.save_pretrained(out)
    saved = out / "gliner"
    model.save_pretrained(saved, safe_serialization=True)
    shutil.move(str(saved / "model.safetensors"), out / "model.safetensors")
    gliner_config = json.loads((saved / "gliner_config.json").read_text())
    gliner_config["model_name"] = "microsoft/deberta-v3-small"
    if gliner_config.get("encoder_config"):
        gliner_config["encoder_config"]["_name_or_path"] = "microsoft/deberta-v3-small"
    (out / "gliner_config.json").write_text(json.dumps(gliner_config, indent=2) + "\n")
    shutil.rmtree(saved)
    print("wrote", out)


if __name__ == "__main__":
    with torch.no_grad():
        main(sys.argv[1])
