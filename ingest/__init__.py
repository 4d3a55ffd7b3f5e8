"""Intake: find the inputs of a batch, sniff their real type, hash them, unpack zips safely."""
