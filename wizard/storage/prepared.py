"""Hot statements compiled once per database and run straight on the driver's cursor.

The family journey reads and saves an assessment on every page. SQLAlchemy builds the SQL and
knows each column's conversions (JSON, dates); running that through a full execution context on
every request costs more than the database work itself. A `Prepared` statement is compiled once
per dialect, keeps SQLAlchemy's own bind and result conversions, and is executed on the DBAPI
cursor of the session's connection, so it joins the same transaction as everything else.

On PostgreSQL a statement that is the whole unit of work (a single read, or a single guarded
update) runs without BEGIN and COMMIT around it: each of those is a round trip to the server, and a
single statement is atomic on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    #: Parameter names in the order the driver wants them, or None for named parameters.
    order: tuple[str, ...] | None
    defaults: dict[str, Any]
    binds: dict[str, Processor]
    columns: tuple[str, ...]
    results: tuple[Any, ...]  # each column's SQLAlchemy type, for its result conversion


class Prepared:
    """A Core statement run on the driver's cursor with SQLAlchemy's type conversions."""

    def __init__(self, statement: ClauseElement):
        self.statement = statement
        self._by_dialect: dict[str, _Compiled] = {}
        self._results: dict[tuple[str, tuple[Any, ...]], tuple[Processor, ...]] = {}

    def _compiled(self, dialect: Dialect) -> _Compiled:
        found = self._by_dialect.get(dialect.name)
        if found is None:
            compiled = cast(SQLCompiler, self.statement.compile(dialect=dialect))
            types = {name: bind.type for bind, name in compiled.bind_names.items()}
            selected = getattr(self.statement, "selected_columns", ())
            found = _Compiled(
                sql=str(compiled),
                order=tuple(compiled.positiontup) if compiled.positiontup else None,
                # Values fixed in the statement itself, such as LIMIT 1 in the case subquery.
                defaults={
                    name: bind.value
                    for bind, name in compiled.bind_names.items()
                    if bind.value is not None
                },
                binds={
                    name: type_.dialect_impl(dialect).bind_processor(dialect)
                    for name, type_ in types.items()
                },
                columns=tuple(column.key for column in selected),
                results=tuple(column.type for column in selected),
            )
            self._by_dialect[dialect.name] = found
        return found

    def _parameters(self, compiled: _Compiled, params: dict[str, Any]) -> Any:
        values = {**compiled.defaults, **params}
        for name, process in compiled.binds.items():
            if process is not None and values.get(name) is not None:
                values[name] = process(values[name])
        if compiled.order is None:
            return values
        return tuple(values[name] for name in compiled.order)

    def first(self, connection: Connection, params: dict[str, Any]) -> dict[str, Any] | None:
        """The first row as a dict of column key to converted value, or None."""
        dialect = connection.dialect
        compiled = self._compiled(dialect)
        driver = connection.connection.driver_connection
        with _as_sqlalchemy_errors(connection, compiled.sql), _single_statement(dialect, driver):
            cursor = driver.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(compiled.sql, self._parameters(compiled, params))
                row = cursor.fetchone()
                kinds = tuple(column[1] for column in cursor.description)
            finally:
                cursor.close()
        if row is None:
            return None
        return dict(
            zip(compiled.columns, self._convert(dialect, compiled, kinds, row), strict=True)
        )

    def _convert(
        self, dialect: Dialect, compiled: _Compiled, kinds: tuple[Any, ...], row: Any
    ) -> Iterator[Any]:
        key = (dialect.name, kinds)
        processors = self._results.get(key)
        if processors is None:
            processors = tuple(
                type_.dialect_impl(dialect).result_processor(dialect, kind)
                for type_, kind in zip(compiled.results, kinds, strict=True)
            )
            self._results[key] = processors
        for process, value in zip(processors, row, strict=True):
            yield process(value) if process is not None else value

    def rowcount(self, connection: Connection, params: dict[str, Any], alone: bool) -> int:
        """Run a write; return how many rows it changed. `alone`: it is the whole unit of work."""
        dialect = connection.dialect
        compiled = self._compiled(dialect)
        driver = connection.connection.driver_connection
        with (
            _as_sqlalchemy_errors(connection, compiled.sql),
            _single_statement(dialect, driver) if alone else _nothing(),
        ):
            cursor = driver.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(compiled.sql, self._parameters(compiled, params))
                count: int = cursor.rowcount
            finally:
                cursor.close()
        return count


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _as_sqlalchemy_errors(connection: Connection, sql: str) -> Iterator[None]:
    """Raise a driver's error as SQLAlchemy would, invalidating a connection that was lost.

    Without this a lost connection would go back to the pool to fail again, and the app's
    "database unavailable" page, which listens for SQLAlchemy's errors, would not be shown.
    """
    dialect = connection.dialect
    try:
        yield
    except dialect.loaded_dbapi.Error as error:
        driver = connection.connection.driver_connection
        lost = dialect.is_disconnect(error, driver, None)
        if lost:
            connection.invalidate(error)
        raise DBAPIError.instance(
            sql,
            None,
            error,
            dialect.loaded_dbapi.Error,
            hide_parameters=True,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error


@contextmanager
def _single_statement(dialect: Dialect, driver: Any) -> Iterator[None]:
    """On PostgreSQL, outside a transaction, run the statement in autocommit (no BEGIN, no COMMIT).

    Only when no transaction is open on the connection: inside one, the statement must join it.
    SQLite's driver already runs a read without opening a transaction.
    """
    if (
        dialect.name != "postgresql"
        or driver.autocommit
        or driver.info.transaction_status.name != "IDLE"
    ):
        yield
        return
    driver.autocommit = True
    try:
        yield
    finally:
        if not driver.closed:  # a lost connection is invalidated, never reused
            driver.autocommit = False
