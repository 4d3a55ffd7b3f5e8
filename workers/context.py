"""Everything a step needs, built once per worker process from a WorkerConfig."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine

from storage.catalog import Catalog
from storage.db import init_schema, open_engine
from storage.ledger import LedgerStore
from storage.objects import LocalFolderStore, ObjectStore
from storage.search import SearchIndex, open_index

from .config import StoreConfig, WorkerConfig


def open_store(cfg: StoreConfig) -> ObjectStore:
    if cfg.kind == "s3":
        from storage.s3_store import S3Store

        store = S3Store(cfg.endpoint, cfg.access_key, cfg.secret_key, cfg.bucket, cfg.cache_dir)
        store.ensure_bucket(cfg.protection)
        return store
    return LocalFolderStore(cfg.root)


@dataclass
class WorkerContext:
    config: WorkerConfig

    @cached_property
    def engine(self) -> Engine:
        engine = open_engine(self.config.database_url)
        init_schema(engine)
        return engine

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog(self.engine)

    @cached_property
    def index(self) -> SearchIndex:
        return open_index(self.engine)

    @cached_property
    def store(self) -> ObjectStore:
        """The object store; every write recorded in the ledger (storage.ledger, for fixity)."""
        return LedgerStore(open_store(self.config.store), self.engine)

    @cached_property
    def classifier(self):  # type: ignore[no-untyped-def]
        from classify.loader import load_default_classifier

        return load_default_classifier(self.config.model_dir, self.config.classifier_min_confidence)
