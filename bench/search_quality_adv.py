"""An adversarial precision set for bench/search_quality.py (issue 18), written 2026-12-07 18:25-18:29 UTC
from a review of ADR 0022 rules 18 and 21, before either rule was changed, and committed on its own
before its first run (the commit is the proof that the rules' fix was not tuned on its rows).

Why: rule 18 (acronyms by letter names) compares the letters' names with vowel length and nukta
folded, so a Hindi word that reads as letter names only up to length or nukta is taken for an
acronym (इसी = "EC" although E is ई; जिओ = "GO" although G is जी; एड़ी = "AD" although D is डी);
rule 21 (typing slips, for a Devanagari query word on no page) turns one sibilant into another, so a
real word on no page finds its sibilant neighbour (साल/शाल, a small collection holding one of them).
The must-not-merge pairs below are of those classes, in both directions (Latin query, Devanagari
page; Devanagari query, Latin page), with 2- and 3-letter sibilant pairs of real words (शमन/समन,
शहर/सहर); the positive rows are acronyms printed with nukta or several long vowels and typing slips
of longer words, which a fix must keep. Every word was checked by script against the other query
sets and their distractors (only one of them was: साल, the fresh5 query on no page, is here a query
too and printed nowhere). Split ``adv``; printed on ``ADV_PAGES`` pages of their own (prefix m,
seed + 7000); the other pages do not change. Rule-21 query words are printed on no page (the rule
applies only then); the other query words are, as distractors or printed forms.
"""

from __future__ import annotations

ADV = "adv"

# (kind, class, [(printed, typed), ...])
_GROUPS: list[tuple[str, str, list[tuple[str, str]]]] = [
    # -- must not merge: a Hindi word that reads as letter names only with length or nukta folded (rule 18)
    ("nomerge", "acronym-latin-query", [("एड़ी", "ad"), ("जिओ", "go"), ("बिके", "bk"), ("टिके", "tk"), ("जिए", "ga")]),
    ("nomerge", "acronym-deva-query", [("EC", "इसी"), ("GO", "जिओ"), ("BK", "बिके")]),
    # -- must not merge: a real word on no page and its sibilant neighbour (rule 21), 2 and 3 letters
    ("nomerge", "slip-real-word", [("शाल", "साल"), ("शेर", "सेर"), ("केस", "केश"), ("पास", "पाश"), ("समन", "शमन"),
                                   ("शहर", "सहर")]),
    # -- kept: acronyms printed with nukta or several long vowels, typed in the other script
    ("loanword", "acronym", [("एफ़सीआई", "FCI"), ("एनजीओ", "NGO"), ("आईएएस", "IAS"), ("सीबीआई", "CBI"),
                             ("RTO", "आरटीओ")]),
    # -- kept: typing slips of longer words, typed on no page (rule 21)
    ("variant", "slip", [("प्रशिक्षण", "प्रसिक्षण"), ("विशेषज्ञ", "विसेषज्ञ"), ("दृष्टिकोण", "द्रष्टिकोण")]),
]

ADV_QUERIES: list[tuple[str, str, str, str]] = [(kind, ADV, p, q) for kind, _, pairs in _GROUPS for p, q in pairs]
ADV_CLASS: dict[tuple[str, str], str] = {(p, q): cls for _, cls, pairs in _GROUPS for p, q in pairs}

# Printed on the adv pages, targeted by no query: the Devanagari query words of rule 18 that are not
# printed forms already (so the pair measures the expansion), and words near the slip pairs.
ADV_DISTRACTORS = ["इसी", "शालीन", "शेरनी", "केसर", "पासा", "शहरी"]

ADV_PAGES = 16
