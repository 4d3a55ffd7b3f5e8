"""A spaCy text-classifier architecture of our own: ``sanchika.TextCatBOWNorm.v1``.

spaCy's ``TextCatBOW`` is a linear model over the raw counts of hashed n-grams, so a long document
(many features) gets ever larger logits. This variant scales each document's feature values to unit
L2 norm (times ``scale``), after ``1 + log(count)`` (sublinear counts) -- what a TF-IDF-style linear
classifier does. Registered on import (``classify.artifact.load`` imports this module before
``spacy.load``, so a pipeline using it loads anywhere this package is installed).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np


def _register() -> None:
    from spacy.attrs import ORTH
    from spacy.ml.extract_ngrams import extract_ngrams
    from spacy.util import registry
    from thinc.api import Model, SparseLinear_v2, chain, resizable, softmax_activation, with_cpu
    from thinc.layers.resizable import resize_linear_weighted, resize_model

    def normalize_bag(scale: float) -> Model:
        def forward(model: Model, inputs: Any, is_train: bool) -> Any:
            keys, vals, lengths = inputs
            v = 1.0 + np.log(np.maximum(np.asarray(vals, dtype="float32"), 1.0))  # sublinear counts
            doc = np.repeat(np.arange(len(lengths)), np.asarray(lengths))
            norm = np.sqrt(np.bincount(doc, weights=v * v, minlength=len(lengths))).astype("float32")
            v = (v * (scale / np.maximum(norm, 1e-6))[doc]).astype("float32")
            return (keys, model.ops.asarray(v, dtype="f"), lengths), lambda d: []

        return Model("normalize_bag", forward)

    @registry.architectures("sanchika.TextCatBOWNorm.v1")
    def build(exclusive_classes: bool, length: int = 2**17, scale: float = 8.0, nO: int | None = None) -> Model:
        length = 2 ** (length - 1).bit_length()
        sparse_linear = SparseLinear_v2(nO=nO, length=length)
        fill = {"b": -1e4 if exclusive_classes else 0, "W": 0}
        layer = resizable(sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults=fill))
        model = chain(extract_ngrams(1, attr=ORTH), normalize_bag(scale), layer)
        model = with_cpu(model, model.ops)
        model = chain(model, with_cpu(softmax_activation(), model.ops))
        if nO is not None:
            model.set_dim("nO", nO)
        model.set_ref("output_layer", sparse_linear)
        model.attrs["multi_label"] = not exclusive_classes
        model.attrs["resize_output"] = partial(_resize, resizable_layer=layer)
        return model

    def _resize(model: Model, new_nO: int, resizable_layer: Model) -> Model:
        resizable_layer = resize_model(resizable_layer, new_nO)
        model.set_ref("output_layer", resizable_layer.layers[0])
        model.set_dim("nO", new_nO, force=True)
        return model


try:
    _register()
except Exception:  # noqa: BLE001 - registering twice (module reloaded) is harmless
    pass
