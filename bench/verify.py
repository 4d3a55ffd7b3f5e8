"""`sanchika verify` throughput (MB/s and objects/s) on a store of at least 10,000 objects.

    .venv/bin/python bench/verify.py [--objects 10000] [--stores local,s3] [--rounds 2]
                                     [--out bench/out/verify.json]

Builds, per store, an archive-shaped set of objects under fresh keys (synthetic, incompressible
bytes; per document of 4 pages: the original 200 KB, 4 page texts 4 KB, 4 page PDFs 60 KB, the
document PDF 240 KB and text 16 KB: 11 objects, ~0.7 MB), records them in a fresh SQLite ledger,
and times

- ``verify``: storage.fixity.verify_store over the whole store (ledger walk, streamed hashing,
  listing walk, checkpoints), and
- ``reference``: the same objects read and hashed by a plain loop (the local files opened and
  hashed in 1 MiB chunks; on S3 one GET per object through the same minio client), with no
  database and no listing: the floor of what any fixity check costs on this machine.

Rounds are interleaved (verify, reference, verify, ...) and summed. ``local``: a folder under a
temporary directory (the page cache is warm after the build: these are CPU numbers, not disk
numbers; a cold read is bounded by the disk). ``s3``: a private SeaweedFS on 127.0.0.1
(tests/services/seaweed.py). Run under ``nice -n 10`` on a shared machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = {"original": 200_000, "page_text": 4_000, "page_pdf": 60_000, "document_pdf": 240_000, "document_text": 16_000}


def _objects(n_objects: int):  # type: ignore[no-untyped-def]
    """(key, bytes, content type) of archive-shaped objects, 11 per document, at least n."""
    from storage import keys

    rng = os.urandom
    docs = -(-n_objects // 11)
    for d in range(docs):
        sha = hashlib.sha256(f"bench-doc-{d}".encode()).hexdigest()
        yield keys.original(sha), rng(SIZES["original"]), "application/pdf"
        for p in range(1, 5):
            yield keys.page_text(sha, p), rng(SIZES["page_text"]), "application/json"
            yield keys.page_pdf(sha, p), rng(SIZES["page_pdf"]), "application/pdf"
        yield keys.document_pdf(sha), rng(SIZES["document_pdf"]), "application/pdf"
        yield keys.document_text(sha), rng(SIZES["document_text"]), "application/json"


def _build(store, engine, n_objects: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    from storage.ledger import record

    count = size = 0
    batch = []
    for key, data, ctype in _objects(n_objects):
        store.put_bytes(key, data, ctype)
        batch.append((key, hashlib.sha256(data).hexdigest(), len(data)))
        count += 1
        size += len(data)
        if len(batch) >= 500:
            with engine.begin() as c:
                for row in batch:
                    record(c, *row)
            batch = []
    with engine.begin() as c:
        for row in batch:
            record(c, *row)
    return count, size


def _reference(store) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Every object read and hashed, nothing else."""
    n = size = 0
    for key, _ in store.list_keys():
        h = hashlib.sha256()
        with store.open_object(key) as obj:
            for chunk in obj.chunks:
                h.update(chunk)
                size += len(chunk)
        n += 1
    return n, size


def _measure(name: str, store, engine, rounds: int) -> dict:  # type: ignore[type-arg, no-untyped-def]
    from storage.fixity import verify_store

    totals = {"verify": [0.0, 0, 0], "reference": [0.0, 0, 0]}
    for _ in range(rounds):
        t = time.perf_counter()
        result = verify_store(engine, store, restart=True, user="bench")
        totals["verify"][0] += time.perf_counter() - t
        totals["verify"][1] += result.checked
        totals["verify"][2] += result.bytes
        assert not result.failed and not result.unreferenced, result.report()
        t = time.perf_counter()
        n, size = _reference(store)
        totals["reference"][0] += time.perf_counter() - t
        totals["reference"][1] += n
        totals["reference"][2] += size
    out: dict = {"store": name}  # type: ignore[type-arg]
    for what, (secs, n, size) in totals.items():
        out[what] = {"seconds": round(secs, 2), "objects": n, "MB": round(size / 1e6, 1),
                     "MB_per_s": round(size / 1e6 / secs, 1), "objects_per_s": round(n / secs, 1)}
    out["verify_vs_reference"] = round(totals["reference"][0] / totals["verify"][0], 2)
    return out


def _ledger(tmp: Path):  # type: ignore[no-untyped-def]
    from storage.db import init_schema, open_engine

    engine = open_engine(f"sqlite:///{tmp / 'bench.db'}")
    init_schema(engine)
    return engine


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--objects", type=int, default=10_000)
    ap.add_argument("--stores", default="local,s3")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("bench/out/verify.json"))
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="sanchika-verify-bench-") as tmpdir:
        tmp = Path(tmpdir)
        for name in args.stores.split(","):
            (tmp / name).mkdir()
            engine = _ledger(tmp / name)
            t = time.perf_counter()
            if name == "local":
                from storage.objects import LocalFolderStore

                store = LocalFolderStore(tmp / name / "objects")
                count, size = _build(store, engine, args.objects)
                built = time.perf_counter() - t
                results.append({**_measure(name, store, engine, args.rounds), "built": count, "build_seconds": round(built, 1)})
            elif name == "s3":
                from storage.s3_store import S3Store
                from tests.services.seaweed import SeaweedS3

                with SeaweedS3(tmp / name / "seaweed") as s3:
                    store = S3Store(s3.endpoint, s3.access_key, s3.secret_key, "bench", tmp / name / "cache")
                    store.ensure_bucket()
                    count, size = _build(store, engine, args.objects)
                    built = time.perf_counter() - t
                    results.append({**_measure(name, store, engine, args.rounds), "built": count,
                                    "build_seconds": round(built, 1)})
            print(json.dumps(results[-1]), flush=True)
    report = {"objects": args.objects, "rounds": args.rounds, "load_average": os.getloadavg(),
              "cpu_count": os.cpu_count(), "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
