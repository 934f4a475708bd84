"""The fixture database (tests/fixture_db.py) plus a small coordination programme whose every figure can be checked
with a pencil against the fixture's facts.

programme 1 "Chương trình thử nghiệm Sơn La – Đà Nẵng" 2024–2025, signed 02/10/2024 in Sơn La; parties 1014 Sơn La and
1048 Đà Nẵng (2025 values under 2014 / 2048, the units valid on 31/12/2025); data cover 01/2024–09/2025, so 2024 is
complete and 2025 has run 9 of 12 months.

task 1 "Nhiệm vụ một"
    ind 1 "Thành viên biệt đội" (linked: members, a stock)
        1014 2024 target 40  -> year-end members: team 1 15 + team 2 6 + team 4 20 (team 3 disbanded) = 41 -> vượt
        1048 2024 target 10  -> Đà Nẵng has no team: 0 -> chưa đạt (0 %)
    ind 2 "Bài viết" (linked: posts, a flow)
        1014 2024 target 12  -> 2 (01) + 5 (07) + 5 (08) = 12 -> đạt
        2014 2025 target 100 -> 0 by 09/2025; expected 100 × 9/12 = 75 -> chậm tiến độ
        2048 2025 target 8   -> 0; expected 6 -> chậm tiến độ
    ind 5 "Lượt dự thi" (linked: contest_luot, a flow)
        1048 2024 target 500 -> old Đà Nẵng alone: 250 + 150 = 400 (Quảng Nam's 10 are not the party's in 2024)
                                -> 0,8, chưa đạt
task 2 "Nhiệm vụ hai"
    ind 3 "Số lớp tập huấn" (reported)
        1014 2024 target 2, actual 3, source "Báo cáo năm 2024"  -> 1,5, vượt
        1048 2024 target 2, no actual                            -> chưa báo cáo
        2014 2025 target 4, actual 1, source "Báo cáo 9 tháng"   -> expected 4 × 9/12 = 3 -> chậm tiến độ
    ind 4 "Chỉ số chưa đặt chỉ tiêu" (reported)
        1014 2024 target 0, actual 5                             -> "—"
conferences: 2024 on 02/10/2024 in Sơn La (held); 2025 on 17/10/2099 in Đà Nẵng (planned).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from tests import fixture_db

D = dt.date


def build(path) -> None:
    fixture_db.build(path)
    con = duckdb.connect(str(path))
    con.execute("insert into programmes (programme_id, name, year_from, year_to, signed_on, place) values "
                "(1, 'Chương trình thử nghiệm Sơn La – Đà Nẵng', 2024, 2025, DATE '2024-10-02', 'Sơn La')")
    con.execute("insert into programme_parties values (1, 1014), (1, 1048)")
    con.execute("insert into programme_tasks values (1, 1, 1, 'Nhiệm vụ một'), (2, 1, 2, 'Nhiệm vụ hai')")
    con.executemany("insert into programme_indicators (indicator_id, task_id, name, unit_of_count, metric_key) "
                    "values (?, ?, ?, ?, ?)", [
                        (1, 1, "Thành viên biệt đội", "người", "members"),
                        (2, 1, "Bài viết", "bài", "posts"),
                        (3, 2, "Số lớp tập huấn", "lớp", None),
                        (4, 2, "Chỉ số chưa đặt chỉ tiêu", "lần", None),
                        (5, 1, "Lượt dự thi", "lượt", "contest_luot"),
                    ])
    con.executemany("insert into indicator_values (indicator_id, unit_id, year, target, actual, note, source) "
                    "values (?, ?, ?, ?, ?, ?, ?)", [
                        (1, 1014, 2024, 40, None, None, None),
                        (1, 1048, 2024, 10, None, None, None),
                        (2, 1014, 2024, 12, None, None, None),
                        (2, 2014, 2025, 100, None, None, None),
                        (2, 2048, 2025, 8, None, None, None),
                        (5, 1048, 2024, 500, None, None, None),
                        (3, 1014, 2024, 2, 3, None, "Báo cáo năm 2024"),
                        (3, 1048, 2024, 2, None, None, None),
                        (3, 2014, 2025, 4, 1, "9 tháng", "Báo cáo 9 tháng"),
                        (4, 1014, 2024, 0, 5, None, None),
                    ])
    con.execute("insert into programme_conferences (programme_id, year, held_on, place, title) values "
                "(1, 2024, DATE '2024-10-02', 'Sơn La', 'Hội nghị ký kết'), "
                "(1, 2025, DATE '2099-10-17', 'Đà Nẵng', NULL)")
    con.close()
