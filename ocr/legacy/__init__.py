"""8-bit legacy Devanagari encodings (Kruti Dev, DV-TT/ISFOC, DVB-TT, Chanakya, Walkman-Chanakya,
Shusha, APS-DV) converted to Unicode.

- :mod:`ocr.legacy.shape` — the shared engine: a layout's glyph table applied by longest match,
  then the reorderings every such font needs (pre-base short i, reph, nukta, half form + stem);
- one module of tables per font family, each naming its sources and their licences;
- :mod:`ocr.legacy.registry` — which layouts a font name points to, and the candidates to try
  when the name says nothing.

Nothing is imported here: import the module you need.
"""
