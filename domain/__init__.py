"""Shared vocabulary of every stage: typed values passed between stages, the error tree,
and Devanagari-correct text normalisation. Imports nothing from the rest of Sanchika."""
