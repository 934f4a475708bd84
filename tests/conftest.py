"""Shared pytest fixtures: the hand-written fixture database, built once per test session."""

from __future__ import annotations

import os

import duckdb
import pytest

# The app opens its database read-write by default. Most tests share one sample file and also read it
# directly, which DuckDB allows only when every connection in the process is read-only; the tests that
# write (the Data page) switch this off on their own copy of the sample.
os.environ.setdefault("TUYENGIAO_READ_ONLY", "1")
# A page that fails shows users one Vietnamese line (ui/errors.py); the tests want the exception itself.
os.environ.setdefault("TUYENGIAO_DEBUG", "1")
# AppTest runs the app in the test process: its collector stays Python's own there (the servers the browser tests start
# get the app's setting, ui.store.settle_heap).
os.environ.setdefault("TUYENGIAO_GC_THRESHOLD", "0")

from tests import fixture_db


@pytest.fixture(scope="session")
def fixture_con(tmp_path_factory):
    """A read-only connection to the database described in ``tests/fixture_db.py``."""
    path = tmp_path_factory.mktemp("fixture_db") / "fixture.duckdb"
    fixture_db.build(path)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def fixture_db_path(tmp_path_factory):
    """Path of a fresh copy of the hand-written fixture database (for app tests)."""
    path = tmp_path_factory.mktemp("fixture_app") / "fixture.duckdb"
    fixture_db.build(path)
    return path


@pytest.fixture(scope="session")
def sample_db_path(tmp_path_factory):
    """The deterministic sample database (seed 2024, scale 1), built once per test session."""
    from data import commands

    path = tmp_path_factory.mktemp("sample_db") / "sample.duckdb"
    commands.sample(path)
    return path
