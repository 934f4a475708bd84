"""AppTest of the target-applicability rule (issue 8): a target applies to the dimensions it was set for. Targets are
set per unit and year for all platforms, so with ``platform=website`` the cards of metrics a platform cuts (channels,
posts) say the target does not apply — never "đạt 0,6%" — while metrics no platform cuts (members, contest lượt)
keep their progress. Checked on the Overview and the Channels page against the sample's own targets."""

from __future__ import annotations

import datetime as dt

import duckdb
from streamlit.testing.v1 import AppTest

from queries import builder
from queries.builder import Filters
from ui import format as fmt

APP = "../dashboard.py"
Q = {"unit": "14", "from": "2024-01", "to": "2024-09", "grain": "quarter"}
NOT_APPLICABLE = "Chỉ tiêu năm 2024 đặt cho mọi loại kênh: không áp dụng khi lọc theo loại kênh"


def run(db_path, monkeypatch, page: str | None = None, **params) -> AppTest:
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def progress_texts(at: AppTest) -> list[str]:
    return [p.proto.text for p in at.get("progress")]


def captions(at: AppTest) -> list[str]:
    return [str(c.value) for c in at.caption]


def sample_target(db_path, key: str) -> float:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        f = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 9, 1), units=("14",))
        return builder.targets(con, [key], f, 2024)[key]
    finally:
        con.close()


def test_without_a_platform_filter_every_card_with_a_target_shows_its_progress(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, **Q)
    texts = progress_texts(at)
    for key in ("channels", "members", "posts", "contest_luot"):
        target = fmt.number(sample_target(sample_db_path, key))
        assert any(t.startswith(f"Chỉ tiêu năm 2024: {target} — đạt ") for t in texts), (key, texts)
    assert not any(NOT_APPLICABLE in c for c in captions(at))


def test_a_platform_filter_makes_platform_targets_not_applicable(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, platform="website", **Q)
    texts = progress_texts(at)
    for key in ("channels", "posts"):          # cut by platform: no % against an all-platform target
        target = fmt.number(sample_target(sample_db_path, key))
        assert not any(t.startswith(f"Chỉ tiêu năm 2024: {target}") for t in texts), (key, texts)
    for key in ("members", "contest_luot"):    # no platform in them: the target still applies
        target = fmt.number(sample_target(sample_db_path, key))
        assert any(t.startswith(f"Chỉ tiêu năm 2024: {target} — đạt ") for t in texts), (key, texts)
    assert sum(NOT_APPLICABLE in c for c in captions(at)) == 2


def test_the_rule_holds_on_every_page_with_kpi_cards(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, page="app_pages/channels.py", platform="website", **Q)
    assert any(NOT_APPLICABLE in c for c in captions(at))
    assert not any(t.startswith("Chỉ tiêu năm 2024") for t in progress_texts(at))
    at = run(sample_db_path, monkeypatch, page="app_pages/channels.py", **Q)
    target = fmt.number(sample_target(sample_db_path, "channels"))
    assert any(t.startswith(f"Chỉ tiêu năm 2024: {target} — đạt ") for t in progress_texts(at))


def test_the_targets_section_says_not_applicable_too(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, page="app_pages/programmes.py", platform="website", **Q)
    targets = at.dataframe[-1].value
    by = dict(zip(targets["Chỉ số"], targets["Đánh giá"]))
    assert by["Kênh đang hoạt động"] == "Không áp dụng: chỉ tiêu đặt cho mọi loại kênh"
    assert by["Bài viết đăng mới"] == "Không áp dụng: chỉ tiêu đặt cho mọi loại kênh"
    assert by["Thành viên biệt đội"].startswith("Đang thực hiện")
