"""A second adversarial set for bench/search_quality.py (issue 18), written 2026-12-07 22:20 UTC for a
review of ADR 0022 rule 21's floor (``MIN_SLIP_LETTERS``), before the floor was changed, and committed
on its own before its first run (the commit is the proof that the change was not tuned on its rows).

Why: the floor counts consonants and independent vowels, so a word of two consonants with vowel signs
gets no slips however long it is: कृसि (a sibilant slip of कृषि) finds nothing when it is on no page.
A floor counting the vowel signs too would give such words slips, and would also give them to real
words of two consonants (साला, the query, on no page; शाला, its sibilant neighbour, printed). Both
classes are here: typing slips of office words of two consonants and two vowel signs (positives, kind
``variant``) and real words of that shape on no page whose sibilant neighbour is printed
(``nomerge``; pairs of Tesseract's Hindi word list with one slip between them, and शादी/सादी). Split
``adv2``; printed on ``ADV2_PAGES`` pages of their own (prefix n, seed + 8000), except the printed forms
of ``ADV2_ELSEWHERE``, which are printed on older pages already (so no older row changes). Every query
word is on no page. Every word was checked by script against the other query sets and their
distractors.
"""

from __future__ import annotations

ADV2 = "adv2"

_GROUPS: list[tuple[str, str, list[tuple[str, str]]]] = [
    # -- kept: sibilant slips of office words of two consonants and two vowel signs, typed on no page
    ("variant", "slip-short", [("कृषि", "कृसि"), ("पेशी", "पेसी"), ("शिशु", "सिशु"), ("सूची", "शूची"), ("शाखा", "साखा"),
                               ("दिशा", "दिसा")]),
    # -- must not merge: a real word of that shape on no page and its sibilant neighbour, printed
    ("nomerge", "slip-short-real", [("शाला", "साला"), ("शिखा", "सिखा"), ("शिवा", "सिवा"), ("शादी", "सादी"),
                                    ("शनि", "सनी")]),
]

ADV2_QUERIES: list[tuple[str, str, str, str]] = [(kind, ADV2, p, q) for kind, _, pairs in _GROUPS for p, q in pairs]
ADV2_CLASS: dict[tuple[str, str], str] = {(p, q): cls for _, cls, pairs in _GROUPS for p, q in pairs}
# printed forms printed on older pages (कृषि: the tuning set's pages; पेशी: fresh5's), not printed again
ADV2_ELSEWHERE = frozenset({"कृषि", "पेशी"})
ADV2_DISTRACTORS = ["शिखर", "दिशानिर्देश", "सादगी"]

ADV2_PAGES = 10
