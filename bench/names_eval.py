"""How well `mt glossary suggest` finds name variants: recall of the gold groups and precision of
the top 50 groups, on the dev split (the shipped corpora and three stories, tuned on) and the
held-out split (three stories written after the rules were fixed; bench/data/names/README.md).

Each story is given as two renderings of one source (``--parallel`` with ``--source``). A found
group is right where every variant differs from the preferred spelling only by words that one
gold group holds (Ahmed Masoud/Ahmad Masoud is right through Ahmad|Ahmed); a gold group is
recalled where the found groups bring all its spellings together.

    python bench/names_eval.py        # last line: recall=R top50_precision=P (held-out split)
    python bench/names_eval.py --model DIR   # also a line with a model's attention (before it)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from mt.document import Document
from mt.formats.registry import read_document
from mt.glossary.names_suggest import suggest_names
from mt.glossary.suggest import Suggestion, suggest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "names"
CORPORA = ROOT / "corpora"


def read_gold(path: Path) -> list[frozenset[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [frozenset(line.split("|")) for line in lines if line and not line.startswith("#")]


def dev_split() -> list[list[Document]]:
    stories = sorted(p.name[: -len(".mt.en")] for p in CORPORA.glob("*.mt.en"))
    corpora = [
        [
            read_document(CORPORA / f"{name}.mt.en", source=CORPORA / f"{name}.ar"),
            read_document(CORPORA / f"{name}.ref.en"),
        ]
        for name in stories
    ]
    return corpora + written_split("dev")


def written_split(split: str) -> list[list[Document]]:
    """The stories of ``bench/data/names/SPLIT``: X.ar with renderings X.a.mt.en, X.b.mt.en."""
    folder = DATA / split
    stories = sorted(p.name[: -len(".ar")] for p in folder.glob("*.ar"))
    return [
        [
            read_document(folder / f"{name}.a.mt.en", source=folder / f"{name}.ar"),
            read_document(folder / f"{name}.b.mt.en"),
        ]
        for name in stories
    ]


def _same_name(a: str, b: str, gold: list[frozenset[str]]) -> bool:
    """Whether spellings ``a`` and ``b`` differ only by gold variants, word by word."""
    if any(a in g and b in g for g in gold):
        return True
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    pairs = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    return bool(pairs) and all(any(x in g and y in g for g in gold) for x, y in pairs)


def right(found: Suggestion, gold: list[frozenset[str]]) -> bool:
    return all(_same_name(found.preferred, v, gold) for v in found.variants)


def recalled(group: frozenset[str], found: list[Suggestion]) -> bool:
    together: set[str] = set()
    for s in found:
        words = {w for form in s.counts for w in (form, *form.split())}
        if len(words & group) >= 2:
            together |= words & group
    return together == group


def evaluate(
    split: list[list[Document]], gold: list[frozenset[str]], baseline: bool = False,
    aligner: Any = None,
) -> tuple[float, float, int]:
    """Recall, top-50 precision and the number of groups; with ``baseline``, of the groups by
    looks alone (target text only, as before source anchoring); ``aligner``: a model's."""
    if baseline:
        found = suggest([d for outputs in split for d in outputs])
    else:
        found = suggest_names(parallel=split, aligner=aligner)
    top = found[:50]
    precision = sum(right(s, gold) for s in top) / len(top) if top else 0.0
    recall = sum(recalled(g, found) for g in gold) / len(gold)
    return recall, precision, len(found)


def model_aligner(model: str, device: str) -> Any:
    from mt.engines.attention import word_attention
    from mt.engines.transformers_engine import TransformersEngine

    engine = TransformersEngine.load(model, device=device)
    return lambda pairs: word_attention(engine, pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="also evaluate with this model's attention (a folder)")
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    aligner = model_aligner(args.model, args.device) if args.model else None
    for name, split in (("dev", dev_split()), ("heldout", written_split("heldout"))):
        gold = read_gold(DATA / name / "gold.txt")
        base_recall, base_precision, _ = evaluate(split, gold, baseline=True)
        print(
            f"{name} baseline (target text only): recall={base_recall:.2f} "
            f"top50_precision={base_precision:.2f}"
        )
        recall, precision, count = evaluate(split, gold)
        missed = [
            "|".join(sorted(g)) for g in gold if not recalled(g, suggest_names(parallel=split))
        ]
        print(
            f"{name}: {count} groups found, {len(gold)} gold; recall={recall:.2f} "
            f"top50_precision={precision:.2f}; missed: {', '.join(missed) or 'none'}"
        )
        if name == "heldout":
            wrong = [s for s in suggest_names(parallel=split)[:50] if not right(s, gold)]
            for s in wrong:
                print(f"  not a gold variant: {' / '.join(s.counts)}")
        if aligner is not None:
            with_model = evaluate(split, gold, aligner=aligner)
            print(f"{name} with --model {args.model}: {with_model[2]} groups; "
                  f"recall={with_model[0]:.2f} top50_precision={with_model[1]:.2f}")
    print(f"recall={recall:.2f} top50_precision={precision:.2f}")


if __name__ == "__main__":
    main()
