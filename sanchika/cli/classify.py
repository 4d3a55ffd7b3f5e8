"""`sanchika classify (--text T | FILE) | train | eval`: the department classifier."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from domain.errors import BatchInterruptedError, SanchikaError, UsageError

from .common import JsonOpt, StopOnSignal, app, emit, fail, load_settings

_TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ".json", ".jsonl", ""}


class _ClassifyGroup(TyperGroup):
    """`sanchika classify FILE` / `--text T`: anything that is not a subcommand goes to the hidden
    `one` command (a Click group cannot take a positional argument besides its subcommands)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # click's Context (typer >= 0.29 vendors click)
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["one", *args]
        return super().parse_args(ctx, args)


classify_app = typer.Typer(
    cls=_ClassifyGroup, no_args_is_help=True,
    help="Department of a text or file (`sanchika classify --text T` or `sanchika classify FILE`), "
         "retrain with corrections (`train`), score a model on labelled rows (`eval`).")
app.add_typer(classify_app, name="classify")


def _classifier(settings):  # type: ignore[no-untyped-def]
    from classify.loader import load_default_classifier

    return load_default_classifier(settings.classifier_model_dir(), settings.classifier_min_confidence)


def _read_input(path: Path, settings) -> str:  # type: ignore[no-untyped-def]
    if not path.is_file():
        raise UsageError(f"{path} is not a file.")
    with path.open("rb") as fh:
        head = fh.read(8)
    is_binary = head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8", b"II*\x00", b"MM\x00*", b"PK"))
    if not is_binary and path.suffix.lower() in _TEXT_SUFFIXES:
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"{path} is not UTF-8 text; pass a PDF or image to OCR, or --text.") from None
    from contextlib import closing

    from ..ocr_file import ocr_file

    stop = StopOnSignal(grace=settings.shutdown_seconds)  # its pool stopped in order on Ctrl-C/SIGTERM, bounded
    try:
        with stop, closing(ocr_file(path, settings)) as pages:
            return "\n\n".join(r.text.text for r in pages)
    except KeyboardInterrupt:
        from ocr.watchdog import kill_page_process

        kill_page_process()  # a page read here (a one-page file): not waited for, at exit either
        raise BatchInterruptedError(f"reading {path} was stopped: nothing is stored, its processes ended."
                                    + stop.note(), signal=stop.signum) from None


@classify_app.command("one", hidden=True)
def classify_one(
    file: Annotated[Path | None, typer.Argument(help="A UTF-8 text file, or a PDF/image (OCR first).")] = None,
    text: Annotated[str | None, typer.Option("--text", help="The text to classify.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Department, confidence, the top three scores and the words that drove the decision."""
    try:
        if (text is None) == (file is None):
            raise UsageError("give either --text T or FILE (one of them).")
        settings = load_settings()
        body = text if text is not None else _read_input(file, settings)  # type: ignore[arg-type]
        clf = _classifier(settings)
        result = clf.classify(body)
    except SanchikaError as exc:
        fail(exc)
        return
    top = sorted(result.scores.items(), key=lambda kv: -kv[1])[:3]
    explain = getattr(clf, "explain", None)
    target = result.department if result.department != "unknown" else (top[0][0] if top else None)
    drivers: list[Any]
    if callable(explain) and body.strip():
        read_as = getattr(clf, "read_as", lambda w: None)
        drivers = [{"word": w, "weight": d, **({"read_as": r} if (r := read_as(w)) else {})}
                   for w, d in explain(body, target)]
    else:
        drivers = [{"word": w, "weight": None} for w in result.evidence]
    out = {"department": result.department, "confidence": result.confidence, "method": result.method,
           "top": [{"department": k, "score": round(v, 4)} for k, v in top],
           "words": drivers, "lexicon_evidence": list(result.evidence),
           "threshold": settings.classifier_min_confidence}
    if as_json:
        emit(out)
        return
    from classify.taxonomy import get

    name = get(result.department).name_en if result.department != "unknown" else "unknown (below the threshold: review)"
    typer.echo(f"department: {result.department}  [{name}]  confidence {result.confidence:.2f} ({result.method})")
    typer.echo("top three:  " + "   ".join(f"{k} {v:.2f}" for k, v in top))
    if drivers:
        typer.echo("words:      " + ", ".join(_driver(d) for d in drivers))


def _driver(d: dict[str, Any]) -> str:
    """One driving word for people: ``word (+1.28)``; an OCR-damaged word with what it was read as:
    ``जलबायु (read as जलवायु, +1.28)``."""
    notes = ([f"read as {d['read_as']}"] if d.get("read_as") else []) + ([] if d["weight"] is None else [f"{d['weight']:+.2f}"])
    return f"{d['word']} ({', '.join(notes)})" if notes else d["word"]


@classify_app.command("train")
def train_cmd(
    data: Annotated[Path | None, typer.Option("--data", help="Labelled JSON Lines (default: "
                                              "../shared/data/departments/train.jsonl if it exists).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Model folder (default: $SANCHIKA_HOME/model, which "
                                             "classification then uses).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Switch even if the new model scores lower.")] = False,
    no_corrections: Annotated[bool, typer.Option("--no-corrections", help="Ignore corrections in the database.")] = False,
    epochs: Annotated[int | None, typer.Option("--epochs", min=1, max=50, help="Training epochs (fewer = faster).")] = None,
    length: Annotated[int | None, typer.Option("--hash-buckets", min=2**10, max=2**19, hidden=True)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Retrain on the base data plus operators' corrections; prints old vs new held-out scores, then
    switches to the new model only if it is not worse (or with --force)."""
    from ..retrain import correction_rows, default_data_path, retrain

    settings = load_settings()
    options: dict[str, Any] = {}
    if epochs is not None:
        options["epochs"] = epochs
    if length is not None:
        options["length"] = length
    try:
        data_path = data if data is not None else default_data_path()
        corr: list[dict[str, Any]] = []
        if not no_corrections:
            from storage.db import init_schema, open_engine

            settings.home.mkdir(parents=True, exist_ok=True)
            engine = open_engine(settings.db_url)
            init_schema(engine)
            corr = correction_rows(engine)
            engine.dispose()
        if not as_json:
            sys.stderr.write(f"training on {data_path} + {len(corr)} correction(s) ...\n")
        result = retrain(data_path, out or settings.trained_model_dir, settings.classifier_model_dir(),
                         [{k: r[k] for k in ("text", "lang", "department", "id")} for r in corr],
                         force=force, **options)
    except SanchikaError as exc:
        fail(exc)
        return
    for note in result.warnings:
        sys.stderr.write(f"warning: {note}\n")
    if as_json:
        emit(result.to_json())
        return

    def line(s: dict[str, Any]) -> str:
        if not s:
            return "n/a (no held-out rows, or a model older code wrote: see the warnings)"
        pl = s["per_language"]
        return (f"macro-F1 {s['macro_f1']:.3f}  accuracy {s['accuracy']:.3f}  "
                f"(en {pl['en']['macro_f1']:.3f} n={pl['en']['n']}, hi {pl['hi']['macro_f1']:.3f} n={pl['hi']['n']})")

    typer.echo(f"held-out part of {result.data}:")
    typer.echo(f"  old  {line(result.old)}   [{result.old_model}]")
    typer.echo(f"  new  {line(result.new)}   [{result.corrections} correction(s), {result.train_seconds:.0f} s, "
               f"{result.train_cpu_seconds:.0f} CPU-s]")
    typer.echo(("switched: " if result.switched else "NOT switched: ") + f"{result.reason} -> {result.model_dir}")


@classify_app.command("eval")
def eval_cmd(
    data: Annotated[Path, typer.Option("--data", help="JSON Lines rows {\"text\", \"lang\", \"department\"}.")],
    as_json: JsonOpt = False,
) -> None:
    """Classify every row (one process) and print per-class precision/recall/F1 and a confusion matrix."""
    from ..retrain import evaluate_file

    try:
        settings = load_settings()
        result = evaluate_file(data, _classifier(settings))
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit(result)
        return
    pl = result["per_language"]
    typer.echo(f"n {result['n']}  macro-F1 {result['macro_f1']:.3f}  accuracy {result['accuracy']:.3f}  "
               f"(en: n {pl['en']['n']}, macro-F1 {pl['en']['macro_f1']:.3f}; "
               f"hi: n {pl['hi']['n']}, macro-F1 {pl['hi']['macro_f1']:.3f})  model: {result['model']}")
    if result["unknown_labels"]:
        typer.echo(f"labels the model does not know (counted as errors): {', '.join(result['unknown_labels'])}")
    typer.echo(f"\n{'department':30s} {'precision':>9s} {'recall':>7s} {'f1':>6s} {'support':>7s}")
    for k, c in result["per_class"].items():
        typer.echo(f"{k:30s} {c['precision']:9.3f} {c['recall']:7.3f} {c['f1']:6.3f} {c['support']:7d}")
    labels, matrix = result["confusion"]["labels"], result["confusion"]["matrix"]
    short = [lab[:6] for lab in labels]
    typer.echo("\nconfusion (rows: gold, columns: predicted)")
    typer.echo(f"{'':30s} " + " ".join(f"{s:>6s}" for s in short))
    for lab, row in zip(labels, matrix, strict=True):
        typer.echo(f"{lab:30s} " + " ".join(f"{v:6d}" for v in row))
