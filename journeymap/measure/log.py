"""Reading an event log: the engine that holds it, the file, folder, glob or table, and its three columns checked.

The log stays in the engine: what is checked here is asked of the engine as counts and row numbers.
Messages name the file, row and column, never a value: a value may be a customer's case id or time.
"""

from __future__ import annotations

import glob
import os
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from journeymap.errors import InputNotFoundError, JourneymapError
from journeymap.measure import extras

DEFAULT_COLUMNS = {"case": "case_id", "activity": "activity", "time": "timestamp"}
XES_COLUMNS = {"case": "case:concept:name", "activity": "concept:name", "time": "time:timestamp"}
OPTIONS = {"case": "--case", "activity": "--activity", "time": "--time"}
MEANING = {"case": "one customer's journey", "activity": "what happened", "time": "when it happened"}
SUFFIXES = {
    ".parquet": "parquet",
    ".csv": "csv",
    ".tsv": "csv",
    ".csv.gz": "csv",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
}
DUCKDB_MEMORY_ENV = "JOURNEYMAP_DUCKDB_MEMORY"


class LogError(JourneymapError):
    """An event log that cannot be measured: missing columns, bad timestamps, empty, unreadable, unreachable."""


@dataclass(frozen=True)
class Columns:
    """The log's column names for the case, the activity and the timestamp."""

    case: str
    activity: str
    time: str


@dataclass(frozen=True)
class EventLog:
    """An event log on its engine: an Ibis table with the columns `case`, `activity`, `time` (a timestamp)."""

    table: Any  # ibis.expr.types.Table
    source: str  # what to call it in messages: the path or table name as given


def connect(engine: str = "duckdb") -> Any:
    """An Ibis backend: embedded DuckDB (`duckdb`), a Spark session (`spark`), or `ibis.connect(URL)` for anything else.

    DuckDB's memory limit is $JOURNEYMAP_DUCKDB_MEMORY when set (e.g. `2GB`): beyond it DuckDB spills to disk.
    """
    ibis = extras.ibis()
    if engine == "duckdb":
        con = ibis.duckdb.connect()
        # Beyond its memory limit DuckDB spills to disk: into the system's temporary folder, not the current one.
        spill = os.path.join(tempfile.gettempdir(), "journeymap-duckdb").replace("'", "")
        con.raw_sql(f"SET temp_directory = '{spill}'")
        limit = os.environ.get(DUCKDB_MEMORY_ENV)
        if limit:
            try:
                con.raw_sql(f"SET memory_limit = '{limit.replace(chr(39), '')}'")
            except Exception:
                raise LogError(f"{DUCKDB_MEMORY_ENV}={limit!r} is not a memory size; write e.g. 2GB") from None
        return con
    if engine == "spark":
        extras.require("pyspark", "spark", "--engine spark")
        from pyspark.sql import SparkSession

        try:
            builder = SparkSession.builder
            remote = os.environ.get("SPARK_REMOTE")
            if remote:
                configured = builder.remote(remote)
            else:  # a local session: a few shuffle partitions per core, not the cluster default of 200
                partitions = str(2 * (os.cpu_count() or 1))
                configured = builder.master(os.environ.get("SPARK_MASTER", "local[*]"))
                configured = configured.config("spark.sql.shuffle.partitions", partitions)
                configured = configured.config("spark.ui.enabled", "false")
            configured = configured.appName("journeymap measure").config("spark.ui.showConsoleProgress", "false")
            with warnings.catch_warnings():  # pyspark's notes about the pandas version; the rows never reach pandas
                warnings.simplefilter("ignore", FutureWarning)
                session = configured.getOrCreate()
            if not remote:
                session.sparkContext.setLogLevel("ERROR")
        except Exception as error:
            raise LogError(
                f"--engine spark: cannot start a Spark session ({type(error).__name__}); {_spark_hint()}"
            ) from None
        return ibis.pyspark.connect(session)
    try:
        return ibis.connect(engine)
    except Exception as error:
        raise LogError(
            f"--engine {_shown_url(engine)}: cannot connect ({type(error).__name__}); check the URL, "
            "that the engine is running and that its Ibis backend is installed"
        ) from None


def _spark_hint() -> str:
    return "a local session needs Java 17 (`java` on the PATH); a cluster is reached with SPARK_REMOTE=sc://host:15002"


def _shown_url(url: str) -> str:
    """The URL without user and password: an error message must not print a secret."""
    parts = urlsplit(url)
    if not parts.scheme:
        return repr(url)
    return f"{parts.scheme}://{parts.hostname or ''}{':' + str(parts.port) if parts.port else ''}{parts.path}"


def files_of(path: str) -> tuple[list[str], str]:
    """The files a path names (a file, a folder searched for one kind of file, or a glob) and their kind."""
    if os.path.isdir(path):
        found = sorted(
            name for name in glob.glob(os.path.join(path, "**", "*"), recursive=True) if os.path.isfile(name)
        )
        kinds = {_kind(name) for name in found} - {None}
        if not kinds:
            raise LogError(f"{path}: no .parquet, .csv or .jsonl files in this folder")
        if len(kinds) > 1:
            raise LogError(f"{path}: the folder mixes {', '.join(sorted(k for k in kinds if k))} files; keep one kind")
        kind = kinds.pop()
        assert kind is not None
        return [name for name in found if _kind(name) == kind], kind
    if glob.has_magic(path):
        found = sorted(name for name in glob.glob(path, recursive=True) if os.path.isfile(name))
        if not found:
            raise InputNotFoundError(f"{path}: the pattern matches no file")
    elif os.path.isfile(path):
        found = [path]
    else:
        raise InputNotFoundError(f"{path}: no such file or folder")
    kinds = {_kind(name) for name in found}
    if None in kinds or len(kinds) != 1:
        raise LogError(f"{path}: an event log is .parquet, .csv (also .csv.gz) or .jsonl; rename or convert it")
    kind = kinds.pop()
    assert kind is not None
    return found, kind


def _kind(name: str) -> str | None:
    lower = name.lower()
    return next((kind for suffix, kind in SUFFIXES.items() if lower.endswith(suffix)), None)


def open_log(con: Any, source: str, columns: dict[str, str | None], *, is_table: bool = False) -> EventLog:
    """The log at `source` (a path, or a table of the engine when `is_table`), its columns renamed and checked."""
    if is_table:
        try:
            raw = con.table(source)
        except Exception:
            raise LogError(f"{source}: the engine has no such table") from None
    else:
        raw = _read(con, source)
    chosen = _columns(raw, source, columns)
    table = raw.select(case=raw[chosen.case], activity=raw[chosen.activity], time=raw[chosen.time])
    table = _checked(table, source, chosen)
    return EventLog(table, source)


def _read(con: Any, source: str) -> Any:
    found, kind = files_of(source)
    _utf8(found, kind)
    paths: str | list[str] = found
    if con.name == "pyspark":  # Spark reads one path (a file, folder or glob) itself
        paths = found[0] if len(found) == 1 else source
    try:
        if kind == "parquet":
            return con.read_parquet(paths)
        if kind == "csv":
            return con.read_csv(paths)
        return con.read_json(paths)
    except Exception as error:
        # The engine's own message may quote a row of the log; only its kind is shown.
        text = str(error).lower()
        if "memory" in text:
            raise _out_of_memory(error) from None
        if "unicode" in text or "utf-8" in text or "utf8" in text:
            raise LogError(f"{source}: the file is not UTF-8; save or export it as UTF-8") from None
        raise LogError(
            f"{source}: cannot read it as {kind.upper()} ({type(error).__name__}); check that the file "
            f"is {kind.upper()} and not cut off"
        ) from None


def engine_rows(expression: Any) -> list[dict[str, Any]]:
    """The result of `expression` (an aggregate: a few rows), or one line saying why the engine could not finish."""
    try:
        rows: list[dict[str, Any]] = expression.to_pyarrow().to_pylist()
    except Exception as error:
        # The engine's message may quote a value of the log: only its kind is shown, and for memory the fix.
        if "memory" in str(error).lower():
            raise _out_of_memory(error) from None
        raise LogError(f"the engine could not finish measuring the log ({type(error).__name__})") from None
    return rows


def _out_of_memory(error: Exception) -> LogError:
    return LogError(
        f"the engine ran out of memory measuring the log ({type(error).__name__}); raise {DUCKDB_MEMORY_ENV} "
        "(e.g. 4GB: DuckDB spills to disk beyond it) or measure on Spark (--engine spark)"
    )


def _utf8(paths: Sequence[str], kind: str) -> None:
    """A CSV or JSON file that is not UTF-8: named with the line of the first bad byte (the bytes are not shown)."""
    if kind == "parquet":
        return
    for path in paths:
        if path.lower().endswith(".gz"):
            continue
        with open(path, "rb") as file:
            for number, line in enumerate(file, start=1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    raise LogError(f"{path}:{number}: the file is not UTF-8; save or export it as UTF-8") from None


def _columns(raw: Any, source: str, given: dict[str, str | None]) -> Columns:
    names = list(raw.columns)
    chosen: dict[str, str] = {}
    missing = []
    for role in ("case", "activity", "time"):
        name = given.get(role)
        if name is None:
            name = next((n for n in (DEFAULT_COLUMNS[role], XES_COLUMNS[role]) if n in names), DEFAULT_COLUMNS[role])
        if name not in names:
            missing.append(f"{name!r} ({MEANING[role]}; choose another with {OPTIONS[role]} COL)")
        chosen[role] = name
    if missing:
        shown = ", ".join(repr(name) for name in names[:20]) + (", ..." if len(names) > 20 else "")
        raise LogError(f"{source}: no column {'; no column '.join(missing)}. The columns are: {shown}")
    return Columns(chosen["case"], chosen["activity"], chosen["time"])


def _checked(table: Any, source: str, columns: Columns) -> Any:
    """The table with `time` a timestamp and no empty cells, or the first bad row and column."""
    ibis = extras.ibis()
    time = table.time
    if not time.type().is_timestamp():
        if not time.type().is_string():
            raise LogError(
                f"{source}: column {columns.time!r} holds {time.type()}, not timestamps; write them as ISO 8601 text "
                "(2026-01-31T09:15:00) or store them as timestamps"
            )
        table = table.mutate(time=time.try_cast("timestamp"), _written=time)
    else:
        table = table.mutate(_written=time)
    if not table.case.type().is_string():
        table = table.mutate(case=table.case.cast("string"))
    if not table.activity.type().is_string():
        table = table.mutate(activity=table.activity.cast("string"))
    bad = {
        "case": table.case.isnull(),
        "activity": table.activity.isnull(),
        "time": table._written.isnull() | table.time.isnull(),
    }
    row = engine_rows(table.aggregate(events=table.count(), **{role: cond.sum() for role, cond in bad.items()}))[0]
    if not row["events"]:
        raise LogError(f"{source}: the log is empty: no events to measure")
    for role in ("case", "activity", "time"):
        if row[role]:
            numbered = table.mutate(_row=ibis.row_number())
            first = engine_rows(numbered.filter(_bad(numbered, role)).aggregate(first=ibis._._row.min()))[0]
            name = getattr(columns, role)
            where = f"row {int(first['first']) + 1}"
            if role == "time":
                raise LogError(
                    f"{source}: {where}, column {name!r}: empty or not a timestamp (the timestamps are unparseable "
                    "or mixed); write every one as ISO 8601, e.g. 2026-01-31T09:15:00"
                )
            raise LogError(f"{source}: {where}, column {name!r}: empty; every event needs a {MEANING[role]}")
    return table.drop("_written")


def _bad(table: Any, role: str) -> Any:
    if role == "time":
        return table._written.isnull() | table.time.isnull()
    return table[role].isnull()
