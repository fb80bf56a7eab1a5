#!/usr/bin/env python3
"""Where bert-ner's GLiNER graphs spend their time, per operator and per part, fp32 and int8: the inputs GLiNER's own
preprocessing makes for the first --sentences DaNE test sentences (types person, location, organization, in batches
of --batch-size) are saved once, then scripts/OperatorProfile.java runs them through each converted graph with ONNX
Runtime's profiler, on the ONNX Runtime version bert-ner runs on (the Python one may pick other int8 kernels).

    GLINER_SRC=/path/to/GLiNER $DIR/bin/python scripts/gliner-operator-profile.py --model bench-models/gliner-small
"""
import argparse
import os
import pathlib
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.environ["GLINER_SRC"])
from gliner.model import GLiNER  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchcommon import ROOT, converted, cpu_features, sentences  # noqa: E402

LABELS = ["person", "location", "organization"]


def save_inputs(model, onnx_model, texts, batch_size, folder):
    """Runs GLiNER's ONNX inference on the converted graph and saves each batch's inputs as OperatorProfile reads them."""
    with tempfile.TemporaryDirectory() as staging:
        staging = pathlib.Path(staging)
        for file in model.iterdir():
            (staging / file.name).symlink_to(file.resolve())
        (staging / "model.onnx").symlink_to(onnx_model.resolve())
        gliner = GLiNER.from_pretrained(str(staging), load_tokenizer=True, load_onnx_model=True,
                                        onnx_model_file="model.onnx")
        batches = []
        run_inference = gliner.model.run_inference

        def recording(inputs):
            batches.append(inputs)
            return run_inference(inputs)

        gliner.model.run_inference = recording
        gliner.inference(texts, LABELS, batch_size=batch_size)
    for number, inputs in enumerate(batches):
        for name, value in inputs.items():
            shape = "x".join(str(size) for size in value.shape)
            (folder / f"{number:03d}.{name}.{value.dtype}.{shape}").write_bytes(value.tobytes())
    return len(batches)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="bench-models/gliner-small")
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--jar", default=str(ROOT / "target" / "bert-ner-cli.jar"))
    args = parser.parse_args()
    model = pathlib.Path(args.model)
    converted_model = converted(["java", "-jar", args.jar], model)
    texts = [" ".join(sentence) for sentence in sentences()[:args.sentences]]
    cpu, features, cores = cpu_features()
    print(f"machine: {cpu}, {cores} cores, int8 features: {' '.join(features) or 'none'}")
    with tempfile.TemporaryDirectory() as folder:
        count = save_inputs(model, converted_model / "model.onnx", texts, args.batch_size, pathlib.Path(folder))
        print(f"{len(texts)} DaNE test sentences in {count} batches of {args.batch_size}, types {', '.join(LABELS)}")
        for graph in ("model.onnx", "model_quantized.onnx"):
            command = ["java", "-cp", args.jar, str(ROOT / "scripts" / "OperatorProfile.java"),
                       str(converted_model / graph), folder, str(args.rounds), str(args.threads)]
            print(f"\n$ {shlex.join(command)}", flush=True)
            subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
