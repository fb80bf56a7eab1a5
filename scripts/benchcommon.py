"""What the Python side of the benchmarks shares: DaNE test's sentences, the processor's int8 features, running
bert-ner, and a series' median and spread."""
import os
import pathlib
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
DANE_TEST = ROOT / "testdata" / "dane" / "ddt.test.bio.tsv"


def sentences():
    """DaNE test's sentences, each a list of its words."""
    result, tokens = [], []
    for line in DANE_TEST.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                result.append(tokens)
            tokens = []
        elif not line.startswith("-DOCSTART-"):
            tokens.append(line.split("\t")[0])
    if tokens:
        result.append(tokens)
    return result


def cpu_features():
    """The processor's name, the int8-relevant features it has, and its core count."""
    flags = set()
    model = "unknown"
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
        elif line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
    wanted = ["avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8"]
    return model, [flag for flag in wanted if flag in flags], os.cpu_count()


def run(command):
    """Runs a command and returns its standard output; stops the benchmark, with the command's errors, if it fails."""
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{completed.stderr}")
    return completed.stdout


def summary(values):
    """A series' median, spread ((slowest - fastest) / median) and values."""
    median = statistics.median(values)
    return {"median": median, "spread": (max(values) - min(values)) / median, "values": values}


def converted(bert_ner, model):
    """The directory bert-ner converts a checkpoint to (fp32 and int8), converted on the first call only."""
    target = model.with_name(model.name + "-converted")
    if not (target / "model_quantized.onnx").is_file():
        run(bert_ner + ["convert", "--model", str(model), "--output", str(target), "--quantize"])
    return target
