"""Sanchika's shell: settings, pipeline wiring, CLI and web API. The library entry points are
``sanchika.pipeline.process_batch`` and ``sanchika.ocr_file.ocr_file``."""

__version__ = "0.1.0"
