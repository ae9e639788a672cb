"""Measure: a designed journey held against what customers did (an event log) and said (a survey).

The event log is aggregated by one Ibis expression on the engine that holds it (DuckDB by default,
Spark, or a warehouse); only counts and percentiles come back to Python. Ibis, DuckDB and pyspark are
extras (`journeymap[measure]`, `journeymap[spark]`), imported only here.
"""
