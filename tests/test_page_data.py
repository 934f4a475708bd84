"""Page tests of the Data page: templates, upload with errors, upload, preview, commit, history, undo (and its
refusal), the monthly form, and fresh figures on the Overview right after a commit or an undo."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from data import importer

APP = "../dashboard.py"
HEADER = "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn link,Số lượng,Lượt tiếp cận\n"
BAD = HEADER + "14,09/2026,TikTok,Bài viết đăng mới,,\"12,5\",\n14,09/2026,Myspace,bai_viet,,3,\n"
GOOD = HEADER + "14,10/2026,TikTok,Bài viết đăng mới,,999.999,\n14,11/2026,TikTok,Bài viết đăng mới,,1.250,\n"
# a correction of GOOD's October row: a later batch touching the same row
CORRECTED = HEADER + "14,10/2026,TikTok,Bài viết đăng mới,,888.888,\n"
POSTS = "Bài viết đăng mới"


@pytest.fixture()
def db_copy(sample_db_path, tmp_path, monkeypatch):
    path = tmp_path / "data-page.duckdb"
    shutil.copy(sample_db_path, path)
    monkeypatch.setenv("TUYENGIAO_DB", str(path))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", "0")
    return path


def open_page(at: AppTest | None = None) -> AppTest:
    if at is None:
        at = AppTest.from_file(APP, default_timeout=90)
        at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def upload(at: AppTest, name: str, text: str) -> AppTest:
    at.file_uploader[0].set_value((name, text.encode(), "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def successes(at: AppTest) -> str:
    return "\n".join(s.value for s in at.success)


def count_batches(path) -> list[tuple]:
    # the app holds the file open read-write in this process: read through a second connection is not
    # possible, so go through the app's own cached connection
    from ui import store

    con = store._connection(str(path.resolve()))
    return con.cursor().execute("select batch_id, status from import_batches order by 1").fetchall()


def test_a_template_download_button_per_kind_in_xlsx_and_csv(db_copy):
    at = open_page()
    assert "Tải biểu mẫu" in [s.value for s in at.subheader]
    buttons = at.get("download_button")
    for kind_key, kind in importer.KINDS.items():
        for fmt in ("xlsx", "csv"):
            button = [b for b in buttons if b.proto.id.endswith(f"template_{fmt}_{kind_key}")]
            assert len(button) == 1, (kind_key, fmt)
            assert button[0].proto.label == kind.label


def test_the_template_bytes_import_as_the_kind_they_belong_to(db_copy):
    from data import report_form
    from ui import store

    con = store._connection(str(db_copy.resolve()))
    for kind_key in importer.KINDS:
        for fmt in ("xlsx", "csv"):
            data = report_form.template_bytes(con, kind_key, fmt)
            parsed = importer.read(con, report_form.template_name(kind_key, fmt), data)
            assert parsed.kind is not None and parsed.kind.key == kind_key, (kind_key, fmt)


def test_a_bad_file_lists_every_problem_with_row_and_column_and_imports_nothing(db_copy):
    at = upload(open_page(), "bao-cao.csv", BAD)
    problems = at.tabs[0].dataframe[0].value
    assert problems[["Dòng", "Cột"]].values.tolist() == [[2, "Số lượng"], [3, "Loại kênh"]]
    assert "không nhập dòng nào" in at.error[0].value
    assert any(b.proto.label == "Tải danh sách lỗi (CSV)" for b in at.get("download_button"))
    assert not [b for b in at.button if b.label == "Nhập lô này"]
    assert count_batches(db_copy) == []


def test_upload_preview_commit_history_and_undo(db_copy):
    at = upload(open_page(), "bao-cao.csv", GOOD)
    assert any("Hoạt động hằng tháng" in m.value and "2" in m.value for m in at.markdown)
    values = {m.label: m.value for m in at.metric}
    assert values == {"Dòng mới": "1", "Dòng thay thế giá trị cũ": "1", "Dòng không đổi": "0"}
    changes = at.tabs[0].dataframe[0].value
    assert list(changes.columns)[:5] == ["Đơn vị", "Tháng báo cáo", "Loại kênh", "Loại hoạt động", "Cấp nguồn link"]
    assert changes[["Đơn vị", "Tháng báo cáo", "Loại kênh", "Số lượng (mới)"]].values.tolist() == [
        ["14 · Sơn La", "10/2026", "TikTok", 999999]]
    assert changes["Số lượng (cũ)"].iloc[0] != 999999
    at.button(key="upload_commit").click().run()
    assert not at.exception
    assert "Đã nhập lô 1: 1 dòng mới, 1 thay thế, 0 không đổi" in successes(at)
    assert count_batches(db_copy) == [(1, "committed")]
    # the uploader is fresh again; the history lists the batch
    assert at.file_uploader[0].value is None
    history = at.tabs[2].dataframe[0].value
    assert history[["Lô", "Loại", "Tệp", "Mới", "Thay thế", "Trạng thái"]].values.tolist() == [
        [1, "Hoạt động hằng tháng", "bao-cao.csv", 1, 1, "Đã nhập"]]
    at.button(key="undo_go").click().run()
    assert "Đã hoàn tác lô 1" in successes(at)
    assert count_batches(db_copy) == [(1, "undone")]
    assert at.tabs[2].dataframe[0].value["Trạng thái"].tolist() == ["Đã hoàn tác"]


def test_the_same_file_twice_is_recognised(db_copy):
    at = upload(open_page(), "bao-cao.csv", GOOD)
    at.button(key="upload_commit").click().run()
    at = upload(at, "bao-cao-lan-2.csv", GOOD)
    assert any("đã được nhập ở lô 1" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Nhập lô này"]


def test_the_first_batch_can_be_undone_after_its_correction(db_copy):
    """Journey 3: a file, an hour later its correction; the history shows both and the first can be undone — its
    row the correction did not touch goes, the corrected row keeps the correction, and the page says so."""
    at = upload(open_page(), "bao-cao.csv", GOOD)
    at.button(key="upload_commit").click().run()
    at = upload(at, "bao-cao-sua.csv", CORRECTED)
    assert {m.label: m.value for m in at.metric}["Dòng thay thế giá trị cũ"] == "1"
    at.button(key="upload_commit").click().run()
    assert "Đã nhập lô 2: 0 dòng mới, 1 thay thế" in successes(at)
    # the undo picker offers the batch just committed (it kept lô 1, and "Hoàn tác" runs at once)
    assert at.selectbox(key="undo_pick").value == 2
    at.selectbox(key="undo_pick").set_value(1).run()
    at.button(key="undo_go").click().run()
    assert not at.exception and not at.error
    assert "Đã hoàn tác lô 1: xóa 1 dòng lô đã thêm" in successes(at)
    assert "Giữ 1 dòng mà lô sau đã gửi lại" in successes(at)
    assert count_batches(db_copy) == [(1, "undone"), (2, "committed")]
    from ui import store

    con = store._connection(str(db_copy.resolve()))
    assert con.cursor().execute("select quantity, batch_id from activities where batch_id in (1, 2)").fetchall() == \
        [(888888, 2)]
    # the correction undone too: nothing of either file is left
    at.selectbox(key="undo_pick").set_value(2).run()
    at.button(key="undo_go").click().run()
    assert count_batches(db_copy) == [(1, "undone"), (2, "undone")]
    assert con.cursor().execute("select count(*) from activities where batch_id in (1, 2)").fetchall() == [(0,)]


def test_the_monthly_form_saves_a_batch(db_copy):
    at = open_page()
    assert at.selectbox(key="form_month").value.isoformat() == "2026-11-01"
    at.selectbox(key="form_unit").set_value("14").run()
    assert any("Đã điền sẵn số liệu tháng 10/2026" in c.value for c in at.caption)
    at.button(key="form_check").click().run()
    assert not at.exception
    new = int({m.label: m.value for m in at.metric}["Dòng mới"].replace(".", ""))
    assert new > 0
    at.button(key="form_commit").click().run()
    assert not at.exception
    assert f"Đã nhập lô 1: {new} dòng mới, 0 thay thế" in successes(at)
    assert count_batches(db_copy) == [(1, "committed")]
    assert not [b for b in at.button if b.label == "Nhập lô này"]     # the form's check is cleared


def sidebar_freshness(at: AppTest) -> str:
    # the shell's freshness line (AppTest loses the sidebar once a test switches back to the default
    # page, so it is read before that)
    return next(c.value for c in at.sidebar.caption if c.value.startswith("Số liệu đến hết tháng"))


def test_overview_shows_new_figures_and_freshness_at_once_after_commit_and_undo(db_copy):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"unit": "14", "from": "2026-10", "to": "2026-10"})
    at.run()
    assert not at.exception
    before = {m.label: m.value for m in at.metric}[POSTS]
    assert sidebar_freshness(at) == "Số liệu đến hết tháng 10/2026"

    at = upload(open_page(at), "bao-cao.csv", GOOD)
    at.button(key="upload_commit").click().run()
    assert count_batches(db_copy) == [(1, "committed")]
    assert sidebar_freshness(at) == "Số liệu đến hết tháng 11/2026"
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    after = {m.label: m.value for m in at.metric}[POSTS]
    assert int(after.replace(".", "")) > int(before.replace(".", "")) + 900_000

    open_page(at).button(key="undo_go").click().run()
    assert "Đã hoàn tác lô 1" in successes(at)
    at.switch_page("app_pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}[POSTS] == before
    # another session of the same server process: the cached figures of before the undo are not served
    other = AppTest.from_file(APP, default_timeout=90)
    other.query_params.update({"unit": "14", "from": "2026-10", "to": "2026-10"})
    other.run()
    assert sidebar_freshness(other) == "Số liệu đến hết tháng 10/2026"
    assert {m.label: m.value for m in other.metric}[POSTS] == before


def test_read_only_database_disables_writes(sample_db_path, monkeypatch):
    monkeypatch.setenv("TUYENGIAO_DB", str(sample_db_path))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", "1")
    at = open_page()
    assert any("chỉ đọc" in w.value for w in at.warning)


def test_upload_progress_comes_from_the_reader_and_ends_at_one(db_copy, monkeypatch):
    seen: list[float] = []
    real = importer.read

    def recording(con, name, data, progress=None):
        assert progress is not None            # the page gives the reader a callback (no estimated bar)

        def both(fraction, message):
            seen.append(fraction)
            progress(fraction, message)
        return real(con, name, data, progress=both)

    monkeypatch.setattr(importer, "read", recording)
    at = upload(open_page(), "bao-cao.csv", GOOD)
    assert len(seen) >= 5 and seen == sorted(set(seen)) and seen[-1] == 1.0
    bars = at.get("progress")
    assert bars and bars[-1].proto.value == 100        # the page's bar ends full
    assert {m.label: m.value for m in at.metric}["Dòng mới"] == "1"


def test_the_import_kinds_are_named_in_the_pages_language(db_copy):
    """The template buttons and the history name each kind in English on ?lang=en (the kinds' own labels are the
    Vietnamese of the catalogue)."""
    from data import importer
    from ui.messages import t

    for key, kind in importer.KINDS.items():
        assert t(f"data.kind_name.{key}", "vi") == kind.label
        assert t(f"data.kind_name.{key}", "en") != kind.label
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    labels = {b.label for b in at.get("download_button")}
    assert "Monthly activities" in labels and "Hoạt động hằng tháng" not in labels
