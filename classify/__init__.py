"""Department classification and entity extraction (a pure stage: imports only ``domain`` and libraries).

from classify import RulesClassifier, extract_entities, mask_pii
from classify.model import load_classifier, evaluate      # the trained model
from classify.training import train                      # trains it (spaCy tokenizer, thinc Adam)
"""

from classify.extract import extract_entities, find_dates, find_file_numbers, normalize_file_number
from classify.pii import find_pii, mask_pii
from classify.rules import RulesClassifier
from classify.taxonomy import DEPARTMENTS, UNKNOWN, Department, get, resolve

__all__ = [
    "DEPARTMENTS",
    "UNKNOWN",
    "Department",
    "RulesClassifier",
    "extract_entities",
    "find_dates",
    "find_file_numbers",
    "find_pii",
    "get",
    "mask_pii",
    "normalize_file_number",
    "resolve",
]
