"""The e5 contextual-feature spike of issue #4 (cue recall): the runs of ``README.md``'s
"Tried" rows that use :mod:`~storytrace.trace.learned.e5tokens`. Not used by any model.

    python -m storytrace.trace.learned.e5spike cache TRAIN DEV --work /tmp/hc
    python -m storytrace.trace.learned.e5spike pca   TRAIN DEV --work /tmp/hc --dims 64
    python -m storytrace.trace.learned.e5spike probe TRAIN DEV --work /tmp/hc [--hidden 128]
    python -m storytrace.trace.learned.e5spike combo TRAIN DEV --work /tmp/hc --dims 64
    python -m storytrace.trace.learned.e5spike role  TRAIN DEV --work /tmp/hc --dims 64

(``--layer 6`` by default; run with ``OPENBLAS_NUM_THREADS=1`` to repeat the figures.)

``cache`` parses both files (spaCy + rules, ``<work>/<split>-parsed``) and writes the token
vectors of layers 6, 9 and 12 (float16, ``<work>/<split>-L<layer>.npy``; about 20 minutes
for PolNeAR train on one core). The other commands train a cue CRF (or, ``role``, a role
CRF) on train with extra features, beside a copy of the shipped other CRF, and print the
dev figures as one JSON line:

* ``pca``: the token's vector projected on the first principal components of train tokens
  (unit variance, clipped at 3), one real-valued feature per component (``--neighbours``:
  those of the tokens before and after it too);
* ``probe``: a B/I/O softmax classifier (linear, or one ReLU layer with ``--hidden``) on the
  vectors of the token and its two neighbours; on train its out-of-fold probabilities (folds
  by article), on dev those of a probe fitted on all of train; P(B) and P(I) of the token and
  its neighbours as real values and in tenths;
* ``combo``: ``probe`` (linear) and ``pca`` together; ``role``: ``pca`` features in the role
  CRF, with the shipped cue CRF;
* ``cost``: CPU time of the token states for the first 30 dev articles;
* ``misses``: no training of a CRF; counts, over dev tokens, the shipped cue CRF's missed,
  right and false cue tokens and how many of each the probe's P(B) + P(I) calls cues.

``--params JSON`` trains with other CRFsuite parameters (e.g. ``{"algorithm": "lbfgs", "c1":
1.0, "c2": 0.1, "max_iterations": 150}``) instead of the shipped 10-epoch perceptron.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from storytrace.trace.learned import features as F
from storytrace.trace.learned.corpus import Parsed, parse_corpus

LAYERS = (6, 9, 12)
#: Extra features of an article (split, article index) -> one dict per spaCy token.
Extras = Callable[[str, int], list[dict[str, float]]]
_LABEL = {"O": 0, "B": 1, "I": 2}


class Spike:
    def __init__(self, train: Path, dev: Path, work: Path) -> None:
        self.files = {"train": train, "dev": dev}
        self.work = work
        self._corpus: dict[str, list[Parsed]] = {}

    def corpus(self, split: str) -> list[Parsed]:
        if split not in self._corpus:
            self._corpus[split] = parse_corpus(self.files[split], self.work / f"{split}-parsed")
        return self._corpus[split]

    def offsets(self, split: str) -> np.ndarray:
        return np.cumsum([0] + [len(p.doc) for p in self.corpus(split)])

    def vectors(self, split: str, layer: int) -> np.ndarray:
        return np.load(self.work / f"{split}-L{layer}.npy", mmap_mode="r")

    def cache(self) -> None:
        from storytrace.trace.learned.e5tokens import E5Encoder, token_vectors

        enc = E5Encoder()
        for split in self.files:
            offs = self.offsets(split)
            outs = [
                np.lib.format.open_memmap(
                    self.work / f"{split}-L{layer}.npy",
                    mode="w+",
                    dtype=np.float16,
                    shape=(int(offs[-1]), enc.hidden),
                )
                for layer in LAYERS
            ]
            for a, item in enumerate(self.corpus(split)):
                vec = token_vectors(enc, item.doc, LAYERS)
                for j, out in enumerate(outs):
                    out[offs[a] : offs[a + 1]] = vec[j]
            for out in outs:
                out.flush()

    def token_labels(self, split: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Global index, gold label (0/1/2 = O/B/I) and article of every paragraph token."""
        offs = self.offsets(split)
        idx: list[int] = []
        lab: list[int] = []
        art: list[int] = []
        for a, item in enumerate(self.corpus(split)):
            gold = [g["cue"][0] for g in item.gold if g["cue"]]
            for para in F.paragraphs(item.doc):
                for i, y in zip(para, F.cue_labels(item.doc, para, gold), strict=True):
                    idx.append(int(offs[a]) + i)
                    lab.append(_LABEL[y])
                    art.append(a)
        return np.array(idx), np.array(lab), np.array(art)

    def context_rows(self, split: str, layer: int, idx: np.ndarray) -> np.ndarray:
        """[v_i, v_i-1, v_i+1] (float32) of global token indices."""
        v = self.vectors(split, layer)
        return np.concatenate(
            [
                np.asarray(v[idx], np.float32),
                np.asarray(v[np.maximum(idx - 1, 0)], np.float32),
                np.asarray(v[np.minimum(idx + 1, len(v) - 1)], np.float32),
            ],
            axis=1,
        )

    # -- extra features -------------------------------------------------------------------

    def pca(self, layer: int, dims: int, neighbours: bool = False, sample: int = 200_000) -> Extras:
        idx, _, _ = self.token_labels("train")
        rng = np.random.default_rng(0)
        pick = np.sort(rng.choice(idx, size=min(sample, len(idx)), replace=False))
        x = np.asarray(self.vectors("train", layer)[pick], np.float32)
        mu = x.mean(axis=0)
        _, s, vt = np.linalg.svd(x - mu, full_matrices=False)
        comp, sd = vt[:dims], s[:dims] / np.sqrt(len(x) - 1)

        # An ``n`` prefix makes the cue tagger see them at the neighbours too.
        names = [f"{'n' if neighbours else ''}z{j}" for j in range(dims)]

        def extras(split: str, a: int) -> list[dict[str, float]]:
            v, offs = self.vectors(split, layer), self.offsets(split)
            z = (np.asarray(v[offs[a] : offs[a + 1]], np.float32) - mu) @ comp.T / sd
            z = np.clip(z, -3.0, 3.0).tolist()
            doc = self.corpus(split)[a].doc
            return [dict(zip(names, z[t.i], strict=True)) if t.text.strip() else {} for t in doc]

        return extras

    def probe(self, layer: int, hidden: int = 0) -> Extras:
        ti, ty, ta = self.token_labels("train")
        di, _, _ = self.token_labels("dev")
        xt = self.context_rows("train", layer, ti)
        folds, epochs = (3, 3) if hidden else (5, 4)
        oof = np.zeros((len(ti), 3), np.float32)
        for f in range(folds):
            held = ta % folds == f
            oof[held] = fit_softmax(xt[~held], ty[~held], epochs, hidden, seed=f)(xt[held])
        full = fit_softmax(xt, ty, epochs, hidden, seed=99)
        probs = {"train": (ti, oof), "dev": (di, full(self.context_rows("dev", layer, di)))}

        where = {split: {int(g): k for k, g in enumerate(probs[split][0])} for split in probs}

        def extras(split: str, a: int) -> list[dict[str, float]]:
            p, offs = probs[split][1], self.offsets(split)
            rows: list[dict[str, float]] = []
            for i in range(len(self.corpus(split)[a].doc)):
                k = where[split].get(int(offs[a]) + i)
                if k is None:
                    rows.append({})
                    continue
                pb, pi = float(p[k, 1]), float(p[k, 2])
                rows.append(
                    {
                        "npB": pb,
                        "npI": pi,
                        f"npb={min(int(pb * 10), 9)}": 1.0,
                        f"npi={min(int(pi * 10), 9)}": 1.0,
                        f"npc={min(int((pb + pi) * 10), 9)}": 1.0,
                    }
                )
            return rows

        return extras

    def misses(self, layer: int, hidden: int) -> dict[str, int]:
        """How the probe's dev probabilities relate to the shipped cue CRF's token errors."""
        from storytrace.trace.learned import DEFAULT_STEM, CrfAttributionModel

        extras = self.probe(layer, hidden)
        model = CrfAttributionModel(DEFAULT_STEM)
        n = Counter[str]()
        for a, item in enumerate(self.corpus("dev")):
            df = F.prepare(item.doc, item.rules)
            gold = [g["cue"][0] for g in item.gold if g["cue"]]
            probs = extras("dev", a)
            for para in df.paragraphs:
                tags = model._cue.tag(F.cue_features(df, para))
                for i, t, g in zip(para, tags, F.cue_labels(item.doc, para, gold), strict=True):
                    ex = probs[i]
                    p = ex.get("npB", 0.0) + ex.get("npI", 0.0)
                    if g != "O" and t == "O":
                        n["missed"] += 1
                        n["missed, probe > 0.5"] += p > 0.5
                    elif g != "O":
                        n["right"] += 1
                        n["right, probe < 0.2"] += p < 0.2
                    elif t != "O":
                        n["false"] += 1
                        n["false, probe < 0.2"] += p < 0.2
        return dict(n)

    def cost(self, layer: int, n: int = 30) -> dict[str, float]:
        """CPU seconds of the token states of ``layer`` for the first ``n`` dev articles."""
        import time

        from storytrace.trace.learned.e5tokens import E5Encoder, token_vectors

        enc = E5Encoder()
        docs = [p.doc for p in self.corpus("dev")[:n]]
        t = time.process_time()
        for doc in docs:
            token_vectors(enc, doc, (layer,))
        cpu = time.process_time() - t
        pieces = sum(len(enc.tokenize("passage: " + d.text)[0]) for d in docs)
        return {
            "articles": len(docs),
            "cpu_s": round(cpu, 1),
            "articles_per_s": len(docs) / cpu,
            "pieces_per_s": pieces / cpu,
        }

    # -- training and scoring -------------------------------------------------------------

    def run(
        self,
        extras: Extras,
        role: bool = False,
        params: dict[str, Any] | None = None,
    ) -> dict[str, float]:
        import ctypes
        import ctypes.util

        import pycrfsuite

        from storytrace.trace.learned import DEFAULT_STEM, compress_model, model_paths
        from storytrace.trace.learned.train import CUE_PARAMS, ROLE_PARAMS

        stem = self.work / "model" / "polnear-en"
        stem.parent.mkdir(parents=True, exist_ok=True)
        cue_path, role_path = model_paths(stem)
        # As train.train_crf, but sequences go to CRFsuite as they are built (hundreds of
        # real-valued features a token do not fit in memory as Python dicts).
        ctypes.CDLL(ctypes.util.find_library("c")).srand(1)
        params = dict(params or (ROLE_PARAMS if role else CUE_PARAMS))
        trainer = pycrfsuite.Trainer(algorithm=params.pop("algorithm", "lbfgs"), verbose=False)
        with _injected():
            for a, item in enumerate(self.corpus("train")):
                _EXTRA[id(item.doc)] = extras("train", a)
                df = F.prepare(item.doc, item.rules)
                for xs, ys in _role_seqs(df, item) if role else _cue_seqs(df, item):
                    trainer.append(xs, ys)
                _EXTRA.clear()
        trainer.set_params(params)
        new, kept = (role_path, cue_path) if role else (cue_path, role_path)
        shutil.copy(model_paths(DEFAULT_STEM)[1 if new is cue_path else 0], kept)
        trainer.train(str(new.with_suffix("")))
        compress_model(new.with_suffix(""), new)
        new.with_suffix("").unlink()
        return self.score(stem, extras)

    def score(self, stem: Path, extras: Extras) -> dict[str, float]:
        from storytrace.eval.attribution import ROLES, Report, score_article
        from storytrace.trace.learned import CrfAttributionModel

        model = CrfAttributionModel(stem)
        report = Report()
        with _injected():
            for a, item in enumerate(self.corpus("dev")):
                _EXTRA[id(item.doc)] = extras("dev", a)
                found = model.tag(item.doc, item.rules)
                _EXTRA.clear()
                pred = [{"source": x.source, "cue": x.cue, "content": x.content} for x in found]
                for r, counts in score_article(item.doc.text, pred, item.gold).items():  # type: ignore[arg-type]
                    report.roles[r].add(counts)
        out = report.as_dict()
        return {k: out[k] for r in ROLES for k in (f"{r}_f1", f"{r}_overlap_f1")}


def _cue_seqs(df: F.DocFeatures, item: Parsed) -> list[tuple[Any, list[str]]]:
    gold = [g["cue"][0] for g in item.gold if g["cue"]]
    return [(F.cue_features(df, p), F.cue_labels(item.doc, p, gold)) for p in df.paragraphs]


def _role_seqs(df: F.DocFeatures, item: Parsed) -> list[tuple[Any, list[str]]]:
    out: list[tuple[Any, list[str]]] = []
    para_of = {i: para for para in df.paragraphs for i in para}
    for g in item.gold:
        toks = F._token_ids(item.doc, g["cue"][:1])
        if not toks or toks[0] not in para_of:
            continue
        para = para_of[toks[0]]
        toks = [i for i in toks if i in para_of and para_of[i] is para]
        window = F.role_window(df, para, toks)
        labels = F.role_labels(item.doc, window, toks, g["source"], g["content"])
        out.append((F.role_features(df, window, toks), labels))
    return out


#: The extra features of the document being featurised (id of its Doc -> per token).
_EXTRA: dict[int, list[dict[str, float]]] = {}


@contextmanager
def _injected() -> Iterator[None]:
    """Let ``cue_features`` and ``role_features`` add the current document's extra features
    (the taggers take {feature: value} dicts; string features count 1 each). The cue tagger
    also sees its neighbours' ``n``-prefixed extras, as ``-1npB`` etc."""
    cue0, role0 = F.cue_features, F.role_features

    def dicts(rows: list[list[str]]) -> list[dict[str, float]]:
        return [{a: float(c) for a, c in Counter(r).items()} for r in rows]

    def cue(df: F.DocFeatures, para: list[int]) -> Any:
        rows, ex = dicts(cue0(df, para)), _EXTRA.get(id(df.doc), [])
        for k, i in enumerate(para if ex else ()):
            rows[k].update(ex[i])
            for o in (-1, 1):
                if 0 <= k + o < len(para):
                    for a, val in ex[para[k + o]].items():
                        if a.startswith("n"):
                            rows[k][f"{o}{a}"] = val
        return rows

    def role(df: F.DocFeatures, window: list[int], cue_toks: list[int]) -> Any:
        rows, ex = dicts(role0(df, window, cue_toks)), _EXTRA.get(id(df.doc), [])
        for k, i in enumerate(window if ex else ()):
            rows[k].update(ex[i])
        return rows

    F.cue_features, F.role_features = cue, role  # type: ignore[assignment]
    try:
        yield
    finally:
        F.cue_features, F.role_features = cue0, role0
        _EXTRA.clear()


def fit_softmax(
    x: np.ndarray, y: np.ndarray, epochs: int, hidden: int = 0, seed: int = 0
) -> Callable[[np.ndarray], np.ndarray]:
    """A 3-class softmax classifier (linear, or one ReLU layer of ``hidden`` units) fitted
    with Adam on standardised rows; returns its probability function."""
    rng = np.random.default_rng(seed)
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-6
    d = x.shape[1]
    w: dict[str, np.ndarray] = {"b": np.zeros(3, np.float32)}
    if hidden:
        w["W1"] = (rng.standard_normal((d, hidden)) * np.sqrt(2 / d)).astype(np.float32)
        w["b1"] = np.zeros(hidden, np.float32)
        w["W"] = (rng.standard_normal((hidden, 3)) * np.sqrt(1 / hidden)).astype(np.float32)
    else:
        w["W"] = np.zeros((d, 3), np.float32)
    m1 = {k: np.zeros_like(v) for k, v in w.items()}
    m2 = {k: np.zeros_like(v) for k, v in w.items()}
    lr, l2, step = 2e-3, 1e-4, 0

    def hid(xb: np.ndarray) -> np.ndarray:
        return np.maximum(xb @ w["W1"] + w["b1"], 0) if hidden else xb

    def softmax(z: np.ndarray) -> np.ndarray:
        e = np.exp(z - z.max(axis=1, keepdims=True))
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out

    for _ in range(epochs):
        order = rng.permutation(len(x))
        for a in range(0, len(x), 1024):
            b = order[a : a + 1024]
            xb = (x[b] - mu) / sd
            h = hid(xb)
            g = softmax(h @ w["W"] + w["b"])
            g[np.arange(len(b)), y[b]] -= 1
            g /= len(b)
            grads = {"b": g.sum(axis=0), "W": h.T @ g + l2 * w["W"]}
            if hidden:
                gh = (g @ w["W"].T) * (h > 0)
                grads["W1"] = xb.T @ gh + l2 * w["W1"]
                grads["b1"] = gh.sum(axis=0)
            step += 1
            for k in w:
                m1[k] = 0.9 * m1[k] + 0.1 * grads[k]
                m2[k] = 0.999 * m2[k] + 0.001 * grads[k] ** 2
                upd = (m1[k] / (1 - 0.9**step)) / (np.sqrt(m2[k] / (1 - 0.999**step)) + 1e-8)
                w[k] -= lr * upd

    def predict(xn: np.ndarray) -> np.ndarray:
        parts = [
            softmax(hid((xn[a : a + 8192] - mu) / sd) @ w["W"] + w["b"])
            for a in range(0, len(xn), 8192)
        ]
        return np.concatenate(parts)

    return predict


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("what", choices=("cache", "pca", "probe", "combo", "role", "misses", "cost"))
    ap.add_argument("train", type=Path)
    ap.add_argument("dev", type=Path)
    ap.add_argument("--work", type=Path, required=True, help="directory for caches and models")
    ap.add_argument("--layer", type=int, default=6, choices=LAYERS)
    ap.add_argument("--dims", type=int, default=64)
    ap.add_argument("--hidden", type=int, default=0)
    ap.add_argument("--neighbours", action="store_true", help="pca: also the ±1 tokens'")
    ap.add_argument("--params", default="", help="JSON: CRFsuite parameters instead of ours")
    args = ap.parse_args(argv)
    params = json.loads(args.params) if args.params else None
    sp = Spike(args.train, args.dev, args.work)
    if args.what == "cache":
        sp.cache()
        return 0
    if args.what == "cost":
        print(json.dumps(sp.cost(args.layer)))
        return 0
    if args.what == "misses":
        print(json.dumps(sp.misses(args.layer, args.hidden)))
        return 0
    if args.what in ("pca", "role"):
        res = sp.run(sp.pca(args.layer, args.dims, args.neighbours), args.what == "role", params)
    elif args.what == "probe":
        res = sp.run(sp.probe(args.layer, args.hidden), params=params)
    else:
        pca, probe = sp.pca(args.layer, args.dims), sp.probe(args.layer)

        def both(split: str, a: int) -> list[dict[str, float]]:
            return [{**x, **y} for x, y in zip(probe(split, a), pca(split, a), strict=True)]

        res = sp.run(both, params=params)
    print(json.dumps({"variant": args.what, **vars(args), **res}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
