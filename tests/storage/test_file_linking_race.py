"""Two documents of one paper file completing at the same moment (two workers) link to one
digital file: the second creator does not fail on the unique key (found as a CI failure)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from storage.catalog import _get_or_create_file
from storage.schema import digital_files

KEY = "fn:1187/Edu/2024"


class _RacingConnection:
    """A connection on which another worker creates the file right after the first look-up
    found nothing, before this one inserts it."""

    def __init__(self, conn: Any, engine: Engine, created: list[int]) -> None:
        self.conn, self.engine, self.created = conn, engine, created
        self.dialect = conn.dialect

    def execute(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        result = self.conn.execute(statement, *args, **kwargs)
        if self.created:
            return result
        row = result.first()
        with self.engine.begin() as other:  # the other worker, committed before we go on
            self.created.append(_get_or_create_file(other, KEY, "1187/Edu/2024", "theirs", "education"))
        return _Rows(row)


class _Rows:
    def __init__(self, row: Any) -> None:
        self.row = row

    def first(self) -> Any:
        return self.row


def test_a_file_created_by_another_worker_between_look_up_and_insert_is_reused(engine: Engine) -> None:
    created: list[int] = []
    with engine.connect() as conn:
        mine = _get_or_create_file(_RacingConnection(conn, engine, created), KEY, "1187/Edu/2024", "mine", "education")  # type: ignore[arg-type]
        conn.commit()
    assert created and mine == created[0]
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(digital_files)).scalar_one() == 1
        assert c.execute(select(digital_files.c.title)).scalar_one() == "theirs"
