from __future__ import annotations

import pytest

from classify.pii import find_pii, mask_pii, verhoeff_valid


def _verhoeff_digit(base: str) -> str:
    for d in "0123456789":
        if verhoeff_valid(base + d):
            return base + d
    raise AssertionError


def test_verhoeff() -> None:
    num = _verhoeff_digit("23456789012")
    assert verhoeff_valid(num)
    bad = num[:-1] + str((int(num[-1]) + 1) % 10)
    assert not verhoeff_valid(bad)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("आधार क्रमांक 2345 6789 0123 है", "आधार क्रमांक XXXX XXXX 0123 है"),
        ("Aadhaar: ४५६७-८९०१-२३४५,", "Aadhaar: XXXX-XXXX-२३४५,"),
        ("UID 234567890124.", "UID XXXXXXXX0124."),
        ("मोबाइल 9876543210 पर", "मोबाइल XXXXXX3210 पर"),
        ("Mob. +91-98765 43210", "Mob. +91-XXXXX X3210"),
        ("मो. ९८७६५४३२१०", "मो. XXXXXX३२१०"),
        ("call 09876543210", "call XXXXXXX3210"),
    ],
)
def test_mask(text: str, masked: str) -> None:
    out = mask_pii(text)
    assert out == masked
    assert len(out) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "F.No. 12/3/2019/Rev दिनांक 12/03/2019",
        "A/c 123456789012345",  # 15-digit account number: not Aadhaar
        "1234 5678 9012",  # Aadhaar never starts with 0 or 1
        "phone 5876543210",  # mobiles start with 6-9
        "क्रमांक 245/भू-अभि/2018, राशि रु. 1,25,000/-",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert find_pii(text) == []
    assert mask_pii(text) == text


def test_find_pii_kinds_and_offsets() -> None:
    aadhaar = _verhoeff_digit("56781234901")
    text = f"श्रीमती महिला, आधार {aadhaar}, मोबाइल 7000012345"
    found = find_pii(text)
    assert [p.kind for p in found] == ["aadhaar", "phone"]
    assert found[0].valid
    for p in found:
        assert text[p.start : p.end] == p.text
    assert mask_pii(text, keep_last=0).count("X") == 22
