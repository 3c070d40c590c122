#!/usr/bin/env python3
"""Make docvec's default model: an int8 copy of multilingual-e5-small.

``../shared/models/multilingual-e5-small`` holds the model as 4-bit ONNX (``MatMulNBits``).
On CPUs without 4-bit kernels that runs at ~0.7x the speed of Chroma's English-only MiniLM;
the same weights as int8 (dynamic quantization, per output channel) run faster and stay
within cosine 0.99 of the fp32 reference embeddings (docs/BENCHMARKS.md, "Multilingual model
speed"). Steps: every ``MatMulNBits`` becomes a plain fp32 ``MatMul`` with its 4-bit weights
dequantized (exact: they are on a 4-bit grid), then onnxruntime's ``quantize_dynamic`` turns
those MatMuls into int8, except the feed-forward down-projections (1536 -> 384), which stay
fp32. Their input (after GELU) has outliers, and int8 activations are scaled per batch: with
them in int8 a 512-token text batched with another text dropped to cosine 0.985; without,
every reference case stays >= 0.99 in any batch. The embedding lookups
(``GatherBlockQuantized``) stay 4-bit.

Usage: python build_scripts/quantize_model.py SOURCE_DIR DEST_DIR
Needs the ``onnx`` package (a build and test dependency, not bundled in the app). The result is
checked against the source's reference embeddings before it is moved into place.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

NAME = "multilingual-e5-small-int8"
ONNX_FILE = "model_int8.onnx"
MIN_COSINE = 0.99
MIN_SIMILARITY = 0.82
COPIED = ("tokenizer.json", "config.json", "reference_embeddings.json")


def _dequantized_matmuls(model) -> tuple[object, list[str]]:
    """The graph with every 4-bit MatMulNBits replaced by an fp32 MatMul (+ Add for a bias),
    and the names of the down-projections (K > 2N) among them."""
    import numpy as np
    from onnx import helper, numpy_helper

    inits = {i.name: i for i in model.graph.initializer}
    nodes, down = [], []
    for node in model.graph.node:
        if node.op_type != "MatMulNBits":
            nodes.append(node)
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        k, n, block = attrs["K"], attrs["N"], attrs["block_size"]
        if attrs.get("bits", 4) != 4 or (len(node.input) > 3 and node.input[3]):
            raise SystemExit(f"{node.name}: only symmetric 4-bit MatMulNBits without zero points is supported")
        packed = numpy_helper.to_array(inits[node.input[1]])  # [N, blocks, block/2] uint8
        scales = numpy_helper.to_array(inits[node.input[2]]).astype(np.float32).reshape(n, -1)
        low, high = (packed & 0x0F).astype(np.float32), (packed >> 4).astype(np.float32)
        values = np.stack([low, high], axis=-1).reshape(n, -1) - 8.0  # low nibble first; zero point 8
        weights = (values.reshape(n, scales.shape[1], block) * scales[:, :, None]).reshape(n, -1)[:, :k]
        name = node.input[1] + "_fp32"
        model.graph.initializer.append(numpy_helper.from_array(np.ascontiguousarray(weights.T), name))
        bias = node.input[5] if len(node.input) > 5 and node.input[5] else None
        product = node.output[0] + "_product" if bias else node.output[0]
        nodes.append(helper.make_node("MatMul", [node.input[0], name], [product], name=node.name))
        if k > 2 * n:
            down.append(node.name)
        if bias:
            nodes.append(helper.make_node("Add", [product, bias], [node.output[0]], name=node.name + "_bias"))
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    used = {i for node in model.graph.node for i in node.input}
    keep = [i for i in model.graph.initializer if i.name in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(keep)
    return model, down


def _check(folder: Path) -> float:
    """The lowest cosine of the new model's embeddings to the fp32 references, each case
    embedded alone and all of them in one batch."""
    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from docvec_gui.core.embed import OnnxEmbedder

    cases = json.loads((folder / "reference_embeddings.json").read_text(encoding="utf-8"))["cases"]
    worst = 1.0
    for batch in (1, len(cases)):
        embedder = OnnxEmbedder(folder, batch_size=batch)
        for kind in ("query", "passage"):
            mine = [c for c in cases if c["prefix"].strip(": ") == kind]
            vectors = embedder.embed([c["text"] for c in mine], kind=kind)
            references = np.asarray([c["embedding"] for c in mine], dtype=np.float32)
            worst = min(worst, float(np.min(np.sum(vectors * references, axis=1))))
    return worst


def build(source: Path, dest: Path) -> Path:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    spec = json.loads((source / "docvec-model.json").read_text(encoding="utf-8"))
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=dest.name + ".", dir=dest.parent))
    try:
        fp32 = work / "fp32.onnx"
        model, down = _dequantized_matmuls(onnx.load(str(source / spec["onnx"])))
        onnx.save(model, str(fp32), save_as_external_data=True, location="fp32.data")
        quantize_dynamic(str(fp32), str(work / ONNX_FILE), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=down,
                         extra_options={"MatMulConstBOnly": True, "DefaultTensorType": onnx.TensorProto.FLOAT})
        for leftover in ("fp32.onnx", "fp32.data"):
            (work / leftover).unlink()
        for name in COPIED:
            shutil.copyfile(source / name, work / name)
        # The "no good matches" floor of vector hits, from benchmarks/match_floor.py
        # (docs/BENCHMARKS.md): it keeps 98% of EN->ZH and 94% of SciFact targets, and empties
        # 40% of off-topic English queries; e5's compressed scores allow no cleaner cut.
        spec.update(name=NAME, onnx=ONNX_FILE, min_similarity=MIN_SIMILARITY,
                    source=spec.get("source", "") + "; int8 (dynamic, per channel) by build_scripts/quantize_model.py")
        (work / "docvec-model.json").write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n",
                                                encoding="utf-8")
        worst = _check(work)
        if worst < MIN_COSINE:
            raise SystemExit(f"the int8 model drifted: cosine {worst:.4f} < {MIN_COSINE} to the references")
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(work, dest)  # whole or not at all: a half-written model folder is never seen
        print(f"{dest}: {ONNX_FILE} {(dest / ONNX_FILE).stat().st_size / 1e6:.1f} MB, "
              f"lowest cosine to the fp32 references {worst:.4f}")
        return dest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("Usage: ")[1].splitlines()[0], file=sys.stderr)
        return 2
    build(Path(argv[0]).resolve(), Path(argv[1]).resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
