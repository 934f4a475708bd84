"""SQL text of the write side: the importer's lookups, preview, commit and undo, the templates' lists, examples
and exports, and the command line's summaries — as ``queries/sql.py`` is the read side's.

Every statement here is trusted developer text. Identifiers filled into the templated statements (``{table}``,
``{column}``) come from the import kinds' declarations (``data/kinds``), never from a file or a user; values
from a file reach DuckDB only as parameters or as registered frames.
"""

from queries.sql import CONTEST_PERIOD_LAST as PERIOD_LAST  # a participation row's last day ({p}: alias + '.')

# ---- reference values a file is checked against (data.lookups) ---------------------------------------------

UNITS = "select unit_id, code, name, valid_from, valid_to, successor_id, level from units"

# the labels of a choice column's vocabulary: key, Vietnamese label, English label, in display order
CHOICE_LABELS = {
    "platform": "select platform_key, label_vi, label_en from platforms order by sort_order",
    "activity": "select activity_key, label_vi, label_en from activity_types order by sort_order",
    "level": "select level_key, label_vi, label_en from source_levels order by sort_order",
}

TEAMS = "select team_id, unit_id, name, founded_on, disbanded_on from teams"
CHANNELS = "select channel_id, unit_id, name, opened_on, closed_on, platform_key from channels"
CONTESTS = "select contest_id, title, start_on, end_on, organiser_unit_id from contests"
CONTEST_KEYS = "select contest_id, title, organiser_unit_id, start_on from contests"
# contest -> first period start, last period start, earliest period end of its participation rows
CONTEST_SPANS = f"""
    select contest_id, min(period_start), max(period_start), min({PERIOD_LAST.format(p='')})
    from contest_participation
    group by contest_id
"""
# the participation rows of the contests a file writes (a registered frame overlap_contests), with each row's last
# day, for the overlap check of contest_participation
CONTEST_PERIODS = f"""
    select p.contest_id, p.unit_id, p.period_start, p.period_grain, {PERIOD_LAST.format(p='p.')} as period_last,
           p.round_no, p.batch_id
    from contest_participation as p
    where p.contest_id in (select cast(contest_id as integer) from overlap_contests)
"""
UNIT_PARENTS = "select unit_id, parent_id from units"
# every unit -> the provincial unit it is part of today (the units outside the tree: themselves)
UNIT_CURRENT = "select unit_id, current_id from unit_lineage"
# indicator -> name, programme id, programme name, first year, last year, linked metric (NULL: reported by hand)
INDICATORS = """
    select i.indicator_id, i.name, p.programme_id, p.name, p.year_from, p.year_to, i.metric_key
    from programme_indicators as i
    join programme_tasks as t using (task_id)
    join programmes as p on p.programme_id = t.programme_id
"""
PARTIES = """
    select p.programme_id, p.unit_id, u.successor_id
    from programme_parties as p
    join units as u using (unit_id)
"""
PROGRAMMES = "select programme_id, name, year_from, year_to from programmes"
PROGRAMME_VALUE_YEARS = """
    select t.programme_id, min(v.year), max(v.year)
    from indicator_values as v
    join programme_indicators as i using (indicator_id)
    join programme_tasks as t using (task_id)
    group by 1
"""
PROGRAMME_TASKS = "select task_id, programme_id, seq, title from programme_tasks"
# a programme's signing date and place, kept when a file leaves them blank
PROGRAMME_SIGNING = "select programme_id, signed_on, place from programmes"
INDICATOR_NAMES = "select indicator_id, task_id, name from programme_indicators"

# channel_snapshots' file check: the file's followers against the previous month in the database
# ({jump}: the share of change that is flagged; the file's rows are registered as jump_probe)
FOLLOWER_JUMPS = """
    select p.i, p.prev, s.followers as before, p.followers as now
    from jump_probe as p
    join channel_snapshots as s on s.channel_id = p.channel_id and s.month = p.prev
    where s.followers > 0 and abs(p.followers - s.followers) > {jump} * s.followers
    order by p.i
"""

# ---- preview, commit, undo (data.importer) -------------------------------------------------------------

COLUMN_TYPES = "select column_name, data_type from information_schema.columns where table_name = ?"
BATCH_OF_CHECKSUM = "select batch_id from import_batches where checksum = ? and status = 'committed'"
# the stored rows with the natural keys of a registered frame incoming_keys ({condition} joins t and i)
EXISTING = "select {columns} from {table} as t join incoming_keys as i on {condition}"
NEXT_BATCH = "select nextval('batch_seq')"
MAX_ID = "select coalesce(max({column}), 0) from {table}"
INSERT_CHANGES = "insert into batch_changes select ?, ?, row_key, old_values from changes_df"
# rows of a registered frame ({source}) written over the rows with the same primary key
UPSERT = "insert or replace into {table} ({columns}) select {select} from {source}"
# rows of a registered frame ({source}) the table does not hold yet
APPEND = "insert into {table} ({columns}) select {select} from {source}"
# the order monthly rows are written in ({order}: the month, then the rest of the natural key): a month's rows lie
# together on disk whatever order the file gave them, so a query for one month skips the others' row groups
ORDERED = " order by {order}"
CAST = "cast({alias}{column} as {type}) as {column}"
# one column of a natural key: the table (t) and a registered frame ({other}) agree on it
KEY_EQUALS = "t.{key} = cast({other}.{key} as {type})"
INSERT_BATCH = """
    insert into import_batches (batch_id, kind, file_name, checksum, rows_added, rows_replaced, rows_unchanged,
                                created_by, created_at, status)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed')
"""
BATCH_STATUS = "select kind, status from import_batches where batch_id = ?"
# the first later committed batch that changed a row this batch changed
# each row a batch logged that a later committed batch logged too: the first such batch (it holds the row's value now)
LATER_CHANGES = """
    select c1.table_name, c1.row_key, min(c2.batch_id)
    from batch_changes as c1
    join batch_changes as c2
      on c2.table_name = c1.table_name and c2.row_key = c1.row_key and c2.batch_id > c1.batch_id
    join import_batches as b on b.batch_id = c2.batch_id and b.status = 'committed'
    where c1.batch_id = ?
    group by all
"""
# an undone batch's place in the history of a row a later batch changed: the later batch replaced what was there
# before the undone one (NULL: nothing, it now added the row)
REBASE_CHANGE = "update batch_changes set old_values = ? where batch_id = ? and table_name = ? and row_key = ?"
BATCH_CHANGES = "select table_name, row_key, old_values from batch_changes where batch_id = ?"
# the rows with the natural keys of a registered frame ({source}, alias k; {condition} joins t and k)
DELETE_KEYS = "delete from {table} as t using {source} as k where {condition}"
MARK_UNDONE = "update import_batches set status = 'undone', undone_at = ? where batch_id = ?"
# the smallest id of a row the batch added that another table still refers to ({extra}: leaves out the
# referring rows the same batch added)
REFERRED = ("select min(t.{column}) from {table} as t join undo_added as a "
            "on t.{column} = cast(a.{ident} as integer){extra}")
REFERRED_EXCEPT_OWN = " where t.{key} not in (select cast({key} as integer) from undo_own)"
BATCHES = "select * from import_batches order by batch_id desc"
# the current unit codes of every row a batch wrote (its own unit column, or its entity's unit)
BATCH_UNIT_CODES = """
    with u as (
        select unit_id from activities where batch_id = $batch
        union all select unit_id from channels where batch_id = $batch
        union all select unit_id from teams where batch_id = $batch
        union all select c.unit_id from channel_snapshots as s join channels as c on c.channel_id = s.channel_id
                  where s.batch_id = $batch
        union all select t.unit_id from team_snapshots as s join teams as t on t.team_id = s.team_id
                  where s.batch_id = $batch
        union all select unit_id from contest_participation where batch_id = $batch
        union all select organiser_unit_id from contests where batch_id = $batch
        union all select unit_id from metric_targets where batch_id = $batch
        union all select unit_id from indicator_values where batch_id = $batch
    )
    select distinct c.code
    from u
    join unit_lineage as l on l.unit_id = u.unit_id
    join units as c on c.unit_id = l.current_id
    order by c.code
"""
SET_BATCH_UNITS = "update import_batches set unit_codes = ? where batch_id = ?"
# the unit of each entity a frame of rows refers to (the scope of a snapshot row is its entity's unit)
ENTITY_UNITS = "select {ident}, {unit} from {table} where {ident} in (select cast(id as integer) from scope_ids)"
UNIT_LABEL = "select code, name from units where unit_id = ?"

# ---- templates: drop-down lists, example rows (data.templates, data.kinds) ---------------------------------

LIST_UNITS = "select code, name from units where valid_to is null and level = 'tinh' order by code"
LIST_LEVELS = "select label_vi, level_key from source_levels where level_key <> 'khong' order by sort_order"
LIST_CONTEST_FORMATS = "select distinct format from contests where format is not null order by 1"
LIST_INDICATORS = """
    select i.indicator_id, i.name, i.unit_of_count, p.name
    from programme_indicators as i
    join programme_tasks as t using (task_id)
    join programmes as p on p.programme_id = t.programme_id
    order by 1
"""
LIST_PROGRAMMES = "select programme_id, name, year_from, year_to from programmes order by 1"
CURRENT_PROVINCE_CODES = "select code from units where valid_to is null and level = 'tinh' order by code"
LATEST = "select max({column}) from {table}"
# two entities active in a month, with their latest snapshot value ({value} of {snapshots})
EXAMPLE_ENTITIES = """
    select e.{ident},
           (select s.{value} from {snapshots} as s where s.{ident} = e.{ident} order by s.month desc limit 1)
    from {entities} as e
    where e.{opened} <= ? and (e.{closed} is null or e.{closed} > ?)
    order by e.{ident}
    limit 2
"""
EXAMPLE_CONTEST = """
    select contest_id, start_on, end_on, organiser_unit_id from contests
    order by start_on desc, contest_id desc
    limit 1
"""
UNIT_CODE_ON = "select code from units where unit_id = ? and valid_from <= ? and (valid_to is null or valid_to > ?)"
ALL_UNIT_CODES = "select code from units"
PROVINCE_START = "select valid_from from units where code = ? and valid_to is null and level = 'tinh'"
OLD_PROVINCE = "select unit_id from units where code = ? and level = 'tinh' and valid_to = ?"
# the first party-year cells of a programme without a value; else the first existing ones (with the indicator's
# linked metric)
EXAMPLE_INDICATOR_CELLS = """
    select i.indicator_id, u.code, y.year, v.target, i.metric_key
    from programme_indicators as i
    join programme_tasks as t using (task_id)
    join programmes as p on p.programme_id = t.programme_id
    cross join lateral (select unnest(range(p.year_from, p.year_to + 1)) as year) as y
    join programme_parties as pp on pp.programme_id = p.programme_id
    join units as pu on pu.unit_id = pp.unit_id
    join units as u on u.unit_id = case when pu.successor_id is not null
                                            and make_date(y.year::int, 12, 31) >= pu.valid_to
                                       then pu.successor_id else pu.unit_id end
    left join indicator_values as v on v.indicator_id = i.indicator_id and v.unit_id = u.unit_id and v.year = y.year
    order by v.target is not null, y.year desc, i.indicator_id, u.code
    limit 2
"""
# the first programme years without a review conference; else the first ones that have one
EXAMPLE_CONFERENCE_YEARS = """
    select p.programme_id, y.year
    from programmes as p
    cross join lateral (select unnest(range(p.year_from, p.year_to + 1)) as year) as y
    left join programme_conferences as c on c.programme_id = p.programme_id and c.year = y.year
    order by c.year is not null, p.programme_id, y.year
    limit 2
"""

# ---- exports in the template format (data.templates) -------------------------------------------------------
# Per kind: the select giving the template's columns in order — each column's stored value (a unit as its code;
# a choice as its key, which the column type writes as its label) —, the unit-code column it filters on (or a
# condition with {codes} where the codes go), the period condition ($lo, $hi = first day of the first month,
# last day of the last month) and the order. A test checks there is one per import kind.

EXPORTS = {
    "activities": (
        "select u.code, a.month, a.platform_key, a.activity_key, a.source_level, a.quantity, a.reach "
        "from activities as a join units as u using (unit_id) join platforms as p using (platform_key) "
        "join activity_types as t using (activity_key) left join source_levels as l on l.level_key = a.source_level",
        "u.code", "a.month between $lo and $hi",
        "a.month, u.code, p.sort_order, t.sort_order, l.sort_order"),
    "team_snapshots": (
        "select s.team_id, s.month, s.members from team_snapshots as s join teams as e using (team_id) "
        "join units as u on u.unit_id = e.unit_id",
        "u.code", "s.month between $lo and $hi", "s.month, s.team_id"),
    "channel_snapshots": (
        "select s.channel_id, s.month, s.followers, s.posts, s.interactions from channel_snapshots as s "
        "join channels as e using (channel_id) join units as u on u.unit_id = e.unit_id",
        "u.code", "s.month between $lo and $hi", "s.month, s.channel_id"),
    "channels": (
        "select e.channel_id, u.code, e.platform_key, e.name, e.address, {'d': e.opened_on, 'p': e.opened_precision}, "
        "e.closed_on from channels as e join units as u using (unit_id)",
        "u.code", "e.opened_on <= $hi and (e.closed_on is null or e.closed_on > $lo)", "e.channel_id"),
    "teams": (
        "select e.team_id, u.code, e.name, e.founded_on, e.disbanded_on from teams as e join units as u using (unit_id)",
        "u.code", "e.founded_on <= $hi and (e.disbanded_on is null or e.disbanded_on > $lo)", "e.team_id"),
    "contest_participation": (
        "select c.contest_id, u.code, c.period_start, c.period_grain, {'v': c.nguoi, 'q': c.nguoi_q}, "
        "{'v': c.luot, 'q': c.luot_q}, {'v': c.submissions, 'q': c.submissions_q}, c.awards, c.period_end, "
        "c.round_no, {'v': c.registered, 'q': c.registered_q}, {'v': c.valid_entries, 'q': c.valid_entries_q} "
        "from contest_participation as c join units as u using (unit_id)",
        "u.code", "c.month between $lo and $hi", "c.contest_id, c.period_start, u.code"),
    "contests": (
        "select c.contest_id, c.title, c.document, u.code, c.start_on, c.end_on, c.format, c.target_luot, "
        "c.target_nguoi from contests as c join units as u on u.unit_id = c.organiser_unit_id",
        "u.code", "c.start_on <= $hi and c.end_on >= $lo", "c.contest_id"),
    "units": (
        "select u.code, u.name, p.code, u.valid_from, u.valid_to, u.level from units as u join units as p "
        "on p.unit_id = u.parent_id and u.level in ('xa', 'huyen') join unit_lineage as l on l.unit_id = u.unit_id "
        "join units as r on r.unit_id = l.province_id",
        "r.code", "u.valid_from <= $hi and (u.valid_to is null or u.valid_to > $lo)", "u.code, u.valid_from"),
    "indicator_values": (
        "select v.indicator_id, u.code, v.year, v.target, v.actual, v.note, v.source from indicator_values as v "
        "join units as u using (unit_id)",
        "u.code", "v.year between year($lo) and year($hi)", "v.indicator_id, v.year, u.code"),
    "programme_indicators": (
        "select p.programme_id, p.name, p.year_from, p.year_to, (select string_agg(u.code, '; ' order by u.code) "
        "from programme_parties as pp join units as u using (unit_id) where pp.programme_id = p.programme_id), "
        "t.seq, t.title, i.indicator_id, i.name, i.unit_of_count, i.metric_key, p.signed_on, p.place "
        "from programme_indicators as i "
        "join programme_tasks as t using (task_id) join programmes as p on p.programme_id = t.programme_id",
        "p.programme_id in (select pp.programme_id from programme_parties as pp join units as u using (unit_id) "
        "where u.code in ({codes}))",
        "p.year_from <= year($hi) and p.year_to >= year($lo)", "p.programme_id, t.seq, i.indicator_id"),
    "programme_conferences": (
        "select c.programme_id, c.year, c.held_on, c.place, c.title, c.note from programme_conferences as c",
        "c.programme_id in (select pp.programme_id from programme_parties as pp join units as u using (unit_id) "
        "where u.code in ({codes}) or pp.unit_id in (select o.unit_id from units as o join units as n "
        "on n.unit_id = o.successor_id where n.code in ({codes})))",
        "c.year between year($lo) and year($hi)", "c.programme_id, c.year"),
    "metric_targets": (
        "select m.metric_key, u.code, m.year, m.target, m.month from metric_targets as m join units as u using (unit_id)",
        "u.code", "m.year between year($lo) and year($hi)", "m.year, u.code, m.metric_key, m.month"),
}

EXPORT = "{select} where {where} order by {order}"

# ---- the monthly report form and the preview's old -> new table (data.report_form) -------------------------

# the month before a report month of a current unit (its predecessors included), per platform, type, level
PREVIOUS_ACTIVITIES = """
    select a.platform_key, a.activity_key, a.source_level, sum(a.quantity) as quantity
    from activities as a
    join unit_lineage as l on l.unit_id = a.unit_id
    join units as u on u.unit_id = l.current_id
    where u.code = ? and u.valid_to is null and a.month = ?
    group by all
"""
UNIT_NAMES = "select unit_id, code || ' · ' || name from units"

# ---- the command line (data.commands) ----------------------------------------------------------------------

BASE_TABLES = "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by table_name"
COPY_TO_PARQUET = 'copy (select * from "{table}") to ? (format parquet)'   # the path: a parameter
# the accounts without their password hashes: a data lake is no place for them (a backup keeps them)
COPY_ACCOUNTS_TO_PARQUET = 'copy (select * exclude (password_hash) from accounts) to ? (format parquet)'
# a monthly fact table as a data lake: one folder per year and current unit code (hive style: year=2024/unit=14)
COPY_PARTITIONED = """
    copy (
        select f.*, year(f.month) as year, coalesce(c.code, 'khac') as unit
        from "{table}" as f
        left join unit_lineage as l on l.unit_id = {unit_expr}
        left join units as c on c.unit_id = l.current_id
    ) to ? (format parquet, partition_by (year, unit), overwrite_or_ignore)
"""
# the unit of a row of each partitioned table (a snapshot's unit is its entity's)
PARTITION_UNIT = {
    "activities": "f.unit_id",
    "contest_participation": "f.unit_id",
    "channel_snapshots": "(select unit_id from channels as e where e.channel_id = f.channel_id)",
    "team_snapshots": "(select unit_id from teams as e where e.team_id = f.team_id)",
}
META = "select key, value from meta"
COUNT = "select count(*) from {table}"
# first and last report month over the monthly fact tables ({parts}: one MONTH_SPAN per table, union all)
MONTHS_COVERED = "select min(first), max(last) from ({parts})"
MONTH_SPAN = "select min(month) as first, max(month) as last from {table}"
