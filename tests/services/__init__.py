"""Helpers that start and prepare local backing services (127.0.0.1 only) for tests and benches."""
