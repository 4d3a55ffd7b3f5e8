"""Page-role precision/recall and document-boundary precision/recall on generated, labelled data.

    .venv/bin/python bench/page_roles.py [--seed 7] [--per-role 60] [--bundles 40] [--images N] [--json]

Pages and bundles come from bench/page_roles_data.py (deterministic). Layout features that an
image would give (ruled lines) are the generator's synthetic values; ``--images N`` also renders
the first N pages per role with tests/pagegen and reads the rules from the image instead, to check
that path (text still comes from the generator: no OCR here).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.page_roles_data import LabelledPage, labelled_bundles, labelled_pages, render  # noqa: E402
from classify.boundaries import split_bundle  # noqa: E402
from classify.page_roles import ROLES, PageFeatures, classify_page, page_features  # noqa: E402
from ocr.layout import rules  # noqa: E402


def features_of(page: LabelledPage, *, image: bool = False) -> PageFeatures:
    if image:
        import numpy as np

        return page_features(page.text, layout=rules(np.asarray(render(page))), blank=page.blank, separator=page.separator)
    f = page_features(page.text, blank=page.blank, separator=page.separator)
    return dataclasses.replace(f, ruled_lines=page.ruled_lines, vertical_rules=page.vertical_rules)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def role_report(pages: list[LabelledPage], feats: list[PageFeatures]) -> dict[str, dict[str, float]]:
    pred = [classify_page(f).role for f in feats]
    out: dict[str, dict[str, float]] = {}
    for role in ROLES:
        tp = sum(1 for p, y in zip(pages, pred, strict=True) if p.role == role and y == role)
        fp = sum(1 for p, y in zip(pages, pred, strict=True) if p.role != role and y == role)
        fn = sum(1 for p, y in zip(pages, pred, strict=True) if p.role == role and y != role)
        p, r, f1 = prf(tp, fp, fn)
        out[role] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3), "support": tp + fn}
    acc = sum(1 for p, y in zip(pages, pred, strict=True) if p.role == y) / len(pages)
    out["_overall"] = {"accuracy": round(acc, 3), "pages": len(pages)}
    confusions = Counter((p.role, y) for p, y in zip(pages, pred, strict=True) if p.role != y)
    out["_confusions"] = {f"{a}->{b}": n for (a, b), n in confusions.most_common(8)}  # type: ignore[dict-item]
    return out


def boundary_report(seed: int, n: int) -> dict[str, float]:
    tp = fp = fn = 0
    spans_exact = docs = 0
    for b in labelled_bundles(seed=seed, n=n):
        spans = split_bundle([features_of(p) for p in b.pages])
        pred = {s.start for s in spans}
        true = set(b.starts)
        tp += len(pred & true)
        fp += len(pred - true)
        fn += len(true - pred)
        ends = {t: (b.starts[k + 1] if k + 1 < len(b.starts) else len(b.pages)) for k, t in enumerate(b.starts)}
        spans_exact += sum(1 for s in spans if s.start in ends and ends[s.start] == s.end)
        docs += len(b.starts)
    p, r, f1 = prf(tp, fp, fn)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
            "documents": docs, "exact_spans": round(spans_exact / docs, 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-role", type=int, default=60)
    ap.add_argument("--bundles", type=int, default=40)
    ap.add_argument("--images", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    t0 = time.perf_counter()
    pages = labelled_pages(seed=a.seed, per_role=a.per_role)
    report = {"roles": role_report(pages, [features_of(p) for p in pages])}
    if a.images:
        chosen = [p for r in ROLES for p in [q for q in pages if q.role == r][: a.images]]
        report["roles_from_images"] = role_report(chosen, [features_of(p, image=True) for p in chosen])
    report["boundaries"] = boundary_report(a.seed + 4, a.bundles)  # type: ignore[assignment]
    report["seconds"] = round(time.perf_counter() - t0, 2)  # type: ignore[assignment]
    if a.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for name in ("roles", "roles_from_images"):
        if name not in report:
            continue
        print(f"{name}:  role        precision  recall   f1    n")
        for role in ROLES:
            m = report[name][role]
            print(f"        {role:<11} {m['precision']:>8.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {m['support']:>4}")
        print(f"        overall accuracy {report[name]['_overall']['accuracy']:.3f} on {report[name]['_overall']['pages']} pages")
        print(f"        top confusions (true->predicted): {report[name]['_confusions']}")
    b = report["boundaries"]
    print(f"boundaries: precision {b['precision']:.3f} recall {b['recall']:.3f} f1 {b['f1']:.3f} "
          f"on {b['documents']} documents; exact spans {b['exact_spans']:.3f}")
    print(f"({report['seconds']} s)")


if __name__ == "__main__":
    main()
