"""``python -m data info``: the months covered are those of every monthly fact table (activities, team and
channel snapshots, contest participation), not of activities alone; no facts at all reads "—"."""

from __future__ import annotations

import duckdb

from data import commands
from tests import fixture_db
from tests.test_importer import cli


def test_months_cover_every_monthly_fact_table(tmp_path):
    path = tmp_path / "f.duckdb"
    fixture_db.build(path)
    assert commands.info(path)["months"] == "01/2024 – 09/2025"          # activities run to 09/2025
    con = duckdb.connect(str(path))
    con.execute("delete from activities")
    con.close()
    # contest participation from 03/2024, team and channel snapshots to 09/2024
    info = commands.info(path)
    assert info["months"] == "03/2024 – 09/2024"
    assert info["activities"] == 0 and info["team_snapshots"] == 8 and info["metric_targets"] == 2
    res = cli("--db", path, "info")
    assert res.returncode == 0
    assert "months: 03/2024 – 09/2024" in res.stdout and "months: None" not in res.stdout


def test_a_database_without_facts_says_so(tmp_path):
    path = tmp_path / "empty.duckdb"
    assert commands.init(path)
    assert commands.info(path)["months"] == "—"
