"""The page-weight plan both backends render (storage/search/weights.py)."""

from __future__ import annotations

import pytest

from storage.search.weights import WeightPlan, plan_weights


def test_single_words_give_a_constant() -> None:
    plan = plan_weights([[("जिला", 1.0)], [("शिक्षा", 0.5)]], "and")
    assert plan.is_constant and plan.constant == 0.5
    assert plan_weights([[("जिला", 1.0)], [("xyz", 1.0)]], "or").constant == 1.0


def test_alternatives_of_equal_weight_are_constant() -> None:
    plan = plan_weights([[("जिला", 1.0)], [("महिला", 0.4), ("महिलाओं", 0.4)]], "and")
    assert plan.is_constant and plan.constant == pytest.approx(0.4)


def test_and_multiplies_the_best_word_of_each_varying_group() -> None:
    plan = plan_weights([[("कृषि", 0.5)], [("किसान", 1.0), ("किसानों", 0.8)], [("a", 0.9), ("b", 0.6)]], "and")
    assert not plan.is_constant and plan.constant == 0.5
    on_page = {"कृषि", "किसानों", "a", "b"}.__contains__
    assert plan.page_weight(on_page) == pytest.approx(0.5 * 0.8 * 0.9)
    assert WeightPlan.from_json(plan.to_json()) == plan


def test_or_takes_the_best_word_on_the_page() -> None:
    plan = plan_weights([[("कृषि", 1.0)], [("महिल", 0.6)]], "or")
    assert plan.page_weight({"महिल"}.__contains__) == 0.6
    assert plan.page_weight({"महिल", "कृषि"}.__contains__) == 1.0
