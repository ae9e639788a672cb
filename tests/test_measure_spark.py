"""The same measurement on DuckDB and on a local Spark session gives identical counts (one Spark start, <= 90 s)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result
from test_simulate import JOURNEY

pytest.importorskip("ibis")
pytest.importorskip("pyspark")

pytestmark = pytest.mark.spark


def counts_only(data: dict[str, object]) -> dict[str, object]:
    """The measurement without the durations' percentiles (Spark's timestamps are whole seconds through Ibis)."""
    durations = data.pop("durations")
    assert isinstance(durations, list)
    data["duration_moves"] = [(row["from"], row["to"], row["moves"]) for row in durations]
    return data


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17: scripts/install-system-deps --test")
def test_duckdb_and_a_local_spark_session_count_the_same(cli: Callable[..., Result], tmp_path: Path) -> None:
    journey = tmp_path / "claim.journey.yaml"
    journey.write_text(JOURNEY, encoding="utf-8")
    log = tmp_path / "claims.parquet"
    assert cli("simulate", journey, "--customers", "3000", "--seed", "11", "-o", log).exit_code == 0
    results = {}
    for engine in ("duckdb", "spark"):
        result = cli("measure", journey, "--events", log, "--engine", engine, "--format", "json")
        assert result.exit_code == 0, result.err
        results[engine] = counts_only(json.loads(result.out))
    assert results["duckdb"] == results["spark"]
    assert results["spark"]["cases"] == 3000
