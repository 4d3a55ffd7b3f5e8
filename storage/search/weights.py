"""The weight of a matching page, planned once for both backends.

A query is a list of groups, one per query word: the indexed words that word may match, each with
a weight (1.0 = the word itself, less for an expansion). A page's weight is

- AND: the product over the groups of the best weight among the group's words found on the page;
- OR (the any-word fallback): the best weight among all the query's words found on the page.

Most queries cannot vary between matching pages (every group has one word, or all its words weigh
the same): the plan is then a constant and the backends rank by relevance alone. Otherwise the plan
lists the groups whose weight varies, and each backend renders that list in its own SQL (SQLite: a
SQL function over the page text; PostgreSQL: ``CASE WHEN tsv @@ …``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

# One query word and what it may match on a page: [(indexed word, weight)], weight 1.0 = exact.
Group = list[tuple[str, float]]
Alternatives = tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class WeightPlan:
    mode: str  # "and" | "or"
    constant: float  # AND: the product of the groups that cannot vary; OR: the weight when nothing varies
    varying: tuple[Alternatives, ...]  # the groups whose best word decides the page weight

    @property
    def is_constant(self) -> bool:
        return not self.varying

    def page_weight(self, on_page: Callable[[str], bool]) -> float:
        """The weight of a page, given a test of whether a word is on it."""
        best = [max((w for t, w in g if on_page(t)), default=0.0) for g in self.varying]
        if self.mode == "or":
            return max(best, default=self.constant)
        result = self.constant
        for b in best:
            result *= b
        return result

    def to_json(self) -> str:
        return json.dumps({"mode": self.mode, "constant": self.constant, "varying": self.varying},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, spec: str) -> WeightPlan:
        data = json.loads(spec)
        varying = tuple(tuple((str(t), float(w)) for t, w in g) for g in data["varying"])
        return cls(data["mode"], float(data["constant"]), varying)


def plan_weights(groups: list[Group], mode: str) -> WeightPlan:
    """The plan for these groups: a group varies when its words do not all weigh the same."""
    if mode == "or":
        weights = {w for g in groups for _, w in g}
        if len(weights) <= 1:
            return WeightPlan(mode, weights.pop() if weights else 1.0, ())
        return WeightPlan(mode, 1.0, tuple(tuple(g) for g in groups if g))
    constant = 1.0
    varying: list[Alternatives] = []
    for g in groups:
        weights = {w for _, w in g}
        if len(weights) == 1:
            constant *= weights.pop()
        elif weights:
            varying.append(tuple(g))
    return WeightPlan(mode, constant, tuple(varying))
