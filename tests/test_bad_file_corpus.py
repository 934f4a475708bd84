"""The bad-file corpus (tests/fixtures/bad, listed in its MANIFEST.csv): each file imported through the CLI
into a copy of the fixture database is refused (exit code 1) with the exact Vietnamese message, and an export of
the database to Parquet before and after holds the same contents in every table."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests import fixture_db
from tests.test_importer import cli

CORPUS = Path(__file__).resolve().parent / "fixtures" / "bad"
MANIFEST = list(csv.DictReader((CORPUS / "MANIFEST.csv").open(encoding="utf-8", newline="")))


def exported(db_path: Path, out: Path) -> dict[str, list]:
    """Every table of the database, exported with ``python -m data export --out DIR`` and read back sorted — but the
    audit log's rows of these exports themselves (a refused import adds none: it writes nothing)."""
    res = cli("--db", db_path, "export", "--out", out)
    assert res.returncode == 0, res.stderr
    tables = {}
    # one file per table, or a folder partitioned by year and unit (the monthly facts)
    for path in sorted([*out.glob("*.parquet"), *(p for p in out.iterdir() if p.is_dir())]):
        rows = [r for r in pq.read_table(path).to_pylist() if not (path.stem == "audit_log" and r["action"] == "export")]
        tables[path.stem] = sorted((tuple(sorted(r.items())) for r in rows), key=repr)
    return tables


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "fixture.duckdb"
    fixture_db.build(path)
    return path, exported(path, path.parent / "before")


def test_the_manifest_lists_every_file_of_the_corpus_and_the_script_rebuilds_them(tmp_path):
    listed = {row["file"] for row in MANIFEST}
    present = {p.name for p in CORPUS.iterdir() if p.name not in ("MANIFEST.csv", "make_corpus.py", "__pycache__")}
    assert listed == present
    for path in _corpus_module().build(tmp_path):
        assert path.read_bytes() == (CORPUS / path.name).read_bytes(), path.name


@pytest.mark.parametrize("row", MANIFEST, ids=[r["file"] for r in MANIFEST])
def test_a_bad_file_is_refused_with_its_message_and_the_database_is_unchanged(base, tmp_path, row):
    path, before = base
    db = tmp_path / "copy.duckdb"
    shutil.copy(path, db)
    res = cli("--db", db, "import", CORPUS / row["file"])
    assert res.returncode == 1
    assert f"{row['file']}: {row['message']}" in res.stdout.splitlines()
    assert "không nhập gì, cơ sở dữ liệu giữ nguyên" in res.stderr
    assert exported(db, tmp_path / "after") == before


def _corpus_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name, bad, good", [
    ("windows-1258.utf8.csv", "Trang Zalo của xã", "Trang Facebook (fanpage)"),
    ("utf16-no-bom.csv", "Phát trực tiếp cũ", "Bình luận định hướng"),
])
def test_the_misnamed_encodings_are_read_right_once_their_bad_cell_is_fixed(base, tmp_path, name, bad, good):
    """The importer reads a Windows-1258 file named .utf8.csv and a UTF-16 file without BOM (it does not refuse
    them): with the one wrong cell corrected in the same encoding, both rows import."""
    encode = _corpus_module().cp1258 if "1258" in name else (lambda text: text.encode("utf-16-le"))
    raw = (CORPUS / name).read_bytes()
    assert encode(bad) in raw
    fixed = tmp_path / name
    fixed.write_bytes(raw.replace(encode(bad), encode(good)))
    db = tmp_path / "copy.duckdb"
    shutil.copy(base[0], db)
    res = cli("--db", db, "import", fixed, "--dry-run")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "sẽ nhập — 2 dòng mới, 0 thay thế, 0 không đổi" in res.stdout
