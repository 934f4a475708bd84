"""Import kinds beyond activities (team/channel snapshots, channels, teams, contests, contest participation,
metric targets, units below province, programme indicator values): a good file per kind commits as one batch and undoes exactly; bad files are refused with the
exact Vietnamese row/column message and leave the database unchanged. Importer functions are called
directly; tests/test_importer.py covers the CLI."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from data import importer
from tests import fixture_db
from tests.test_importer import fingerprint


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("kinds") / "base.duckdb"
    fixture_db.build(path)
    add_programme_and_xa_unit(path)
    return path


def add_programme_and_xa_unit(path) -> None:
    """The fixture database plus one unit below province (14.100, unit 100000) and a 2024–2025 programme of
    Sơn La and Đà Nẵng with two indicators and one value (indicator 1, Sơn La, 2024: 10 / 8)."""
    con = duckdb.connect(str(path))
    con.execute("insert into units (unit_id, code, name, level, parent_id, valid_from) "
                "values (100000, '14.100', 'Xã cũ', 'xa', 1014, DATE '2023-01-01')")
    con.execute("insert into programmes (programme_id, name, year_from, year_to, signed_on) "
                "values (1, 'Chương trình thử', 2024, 2025, DATE '2024-02-22')")
    con.execute("insert into programme_parties values (1, 1014), (1, 1048)")
    con.execute("insert into programme_tasks values (1, 1, 1, 'Nhiệm vụ 1')")
    con.execute("insert into programme_indicators (indicator_id, task_id, name, unit_of_count) "
                "values (1, 1, 'Số bài', 'bài'), (2, 1, 'Số lớp', 'lớp')")
    con.execute("insert into indicator_values (indicator_id, unit_id, year, target, actual) values (1, 1014, 2024, 10, 8)")
    con.close()


@pytest.fixture()
def db_path(base, tmp_path):
    path = tmp_path / "t.duckdb"
    shutil.copy(base, path)
    return path


def read(path, name: str, text: str, commit: bool = False):
    con = duckdb.connect(str(path))
    try:
        parsed = importer.read(con, name, text.encode("utf-8"))
        summary = importer.commit(con, parsed, "test") if commit and not parsed.errors else None
        return parsed, summary
    finally:
        con.close()


def texts(parsed) -> str:
    return "\n".join(p.text() for p in parsed.problems)


H = {
    "team_snapshots": "Mã biệt đội,Tháng báo cáo,Số thành viên\n",
    "channel_snapshots": "Mã kênh,Tháng báo cáo,Người theo dõi,Bài đăng,Lượt xem/tương tác\n",
    "channels": "Mã kênh,Mã đơn vị,Loại kênh,Tên kênh,Địa chỉ,Ngày mở,Ngày đóng\n",
    "teams": "Mã biệt đội,Mã đơn vị,Tên biệt đội,Ngày thành lập,Ngày giải thể\n",
    "contest_participation": "Mã cuộc thi,Mã đơn vị,Từ ngày,Người dự thi,Lượt dự thi,Bài dự thi,Giải thưởng\n",
    "metric_targets": "Chỉ số,Mã đơn vị,Năm,Chỉ tiêu\n",
    "contests": "Mã cuộc thi,Tên cuộc thi,Văn bản,Mã đơn vị tổ chức,Ngày bắt đầu,Ngày kết thúc,Hình thức,"
                "Chỉ tiêu lượt,Chỉ tiêu người\n",
    "units": "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp tỉnh,Hiệu lực từ,Hiệu lực đến\n",
    "indicator_values": "Mã chỉ số,Mã đơn vị,Năm,Chỉ tiêu,Thực hiện\n",
    "programme_indicators": "Mã chương trình,Tên chương trình,Năm từ,Năm đến,Đơn vị tham gia,Thứ tự nhiệm vụ,Nhiệm vụ,"
                            "Mã chỉ số,Tên chỉ số,Đơn vị tính\n",
}

# kind -> (file body, rows new, rows replaced)
GOOD = {
    "team_snapshots": ("1,10/2024,16\n2,Tháng 10/2024,7\n1,09/2024,15\n", 2, 0),
    "channel_snapshots": ("1,10/2024,125,3,1.500\n2,T10/2024,200,2,\n1,09/2024,121,1,\n", 2, 1),
    "channels": (",14,YouTube,Kênh 4,youtube.com/@k4,01/10/2024,\n1,14,fanpage,Kênh 1 (đổi tên),,10/05/2023,\n", 1, 1),
    "teams": (",14,Đội 5,01/10/2024,\n4,14,Đội 4,01/01/2023,01/10/2024\n", 1, 1),
    "contest_participation": ("1,48,18/03/2024,20,40,,\n1,14,25/03/2024,5,9,,2\n1,48,04/03/2024,100,250,,\n", 2, 0),
    "metric_targets": ("Thành viên biệt đội,14,2024,60\nposts,14,2025,\"1.234,5\"\n", 1, 1),
    "contests": (",Cuộc thi mới,Nghị quyết 57-NQ/TW,48,01/05/2024,31/05/2024,Trắc nghiệm trực tuyến,1.000,400\n"
                 "1,Cuộc thi thử,Chỉ thị 34-CT/TU,48,01/03/2024,31/03/2024,Trắc nghiệm,,\n", 1, 1),
    "units": ("14.001,Phường Tô Hiệu,14,01/01/2023,\n15.002,Xã A,15,01/07/2025,\n14.100,Xã cũ (đổi tên),14,01/01/2023,"
              "01/07/2025\n", 2, 1),
    "indicator_values": ("1,14,2024,10,9\n2,48,2024,2,\n1,48,2025,\"12,5\",\n", 2, 1),
    # rows counted over the four tables: programme 1 as it is (1 + 2 parties + task 1 + indicator 1 unchanged),
    # indicator 2 renamed, a new task 2 with a new indicator, a new programme (2 parties, a task, an indicator)
    "programme_indicators": ("1,Chương trình thử,2024,2025,14; 48,1,Nhiệm vụ 1,1,Số bài,bài\n"
                             "1,Chương trình thử,2024,2025,48;14,2,Nhiệm vụ 2,,Số lượt chia sẻ,lượt\n"
                             ",Chương trình mới,2026,2027,\"14, 48\",1,Nhiệm vụ A,,Chỉ số A,người\n"
                             "1,Chương trình thử,2024,2025,14;48,1,Nhiệm vụ 1,2,Số lớp tập huấn,lớp\n", 7, 1),
}


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_a_good_file_commits_one_batch_and_undo_restores_exactly(db_path, kind):
    body, new, replaced = GOOD[kind]
    original = fingerprint(db_path, facts_only=True)
    parsed, summary = read(db_path, f"{kind}.csv", H[kind] + body, commit=True)
    assert parsed.kind.key == kind and not parsed.errors, texts(parsed)
    assert (summary["new"], summary["replaced"]) == (new, replaced)
    assert summary["batch_id"] == 1
    assert fingerprint(db_path, facts_only=True) != original
    reordered = H[kind] + "".join(reversed(body.splitlines(keepends=True)))   # same rows, another checksum
    parsed2, summary2 = read(db_path, "again.csv", reordered, commit=True)
    con = duckdb.connect(str(db_path))
    try:
        if kind in ("channels", "teams", "contests", "programme_indicators"):   # a row without an id is a new
            # entity: now a duplicate
            assert "để sửa, không tạo" in texts(parsed2) and summary2 is None
        else:
            assert (summary2["new"], summary2["replaced"], summary2["unchanged"]) == (0, 0, body.count("\n"))
            importer.undo(con, 2, "test")
        importer.undo(con, 1, "test")
    finally:
        con.close()
    assert fingerprint(db_path, facts_only=True) == original


def test_headers_tolerate_case_and_missing_diacritics(db_path):
    parsed, _ = read(db_path, "t.csv", "MA BIET DOI ; thang bao cao ; So thanh vien\n1;10/2024;16\n")
    assert parsed.kind.key == "team_snapshots" and not parsed.problems
    parsed, _ = read(db_path, "c.csv", "ma kenh,THÁNG,so nguoi theo doi,tin bai,luot xem\n1,10/2024,125,3,9\n")
    assert parsed.kind.key == "channel_snapshots" and not parsed.problems


def test_new_entities_get_the_next_ids_and_their_unit_by_code_and_date(db_path):
    body = ",14,YouTube,Kênh 4,youtube.com/@k4,01/10/2024,\n,15,Zalo,Kênh Lào Cai,,02/09/2025,\n"
    _, summary = read(db_path, "c.csv", H["channels"] + body, commit=True)
    assert summary["new"] == 2
    _, summary = read(db_path, "t.csv", H["teams"] + ",14,Đội 5,01/10/2024,\n", commit=True)
    con = duckdb.connect(str(db_path), read_only=True)
    channels = con.execute("select channel_id, unit_id, platform_key, name, address, batch_id from channels "
                           "where channel_id > 3 order by 1").fetchall()
    teams = con.execute("select team_id, unit_id, name, batch_id from teams where team_id > 4").fetchall()
    con.close()
    assert channels == [(4, 1014, "youtube", "Kênh 4", "youtube.com/@k4", 1),
                        (5, 2015, "zalo", "Kênh Lào Cai", None, 1)]
    assert teams == [(5, 1014, "Đội 5", 2)]


def test_participation_derives_month_and_grain(db_path):
    # (Hà Nội's month: Đà Nẵng's March already has weekly rows, and a month over them would count them twice)
    read(db_path, "p.csv", "Mã cuộc thi,Mã đơn vị,Từ ngày,Loại kỳ,Người dự thi,Lượt dự thi\n"
                           "1,01,01/03/2024,Tháng,5,9\n1,14,26/02/2024,,1,1\n", commit=True)
    con = duckdb.connect(str(db_path), read_only=True)
    rows = con.execute("select unit_id, period_start::varchar, period_grain, month::varchar, nguoi, luot "
                       "from contest_participation where batch_id = 1 order by 1").fetchall()
    con.close()
    # a week starting before the contest but overlapping it is inside the contest
    assert rows == [(1001, "2024-03-01", "month", "2024-03-01", 5, 9), (1014, "2024-02-26", "week", "2024-02-01", 1, 1)]


def test_followers_jump_is_a_warning_not_an_error(db_path):
    parsed, summary = read(db_path, "c.csv", H["channel_snapshots"] + "2,10/2024,200,2,\n1,10/2024,125,,\n",
                           commit=True)
    assert not parsed.errors and summary["new"] == 2
    assert texts(parsed) == ("Cảnh báo — dòng 2, cột “Người theo dõi”: người theo dõi thay đổi +150 % so với "
                             "tháng 09/2024 (80 → 200); hãy kiểm tra lại")


def test_an_unknown_entity_id_is_created_with_a_warning(db_path):
    parsed, summary = read(db_path, "t.csv", H["teams"] + "40,14,Đội 40,01/10/2024,\n", commit=True)
    assert summary["new"] == 1
    assert "cột “Mã biệt đội”: mã biệt đội 40 chưa có; sẽ tạo biệt đội mới với mã này" in texts(parsed)


BAD = {
    "team-unknown": ("team_snapshots", "99,10/2024,3\n", "dòng 2, cột “Mã biệt đội”: mã biệt đội 99 không tồn tại"),
    "team-disbanded": ("team_snapshots", "3,09/2024,8\n",
                       "dòng 2, cột “Mã biệt đội”: biệt đội 3 (Đội 3) đã giải thể từ 01/09/2024, "
                       "không còn hoạt động trong tháng 09/2024"),
    "team-not-founded": ("team_snapshots", "2,07/2024,5\n",
                         "dòng 2, cột “Mã biệt đội”: biệt đội 2 (Đội 2) thành lập ngày 15/08/2024, "
                         "chưa hoạt động trong tháng 07/2024"),
    "team-negative": ("team_snapshots", "1,10/2024,-1\n", "dòng 2, cột “Số thành viên”: số lượng không được âm"),
    "team-duplicate": ("team_snapshots", "1,10/2024,3\n1,T10/2024,4\n",
                       "dòng 3: trùng với dòng 2 (cùng biệt đội và tháng)"),
    "team-last-row-bad": ("team_snapshots", "1,10/2024,3\n2,10/2024,4\n1,11/2024,abc\n",
                          "dòng 4, cột “Số thành viên”: “abc” không phải là số"),
    "channel-closed": ("channel_snapshots", "3,10/2024,30,1,\n",
                       "dòng 2, cột “Mã kênh”: kênh 3 (Kênh 3) đã đóng từ 15/09/2024, "
                       "không còn hoạt động trong tháng 10/2024"),
    "channel-fraction": ("channel_snapshots", "1,10/2024,\"12,5\",,\n",
                         "dòng 2, cột “Người theo dõi”: số lượng phải là số nguyên"),
    "channel-no-figures": ("channel_snapshots", "1,10/2024,,,\n",
                           "dòng 2: dòng không có số liệu nào (người theo dõi, bài đăng, lượt xem/tương tác)"),
    "channels-close-before-open": ("channels", ",14,fanpage,Kênh mới,,01/10/2024,01/09/2024\n",
                                   "dòng 2, cột “Ngày đóng”: ngày đóng (01/09/2024) phải sau ngày mở (01/10/2024)"),
    "channels-pre-merger-code": ("channels", ",49,fanpage,Kênh X,,01/09/2025,\n",
                                 "dòng 2, cột “Mã đơn vị”: mã 49 (Quảng Nam) không còn hiệu lực từ 01/07/2025 "
                                 "(đã hợp nhất vào 48 Đà Nẵng); ngày 01/09/2025 phải dùng mã đơn vị mới"),
    "channels-existing-name": ("channels", ",14,Trang Facebook (fanpage),KÊNH 1,,01/10/2024,\n",
                               "dòng 2, cột “Tên kênh”: đơn vị này đã có kênh “KÊNH 1” (mã kênh 1); ghi mã kênh đó "
                               "vào cột “Mã kênh” để sửa, không tạo kênh trùng"),
    "channels-bad-date": ("channels", ",14,fanpage,K,,31/02/2024,\n",
                          "dòng 2, cột “Ngày mở”: ngày “31/02/2024” không tồn tại"),
    "channels-platform": ("channels", ",14,Myspace,K,,01/02/2024,\n",
                          "dòng 2, cột “Loại kênh”: loại kênh “Myspace” không có trong danh mục"),
    "channels-duplicate-new": ("channels", ",14,fanpage,K,,01/02/2024,\n,14,Fanpage,k,,02/02/2024,\n",
                               "dòng 3: trùng với dòng 2 (cùng mã kênh, hoặc cùng đơn vị, loại kênh và tên kênh)"),
    "teams-no-name": ("teams", ",14,,01/10/2024,\n", "dòng 2, cột “Tên biệt đội”: ô bắt buộc đang trống"),
    "teams-disband-before-found": ("teams", "1,14,Đội 1,01/01/2023,01/01/2022\n",
                                   "dòng 2, cột “Ngày giải thể”: ngày giải thể (01/01/2022) phải sau ngày thành lập "
                                   "(01/01/2023)"),
    "contest-outside": ("contest_participation", "1,48,07/04/2024,5,9,,\n",
                        "dòng 2, cột “Từ ngày”: 07/04/2024 ngoài thời gian cuộc thi “Cuộc thi thử” "
                        "(01/03/2024 – 31/03/2024)"),
    "contest-nguoi-over-luot": ("contest_participation", "1,48,18/03/2024,50,40,,\n",
                                "dòng 2, cột “Người dự thi”: người dự thi (50) không thể nhiều hơn lượt dự thi (40)"),
    "contest-unknown": ("contest_participation", "9,48,18/03/2024,5,9,,\n",
                        "dòng 2, cột “Mã cuộc thi”: mã cuộc thi 9 không tồn tại"),
    "contest-unit-unknown": ("contest_participation", "1,99,18/03/2024,5,9,,\n",
                             "dòng 2, cột “Mã đơn vị”: mã đơn vị “99” không tồn tại"),
    "contest-fraction": ("contest_participation", "1,48,18/03/2024,5,\"9,5\",,\n",
                         "dòng 2, cột “Lượt dự thi”: số lượng phải là số nguyên"),
    "target-metric": ("metric_targets", "abc,14,2024,5\n", "dòng 2, cột “Chỉ số”: chỉ số “abc” không có trong danh mục"),
    "target-unit-year": ("metric_targets", "members,49,2025,5\n",
                         "dòng 2, cột “Mã đơn vị”: mã 49 (Quảng Nam) không còn hiệu lực từ 01/07/2025 (đã hợp nhất "
                         "vào 48 Đà Nẵng); năm 2025 phải dùng mã đơn vị mới"),
    "target-negative": ("metric_targets", "members,14,2024,-5\n",
                        "dòng 2, cột “Chỉ tiêu”: giá trị không được âm (đang là -5)"),
    "target-year": ("metric_targets", "members,14,1990,5\n", "dòng 2, cột “Năm”: năm 1990 không hợp lệ"),
    "target-duplicate": ("metric_targets", "members,14,2024,5\nThành viên biệt đội,14,2024,6\n",
                         "dòng 3: trùng với dòng 2 (cùng chỉ số, đơn vị, năm và tháng)"),
    "contests-end-not-after-start": ("contests", ",Cuộc thi X,,48,01/05/2024,01/05/2024,,,\n",
                                     "dòng 2, cột “Ngày kết thúc”: ngày kết thúc (01/05/2024) phải sau ngày bắt đầu "
                                     "(01/05/2024)"),
    "contests-pre-merger-organiser": ("contests", ",Cuộc thi X,,49,01/09/2025,30/09/2025,,,\n",
                                      "dòng 2, cột “Mã đơn vị tổ chức”: mã 49 (Quảng Nam) không còn hiệu lực từ "
                                      "01/07/2025 (đã hợp nhất vào 48 Đà Nẵng); ngày 01/09/2025 phải dùng mã đơn vị mới"),
    "contests-nguoi-over-luot": ("contests", ",Cuộc thi X,,48,01/05/2024,31/05/2024,,100,200\n",
                                 "dòng 2, cột “Chỉ tiêu người”: chỉ tiêu người (200) không thể lớn hơn chỉ tiêu lượt "
                                 "(100)"),
    "contests-existing-title": ("contests", ",CUỘC THI THỬ,,48,01/03/2024,31/03/2024,,,\n",
                                "dòng 2, cột “Tên cuộc thi”: đơn vị này đã có cuộc thi “CUỘC THI THỬ” bắt đầu ngày "
                                "01/03/2024 (mã cuộc thi 1); ghi mã đó vào cột “Mã cuộc thi” để sửa, không tạo cuộc "
                                "thi trùng"),
    "contests-leaves-participation-out": ("contests", "1,Cuộc thi thử,,48,12/03/2024,31/03/2024,,,\n",
                                          "dòng 2, cột “Ngày bắt đầu”: cuộc thi 1 đã có số liệu tham gia kỳ từ "
                                          "04/03/2024; ngày bắt đầu (12/03/2024) phải để các kỳ đó nằm trong thời gian "
                                          "cuộc thi"),
    "contests-negative-target": ("contests", ",Cuộc thi X,,48,01/05/2024,31/05/2024,,-5,\n",
                                 "dòng 2, cột “Chỉ tiêu lượt”: số lượng không được âm"),
    "contests-no-title": ("contests", ",,,48,01/05/2024,31/05/2024,,,\n",
                          "dòng 2, cột “Tên cuộc thi”: ô bắt buộc đang trống"),
    "contests-duplicate": ("contests", ",Cuộc thi X,,48,01/05/2024,31/05/2024,,,\n,cuộc thi x,,48,01/05/2024,20/05/2024,,,\n",
                           "dòng 3: trùng với dòng 2 (cùng mã cuộc thi, hoặc cùng đơn vị tổ chức, tên cuộc thi và ngày "
                           "bắt đầu)"),
    "units-provincial-code": ("units", "14,Sơn La,14,01/01/2023,\n",
                              "dòng 2, cột “Mã đơn vị”: mã 14 là đơn vị cấp tỉnh (Sơn La); 97 đơn vị cấp tỉnh là danh "
                              "mục chuẩn, không nhập qua tệp — chỉ nhập đơn vị cấp xã hoặc cơ quan, mã dạng "
                              "<mã tỉnh>.<số> như 14.001"),
    "units-not-a-commune-code": ("units", "14A,Xã X,14,01/01/2023,\n",
                                 "dòng 2, cột “Mã đơn vị”: mã “14A” không có dạng mã cấp xã; 97 đơn vị cấp tỉnh"),
    "units-pre-merger-parent": ("units", "49.001,Xã X,49,01/09/2025,\n",
                                "dòng 2, cột “Mã đơn vị cấp tỉnh”: mã 49 (Quảng Nam) không còn hiệu lực từ 01/07/2025 "
                                "(đã hợp nhất vào 48 Đà Nẵng); ngày 01/09/2025 phải dùng mã đơn vị mới"),
    "units-parent-below-province": ("units", "14.002,Xã B,14.100,01/01/2024,\n",
                                    "dòng 2, cột “Mã đơn vị cấp tỉnh”: “14.100” không phải đơn vị cấp tỉnh"),
    "units-prefix": ("units", "14.003,Xã C,48,01/01/2024,\n",
                     "dòng 2, cột “Mã đơn vị”: mã 14.003 phải bắt đầu bằng mã đơn vị cấp tỉnh 48 (ví dụ 48.001)"),
    "units-end-before-start": ("units", "14.005,Xã E,14,01/01/2024,01/01/2023\n",
                               "dòng 2, cột “Hiệu lực đến”: hiệu lực đến (01/01/2023) phải sau hiệu lực từ (01/01/2024)"),
    "units-code-in-use": ("units", "14.100,Xã khác,14,01/06/2024,\n",
                          "dòng 2, cột “Hiệu lực từ”: mã 14.100 đang là đơn vị “Xã cũ” từ 01/01/2023 đến nay; một mã "
                          "chỉ dùng cho một đơn vị trong cùng thời gian"),
    "units-overlap-in-file": ("units", "14.004,Xã D,14,01/01/2024,\n14.004,Xã D2,14,01/01/2025,\n",
                              "dòng 3, cột “Hiệu lực từ”: mã 14.004 đã có ở dòng 2 với thời gian hiệu lực trùng nhau"),
    "units-duplicate": ("units", "14.004,Xã D,14,01/01/2024,\n14.004,Xã D,14,01/01/2024,\n",
                        "dòng 3: trùng với dòng 2 (cùng mã đơn vị và hiệu lực từ)"),
    "indicator-unknown": ("indicator_values", "9,14,2024,1,\n", "dòng 2, cột “Mã chỉ số”: mã chỉ số 9 không tồn tại"),
    "indicator-year": ("indicator_values", "1,14,2027,1,\n",
                       "dòng 2, cột “Năm”: năm 2027 ngoài thời gian chương trình “Chương trình thử” (2024–2025)"),
    "indicator-not-a-party": ("indicator_values", "1,15,2024,1,\n",
                              "dòng 2, cột “Mã đơn vị”: đơn vị 15 không tham gia chương trình “Chương trình thử”"),
    "indicator-pre-merger-code": ("indicator_values", "1,49,2025,1,\n",
                                  "dòng 2, cột “Mã đơn vị”: mã 49 (Quảng Nam) không còn hiệu lực từ 01/07/2025 (đã "
                                  "hợp nhất vào 48 Đà Nẵng); năm 2025 phải dùng mã đơn vị mới"),
    "indicator-no-figures": ("indicator_values", "1,14,2024,,\n",
                             "dòng 2: dòng không có số liệu nào (chỉ tiêu, thực hiện)"),
    "indicator-negative": ("indicator_values", "1,14,2024,-1,\n",
                           "dòng 2, cột “Chỉ tiêu”: giá trị không được âm (đang là -1)"),
    "indicator-not-a-number": ("indicator_values", "1,14,2024,10,nhiều\n",
                               "dòng 2, cột “Thực hiện”: “nhiều” không phải là số"),
    "programme-years": ("programme_indicators", ",Chương trình X,2026,2025,14,1,NV,,CS,bài\n",
                        "dòng 2, cột “Năm đến”: năm đến (2025) phải lớn hơn hoặc bằng năm từ (2026)"),
    "programme-unknown-unit": ("programme_indicators", ",Chương trình X,2026,2026,14; 99,1,NV,,CS,bài\n",
                               "dòng 2, cột “Đơn vị tham gia”: mã đơn vị “99” không tồn tại"),
    "programme-pre-merger-unit": ("programme_indicators", ",Chương trình X,2026,2026,49,1,NV,,CS,bài\n",
                                  "dòng 2, cột “Đơn vị tham gia”: mã 49 (Quảng Nam) không còn hiệu lực từ 01/07/2025 "
                                  "(đã hợp nhất vào 48 Đà Nẵng); ngày 01/01/2026 (năm từ) phải dùng mã đơn vị mới"),
    "programme-no-party": ("programme_indicators", ",Chương trình X,2026,2026,;,1,NV,,CS,bài\n",
                           "dòng 2, cột “Đơn vị tham gia”: chương trình “Chương trình X” chưa có đơn vị tham gia nào; "
                           "ghi mã các đơn vị, cách nhau bởi dấu ; (ví dụ 14; 48)"),
    "programme-rows-disagree": ("programme_indicators", ",Chương trình X,2026,2026,14,1,NV,,CS,bài\n"
                                                        ",Chương trình X,2026,2027,14,1,NV,,CS 2,bài\n",
                                "dòng 3, cột “Năm đến”: chương trình “Chương trình X” ghi khác dòng 2 ở cột “Năm đến”; "
                                "các dòng của cùng một chương trình phải ghi giống nhau"),
    "programme-parties-disagree": ("programme_indicators", ",Chương trình X,2026,2026,14,1,NV,,CS,bài\n"
                                                           ",Chương trình X,2026,2026,14;48,1,NV,,CS 2,bài\n",
                                   "dòng 3, cột “Đơn vị tham gia”: chương trình “Chương trình X” ghi khác dòng 2 ở cột "
                                   "“Đơn vị tham gia”"),
    "programme-task-disagree": ("programme_indicators", ",Chương trình X,2026,2026,14,1,NV A,,CS,bài\n"
                                                        ",Chương trình X,2026,2026,14,1,NV B,,CS 2,bài\n",
                                "dòng 3, cột “Nhiệm vụ”: nhiệm vụ thứ tự 1 ghi “NV B”, khác dòng 2 (“NV A”); các dòng "
                                "của cùng một nhiệm vụ phải ghi giống nhau"),
    "programme-task-gap": ("programme_indicators", ",Chương trình X,2026,2026,14,1,NV A,,CS,bài\n"
                                                   ",Chương trình X,2026,2026,14,3,NV C,,CS 2,bài\n",
                           "dòng 3, cột “Thứ tự nhiệm vụ”: chương trình chưa có nhiệm vụ thứ tự 2; thứ tự nhiệm vụ phải "
                           "liên tục 1, 2, 3…"),
    "programme-task-zero": ("programme_indicators", ",Chương trình X,2026,2026,14,0,NV,,CS,bài\n",
                            "dòng 2, cột “Thứ tự nhiệm vụ”: thứ tự phải là số nguyên từ 1"),
    "programme-existing-name": ("programme_indicators", ",CHƯƠNG TRÌNH THỬ,2024,2025,14,1,NV,,CS,bài\n",
                                "dòng 2, cột “Tên chương trình”: đã có chương trình “CHƯƠNG TRÌNH THỬ” (mã chương "
                                "trình 1); ghi mã đó vào cột “Mã chương trình” để sửa, không tạo chương trình trùng"),
    "programme-years-drop-values": ("programme_indicators", "1,Chương trình thử,2025,2025,14;48,1,Nhiệm vụ 1,1,Số bài,bài\n",
                                    "dòng 2, cột “Năm từ”: chương trình 1 đã có số liệu chỉ số năm 2024; thời gian "
                                    "chương trình (2025–2025) phải chứa các năm này"),
    "programme-indicator-elsewhere": ("programme_indicators", ",Chương trình X,2026,2026,14,1,NV,1,Số bài,bài\n",
                                      "dòng 2, cột “Mã chỉ số”: mã chỉ số 1 thuộc chương trình “Chương trình thử” (mã "
                                      "chương trình 1); không chuyển chỉ số sang chương trình khác"),
    "programme-indicator-existing-name": ("programme_indicators", "1,Chương trình thử,2024,2025,14;48,1,Nhiệm vụ 1,,"
                                                                  "số bài,bài\n",
                                          "dòng 2, cột “Tên chỉ số”: nhiệm vụ 1 đã có chỉ số “số bài” (mã chỉ số 1); "
                                          "ghi mã đó vào cột “Mã chỉ số” để sửa, không tạo chỉ số trùng"),
    "programme-indicator-duplicate": ("programme_indicators", ",Chương trình X,2026,2026,14,1,NV,,CS,bài\n"
                                                              ",Chương trình X,2026,2026,14,1,NV,,cs,lượt\n",
                                      "dòng 3: trùng với dòng 2 (cùng mã chỉ số, hoặc cùng chương trình, thứ tự nhiệm vụ "
                                      "và tên chỉ số)"),
    "programme-year": ("programme_indicators", ",Chương trình X,1990,2026,14,1,NV,,CS,bài\n",
                       "dòng 2, cột “Năm từ”: năm 1990 không hợp lệ"),
    "indicator-duplicate": ("indicator_values", "1,14,2024,1,\n1,14,2024,2,\n",
                            "dòng 3: trùng với dòng 2 (cùng chỉ số, đơn vị và năm)"),
}


@pytest.fixture(scope="module")
def bad_db(base, tmp_path_factory):
    path = tmp_path_factory.mktemp("bad") / "bad.duckdb"
    shutil.copy(base, path)
    return path


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_are_refused_with_row_and_column_and_change_nothing(bad_db, name):
    kind, body, message = BAD[name]
    before = fingerprint(bad_db)
    con = duckdb.connect(str(bad_db))
    try:
        parsed = importer.read(con, f"{name}.csv", (H[kind] + body).encode("utf-8"))
        assert parsed.kind is not None and parsed.kind.key == kind
        assert parsed.errors, texts(parsed)
        assert f"Lỗi — {message}" in texts(parsed)
        with pytest.raises(ValueError, match="tệp còn lỗi"):
            importer.commit(con, parsed, "test")
    finally:
        con.close()
    assert fingerprint(bad_db) == before


def test_personal_data_columns_are_refused_for_every_kind(bad_db):
    parsed, _ = read(bad_db, "p.csv", H["teams"].strip() + ",Họ tên đội trưởng\n,14,Đội 9,01/10/2024,,Nguyễn Văn A\n")
    assert parsed.kind is None
    assert "cột “Họ tên đội trưởng”: cột chứa dữ liệu cá nhân" in texts(parsed)


def test_no_template_header_looks_like_personal_data():
    for kind in importer.KINDS.values():
        for col in kind.columns:
            for name in (col.header, *col.aliases):
                assert not importer.personal_header(name), name


@pytest.mark.parametrize("header", [
    "Họ và tên", "Họ tên", "Hoten", "Số điện thoại", "SĐT", "Số ĐT", "Điện thoại di động", "E-mail", "Email",
    "CCCD", "Số CMND", "Mã định danh cá nhân", "Số hộ chiếu", "Ngày sinh", "Ngày tháng năm sinh", "Năm sinh",
    "Giới tính", "Địa chỉ thường trú", "Hộ khẩu", "Quê quán", "Tài khoản Facebook cá nhân", "Tên người dự thi",
    "Trưởng nhóm", "Tổ trưởng", "Người phụ trách", "Quản trị viên", "Full name", "Name", "Phone", "Phone number",
    "Citizen ID", "Date of birth", "Passport"])
def test_personal_data_headers_are_recognised_in_their_usual_spellings(header):
    assert importer.personal_header(header), header


@pytest.mark.parametrize("header", ["Địa chỉ", "Địa chỉ kênh", "Số thành viên", "Người dự thi", "Số người đăng ký",
                                    "Tên kênh", "Tên biệt đội", "Ghi chú", "Đơn vị tổ chức"])
def test_organisation_headers_are_not_taken_for_personal_data(header):
    assert not importer.personal_header(header), header


def test_each_kind_is_detected_from_its_own_headers():
    for key, kind in importer.KINDS.items():
        detected, _ = importer._detect([c.header for c in kind.columns])
        assert detected is kind, key
        detected, _ = importer._detect([c.header for c in kind.columns if c.required])
        assert detected is kind, key


@pytest.mark.parametrize("kind", sorted(H))
def test_personal_data_columns_are_refused_in_every_new_kind_too(bad_db, kind):
    before = fingerprint(bad_db)
    parsed, _ = read(bad_db, "p.csv", H[kind].strip() + ",Số điện thoại\n" + GOOD[kind][0].splitlines()[0] + ",0900\n")
    assert parsed.kind is None
    assert "cột “Số điện thoại”: cột chứa dữ liệu cá nhân" in texts(parsed)
    assert fingerprint(bad_db) == before


def test_an_indicator_file_is_not_taken_for_metric_targets():
    detected, _ = importer._detect(["Mã chỉ số", "Mã đơn vị", "Năm", "Chỉ tiêu"])
    assert detected.key == "indicator_values"
    detected, _ = importer._detect(["Chỉ số", "Mã đơn vị", "Năm", "Chỉ tiêu"])
    assert detected.key == "metric_targets"


def test_new_units_get_ids_from_100000_their_parent_by_date_and_count_under_it(db_path):
    _, summary = read(db_path, "u.csv", H["units"] + GOOD["units"][0], commit=True)
    assert (summary["new"], summary["replaced"]) == (2, 1)
    con = duckdb.connect(str(db_path), read_only=True)
    rows = con.execute("select unit_id, code, name, level, parent_id, valid_from::varchar, valid_to::varchar "
                       "from units where level = 'xa' order by unit_id").fetchall()
    lineage = con.execute("select unit_id, province_id, current_id from unit_lineage where unit_id > 100000 "
                          "order by 1").fetchall()
    con.close()
    assert rows == [(100000, "14.100", "Xã cũ (đổi tên)", "xa", 1014, "2023-01-01", "2025-07-01"),
                    (100001, "14.001", "Phường Tô Hiệu", "xa", 1014, "2023-01-01", None),
                    (100002, "15.002", "Xã A", "xa", 2015, "2025-07-01", None)]
    assert lineage == [(100001, 1014, 2014), (100002, 2015, 2015)]


def test_undoing_a_batch_that_created_a_unit_still_in_use_is_refused(db_path):
    read(db_path, "u.csv", H["units"] + "14.001,Phường Tô Hiệu,14,01/01/2023,\n", commit=True)
    parsed, _ = read(db_path, "a.csv", "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Số lượng\n"
                                       "14.001,10/2024,TikTok,Bài viết đăng mới,5\n", commit=True)
    assert not parsed.errors, texts(parsed)
    con = duckdb.connect(str(db_path))
    try:
        with pytest.raises(importer.UndoError, match="lô 1 đã tạo đơn vị cấp xã mã 100001 mà bảng activities"):
            importer.undo(con, 1, "test")
        importer.undo(con, 2, "test")
        importer.undo(con, 1, "test")
        assert con.execute("select count(*) from units where level = 'xa'").fetchall() == [(1,)]
    finally:
        con.close()


def test_units_export_round_trip(db_path, tmp_path):
    """Units below province are not in the sample database, so their round trip is tested here."""
    from data import templates

    read(db_path, "u.csv", H["units"] + GOOD["units"][0], commit=True)
    for fmt in ("xlsx", "csv"):
        out = tmp_path / f"units.{fmt}"
        con = duckdb.connect(str(db_path))
        try:
            assert templates.export(con, "units", out, units=["14"]) == 2
            parsed = importer.read_path(con, out)
            assert parsed.kind.key == "units" and not parsed.errors, texts(parsed)
            summary = importer.preview(con, parsed)
            assert (summary["new"], summary["replaced"], summary["unchanged"]) == (0, 0, 2)
            if fmt == "xlsx":       # into a database that lacks them: recreated as they were, bar the ids
                expected = con.execute("select code, name, level, parent_id, valid_from, valid_to from units "
                                       "where level = 'xa' and parent_id = 1014 order by all").fetchall()
                con.execute("delete from units where level = 'xa' and parent_id = 1014")
                again = importer.read_path(con, out)
                assert importer.commit(con, again, "test")["new"] == 2
                assert con.execute("select code, name, level, parent_id, valid_from, valid_to from units "
                                   "where level = 'xa' and parent_id = 1014 order by all").fetchall() == expected
        finally:
            con.close()


def test_progress_gets_increasing_fractions_ending_at_one_for_read_and_commit(db_path):
    for kind in ("contests", "units", "indicator_values"):
        seen = {"read": [], "commit": []}
        con = duckdb.connect(str(db_path))
        try:
            parsed = importer.read(con, f"{kind}.csv", (H[kind] + GOOD[kind][0]).encode(),
                                   progress=lambda f, m, seen=seen: seen["read"].append((f, m)))
            importer.commit(con, parsed, "test", progress=lambda f, m, seen=seen: seen["commit"].append((f, m)))
        finally:
            con.close()
        for stage, calls in seen.items():
            fractions = [f for f, _m in calls]
            assert len(fractions) >= 4, (kind, stage, calls)
            assert fractions == sorted(set(fractions)), (kind, stage, calls)       # strictly increasing
            assert fractions[0] >= 0 and fractions[-1] == 1.0, (kind, stage, calls)
            assert all(isinstance(m, str) and m for _f, m in calls)
        assert any("Tên đơn vị" in m or "Tên cuộc thi" in m or "Thực hiện" in m for _f, m in seen["read"])


def test_progress_of_a_refused_file_still_ends_at_one(db_path):
    calls = []
    con = duckdb.connect(str(db_path))
    try:
        parsed = importer.read(con, "x.csv", b"", progress=lambda f, m: calls.append(f))
    finally:
        con.close()
    assert parsed.errors and calls[0] == 0.0 and calls[-1] == 1.0


def test_a_programme_file_creates_programme_parties_tasks_and_indicators(db_path):
    _, summary = read(db_path, "p.csv", H["programme_indicators"] + GOOD["programme_indicators"][0], commit=True)
    assert (summary["new"], summary["replaced"], summary["unchanged"]) == (7, 1, 5)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()     # noqa: E731
        assert q("select programme_id, name, year_from, year_to, signed_on is not null from programmes order by 1") == [
            (1, "Chương trình thử", 2024, 2025, True), (2, "Chương trình mới", 2026, 2027, False)]
        assert q("select * from programme_parties order by all") == [(1, 1014), (1, 1048), (2, 2014), (2, 2048)]
        assert q("select * from programme_tasks order by 1") == [(1, 1, 1, "Nhiệm vụ 1"), (2, 1, 2, "Nhiệm vụ 2"),
                                                                 (3, 2, 1, "Nhiệm vụ A")]
        assert q("select indicator_id, task_id, name, unit_of_count from programme_indicators order by 1") == [
            (1, 1, "Số bài", "bài"), (2, 1, "Số lớp tập huấn", "lớp"), (3, 2, "Số lượt chia sẻ", "lượt"),
            (4, 3, "Chỉ số A", "người")]
        # every row the file sent is the batch's (unchanged ones too: 7 new + 1 replaced + 5 unchanged)
        assert q("select table_name, count(*) from batch_changes group by 1 order by 1") == [
            ("programme_indicators", 4), ("programme_parties", 4), ("programme_tasks", 3), ("programmes", 2)]
    finally:
        con.close()


def test_undoing_a_programme_batch_is_refused_while_values_of_its_new_indicators_exist(db_path):
    original = fingerprint(db_path, facts_only=True)
    read(db_path, "p.csv", H["programme_indicators"] + ",Chương trình mới,2026,2026,14,1,NV,,Số đoàn,đoàn\n", commit=True)
    parsed, _ = read(db_path, "v.csv", H["indicator_values"] + "3,14,2026,2,1\n", commit=True)
    assert not parsed.errors, texts(parsed)
    con = duckdb.connect(str(db_path))
    try:
        with pytest.raises(importer.UndoError) as refused:
            importer.undo(con, 1, "test")
        assert str(refused.value) == ("lô 1 đã tạo chỉ số chương trình mã 3 mà bảng indicator_values đang dùng; "
                                      "hãy hoàn tác hoặc xóa các số liệu đó trước")
        importer.undo(con, 2, "test")
        # the programme, its party, task and indicator
        assert importer.undo(con, 1, "test") == {"removed": 4, "restored": 0, "kept": 0}
    finally:
        con.close()
    assert fingerprint(db_path, facts_only=True) == original


def test_a_programme_correction_is_undone_exactly(db_path):
    original = fingerprint(db_path, facts_only=True)
    body = "1,Chương trình thử (sửa),2024,2026,14;48;15,1,Nhiệm vụ 1 (sửa),2,Số lớp,lớp học\n"
    _, summary = read(db_path, "p.csv", H["programme_indicators"] + body, commit=True)
    assert (summary["new"], summary["replaced"], summary["unchanged"]) == (1, 3, 2)
    con = duckdb.connect(str(db_path))
    try:
        assert con.execute("select name, year_to, signed_on from programmes").fetchall() == [
            ("Chương trình thử (sửa)", 2026, __import__("datetime").date(2024, 2, 22))]
        importer.undo(con, 1, "test")
    finally:
        con.close()
    assert fingerprint(db_path, facts_only=True) == original
