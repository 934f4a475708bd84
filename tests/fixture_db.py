"""A tiny hand-written database whose every expected number can be checked with a pencil.

Units are the real 97-unit reference. Facts (all report months in 2024-01 .. 2025-09):

activities, bai_viet ("posts"), source level 'khong':
    1015 Yên Bái (old 15)    fanpage  2024-07: 10  2024-08: 20  2024-09: 30  2025-06: 7
    1010 Lào Cai (old 10)    fanpage  2024-07: 1   2024-08: 2   2024-09: 3
    2015 Lào Cai (new 15)    fanpage  2025-07: 100 2025-08: 200 2025-09: 300
    1014 Sơn La              fanpage  2024-01: 2   tiktok 2024-07: 5   fanpage 2024-08: 5
activities, chia_se_link ("link_shares"): 1014 2024-09 fanpage trung_uong 4, tinh 6

teams of 1014 Sơn La and their member snapshots:
    team 1  founded 2023-01-01            2024-07: 10  2024-08: 12  2024-09: 15
    team 2  founded 2024-08-15            2024-08: 5   2024-09: 6
    team 3  founded 2023-01-01, disbanded 2024-09-01   2024-07: 8   2024-08: 8
    team 4  founded 2023-01-01, reports irregularly     2024-07: 20 (nothing after)

channels of 1014 and follower snapshots:
    ch 1 fanpage  opened 2023-05-10           2024-07: 100  2024-08: 110  2024-09: 120
    ch 2 tiktok   opened 2024-08-20           2024-08: 50   2024-09: 80
    ch 3 website  opened 2020-01-01, closed 2024-09-15   2024-07: 30  2024-08: 30

contest 1 (organiser 1048 Đà Nẵng), weekly participation:
    1048 week 2024-03-04: nguoi 100, luot 250;  week 2024-03-11: nguoi 50, luot 150
    1049 Quảng Nam week 2024-03-04: nguoi 10, luot 10

metric_targets: members 2024 1014: 50;  posts 2025 2015: 1000
"""

from __future__ import annotations

import datetime as dt

import duckdb

from data import db, reference

D = dt.date


def build(path) -> None:
    con = duckdb.connect(str(path))
    db.migrate(con)
    reference.load(con)
    acts = [
        (1015, D(2024, 7, 1), "fanpage", "bai_viet", "khong", 10),
        (1015, D(2024, 8, 1), "fanpage", "bai_viet", "khong", 20),
        (1015, D(2024, 9, 1), "fanpage", "bai_viet", "khong", 30),
        (1015, D(2025, 6, 1), "fanpage", "bai_viet", "khong", 7),
        (1010, D(2024, 7, 1), "fanpage", "bai_viet", "khong", 1),
        (1010, D(2024, 8, 1), "fanpage", "bai_viet", "khong", 2),
        (1010, D(2024, 9, 1), "fanpage", "bai_viet", "khong", 3),
        (2015, D(2025, 7, 1), "fanpage", "bai_viet", "khong", 100),
        (2015, D(2025, 8, 1), "fanpage", "bai_viet", "khong", 200),
        (2015, D(2025, 9, 1), "fanpage", "bai_viet", "khong", 300),
        (1014, D(2024, 1, 1), "fanpage", "bai_viet", "khong", 2),
        (1014, D(2024, 7, 1), "tiktok", "bai_viet", "khong", 5),
        (1014, D(2024, 8, 1), "fanpage", "bai_viet", "khong", 5),
        (1014, D(2024, 9, 1), "fanpage", "chia_se_link", "trung_uong", 4),
        (1014, D(2024, 9, 1), "fanpage", "chia_se_link", "tinh", 6),
    ]
    con.executemany(
        "insert into activities (unit_id, month, platform_key, activity_key, source_level, quantity) "
        "values (?, ?, ?, ?, ?, ?)", acts)
    con.executemany("insert into teams (team_id, unit_id, name, founded_on, disbanded_on) values (?, ?, ?, ?, ?)", [
        (1, 1014, "Đội 1", D(2023, 1, 1), None),
        (2, 1014, "Đội 2", D(2024, 8, 15), None),
        (3, 1014, "Đội 3", D(2023, 1, 1), D(2024, 9, 1)),
        (4, 1014, "Đội 4", D(2023, 1, 1), None),
    ])
    con.executemany("insert into team_snapshots (team_id, month, members) values (?, ?, ?)", [
        (1, D(2024, 7, 1), 10), (1, D(2024, 8, 1), 12), (1, D(2024, 9, 1), 15),
        (2, D(2024, 8, 1), 5), (2, D(2024, 9, 1), 6),
        (3, D(2024, 7, 1), 8), (3, D(2024, 8, 1), 8),
        (4, D(2024, 7, 1), 20),
    ])
    con.executemany(
        "insert into channels (channel_id, unit_id, platform_key, name, opened_on, closed_on) "
        "values (?, ?, ?, ?, ?, ?)", [
            (1, 1014, "fanpage", "Kênh 1", D(2023, 5, 10), None),
            (2, 1014, "tiktok", "Kênh 2", D(2024, 8, 20), None),
            (3, 1014, "website", "Kênh 3", D(2020, 1, 1), D(2024, 9, 15)),
        ])
    con.executemany("insert into channel_snapshots (channel_id, month, followers, posts) values (?, ?, ?, ?)", [
        (1, D(2024, 7, 1), 100, 1), (1, D(2024, 8, 1), 110, 1), (1, D(2024, 9, 1), 120, 1),
        (2, D(2024, 8, 1), 50, 2), (2, D(2024, 9, 1), 80, 2),
        (3, D(2024, 7, 1), 30, 4), (3, D(2024, 8, 1), 30, 4),
    ])
    con.execute(
        "insert into contests (contest_id, title, document, organiser_unit_id, start_on, end_on) "
        "values (1, 'Cuộc thi thử', 'Chỉ thị 34-CT/TU', 1048, DATE '2024-03-01', DATE '2024-03-31')")
    con.executemany(
        "insert into contest_participation (contest_id, unit_id, period_start, period_grain, month, nguoi, luot) "
        "values (1, ?, ?, 'week', DATE '2024-03-01', ?, ?)", [
            (1048, D(2024, 3, 4), 100, 250),
            (1048, D(2024, 3, 11), 50, 150),
            (1049, D(2024, 3, 4), 10, 10),
        ])
    con.executemany("insert into metric_targets (metric_key, unit_id, year, target) values (?, ?, ?, ?)", [
        ("members", 1014, 2024, 50), ("posts", 2015, 2025, 1000),
    ])
    # synthetic test data like the sample: the app opens it in demo mode (no sign-in while it has no account)
    db.set_meta(con, "is_sample", "1")
    db.bump_data_version(con)       # as every writer of facts does: the rollups follow the facts
    con.close()
