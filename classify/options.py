"""The department model's options: one dataclass, one set of defaults (docs/adr/0005).

What the model reads and how it scores (feature blocks, their scales, hash sizes, loss, the
neighbour memory, the word repair) and the training recipe (lexicon and glossary rows, noisy copies, optimiser, the choices made on dev) live in
:class:`Options`. A saved model stores the whole set in its manifest (``options``); the defaults below
are what ``sanchika classify train`` trains and what ships.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from domain.errors import UsageError


@dataclass(frozen=True)
class Options:
    """Every option of the department model, with the defaults that ship."""

    # -- the model: features and scoring -------------------------------------------------------------
    length: int = 2**17  # hashed weight buckets (two per feature)
    idf_length: int = 2**18  # hashed IDF table
    char_lo: int = 2  # c block: character n-grams of every word
    char_hi: int = 5
    lexicon: bool = True  # l block: taxonomy lexicon matches
    phon_lo: int = 3  # p block: phonetic-key n-grams
    phon_hi: int = 4
    acronyms: bool = True  # Devanagari acronyms spelt as letter names add the Latin word
    word_scale: float = 1.0
    char_scale: float = 1.0
    lex_scale: float = 0.5
    phon_scale: float = 0.5
    loss: str = "hinge2"  # "hinge2" (multi-class squared hinge) or "ce" (cross-entropy)
    knn: bool = True  # neighbour memory mixed into the probabilities
    repair_words: bool = True  # an unknown Devanagari word one OCR-like edit from a known one is read as it
    # -- training recipe ----------------------------------------------------------------------------
    epochs: int = 6  # at most; the fewest within one standard error of the best on dev are kept
    seed: int = 0
    runs: int = 3  # runs (different example orders) whose weights are averaged
    batch_size: int = 32
    learn_rate: float = 0.003
    l2: float = 0.0
    lexicon_per_dept: int = 30  # Hindi lexicon pseudo-documents per department
    glossary_rows: int = 2000  # Hindi rows made from English ones with the glossary
    noise_copies: float = 1.0  # OCR-damaged copies per row of ``noise_langs``
    noise_rate: float = 0.03
    noise_langs: tuple[str, ...] = ("hi",)
    knn_ks: tuple[int, ...] = (3, 5, 10)
    knn_weights: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3)
    knn_max_df: float = 0.2
    knn_blocks: tuple[int, ...] = (0, 2)  # w, l (indices into classify.features.BLOCKS)
    refit: bool = True  # train again on train + dev with the choices made on dev
    time_limit_s: float = 1200.0  # CPU seconds of the training process (docs/configuration.md)

    def __post_init__(self) -> None:
        if self.loss not in ("ce", "hinge2"):
            raise UsageError(f"loss {self.loss!r} not in ce | hinge2")

    @classmethod
    def of(cls, **changes: Any) -> Options:
        """The defaults with ``changes`` (unknown names are a usage error naming the valid ones)."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(changes) - names
        if unknown:
            raise UsageError(f"unknown model option(s) {sorted(unknown)}; valid: {sorted(names)}")
        tuples = {k: tuple(v) for k, v in changes.items() if isinstance(v, list)}
        return cls(**{**changes, **tuples})

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}


DEFAULTS = Options()

# Options a saved model may lack: added after models were saved, with a default that reproduces how
# every model saved without it was trained and is read (a new option whose default keeps the old
# behaviour: list it here when it is added, and the saved models stay usable). A manifest lacking an
# option not listed here is refused with dependency.model_outdated (classify.artifact.options_of):
# its model would be read with a behaviour it was not trained for. Empty: every option of today was
# in the manifests when format 5 began.
DEFAULT_WHEN_MISSING: frozenset[str] = frozenset()
