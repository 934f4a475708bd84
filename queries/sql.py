"""SQL text for each metric source: the row set a source contributes, one named CTE each.

Every statement here is trusted developer text; user values only ever reach DuckDB as parameters.
Columns every source exposes: unit_id, at-month (``month`` for monthly facts), and its dimension
columns; snapshot and entity sources also expose entity_id, and start_on / end_on where relevant.
"""

# The last day of a contest participation row ({p}: the table's alias and a dot, or ''): its period_end, else the
# grain's own (a week: start + 6 days, a month: its last day). Shared with the write side (data/sql.py).
CONTEST_PERIOD_LAST = ("coalesce({p}period_end, case when {p}period_grain = 'week' then {p}period_start + 6 "
                       "else last_day({p}period_start) end)")

SOURCE_ROWS = {
    "activities": """
        select month, unit_id, platform_key, activity_key, source_level, quantity, reach
        from activities
    """,
    "channel_snapshots": """
        select s.month, c.unit_id, c.platform_key, s.channel_id as entity_id, c.closed_on as end_on,
               s.followers
        from channel_snapshots as s
        join channels as c on c.channel_id = s.channel_id
    """,
    "channel_flows": """
        select s.month, c.unit_id, c.platform_key, s.channel_id as entity_id, s.posts, s.interactions
        from channel_snapshots as s
        join channels as c on c.channel_id = s.channel_id
    """,
    "channels_active": """
        select channel_id as entity_id, unit_id, platform_key, opened_on as start_on, closed_on as end_on, 1 as n
        from channels
    """,
    "channels_opened": """
        select date_trunc('month', opened_on)::date as month, unit_id, platform_key, channel_id as entity_id, 1 as n
        from channels
        where opened_on is not null
    """,
    "channels_closed": """
        select date_trunc('month', closed_on)::date as month, unit_id, platform_key, channel_id as entity_id, 1 as n
        from channels
        where closed_on is not null
    """,
    "team_snapshots": """
        select s.month, t.unit_id, s.team_id as entity_id, t.disbanded_on as end_on, s.members
        from team_snapshots as s
        join teams as t on t.team_id = s.team_id
    """,
    "teams_active": """
        select team_id as entity_id, unit_id, founded_on as start_on, disbanded_on as end_on, 1 as n
        from teams
    """,
    "teams_opened": """
        select date_trunc('month', founded_on)::date as month, unit_id, team_id as entity_id, 1 as n
        from teams
        where founded_on is not null
    """,
    "teams_closed": """
        select date_trunc('month', disbanded_on)::date as month, unit_id, team_id as entity_id, 1 as n
        from teams
        where disbanded_on is not null
    """,
    "contest_participation": """
        select month, unit_id, contest_id, nguoi, luot, submissions, awards, registered, valid_entries,
               nguoi_q, luot_q, submissions_q, registered_q, valid_entries_q
        from contest_participation
    """,
}

# The raw rows that join snapshots to their entity, and the entity table's key in them: a filter on the entity (a
# page of a list: its 500 channels) is written on that key inside the rows, so DuckDB joins the snapshots with the
# chosen entities only; written on the rows' entity_id after the units' join, it sometimes built the join on all
# 359k channels (per-channel posts for a page: 37 -> 16 ms at scale 200, bench/README.md, ninth pass).
ENTITY_KEYS = {"channel_snapshots": "c.channel_id", "channel_flows": "c.channel_id", "team_snapshots": "t.team_id"}
assert all(" where " not in SOURCE_ROWS[key] for key in ENTITY_KEYS)      # the builder appends the filter

# The qualifier of a sum of published figures ({v}: the measure, {q}: its qualifier column): NULL when every part is
# exact (or there is none), '>' when the others are exact and some more than, '<' likewise, else '~'
# (catalogue.QUALIFIED_SUMS).
QUALIFIER_SUM = """
    case
        when count({q}) filter (where {v} is not null) = 0 then null
        when bool_and(coalesce({q}, '>') = '>') filter (where {v} is not null) then '>'
        when bool_and(coalesce({q}, '<') = '<') filter (where {v} is not null) then '<'
        else '~'
    end
"""
# rows of the group without the measure (only the other one published): its sum is a lower bound
PARTIAL_SUM = "count(*) filter (where {v} is null) > 0"

# A result cut by unit lists the provincial tree only: the units outside it (TW, CN, NT, NN; migration 009) count
# in a total over every unit, never as a unit of their own.
PROVINCIAL_ONLY = "l.province_id in (select unit_id from units where level = 'tinh')"

# The (month, unit_id, received) rows of each report family (catalogue.REPORTS): who reported what for which
# month, and when the import batch carrying it was committed (NULL: not imported, e.g. the sample). They may
# refer to ``bm`` (one row per month asked about). ``REPORT_ROWS_ROLLUP`` gives the same from the rollups.
# The monthly rows of the import change log, as (table_name, batch_id, unit_id, month, added): a row's key holds its
# unit (activities) or its entity (a snapshot: the channel's or team's unit) first and its report month second
_LOGGED_SNAPSHOTS = """
    select c.table_name, c.batch_id, e.unit_id, cast(json_extract_string(c.row_key, '$[1]') as date),
           c.old_values is null
    from batch_changes as c
    join {entities} as e on e.{ident} = cast(json_extract(c.row_key, '$[0]') as integer)
    where c.table_name = '{table}'
"""
LOGGED_MONTHLY = """
    select c.table_name, c.batch_id, cast(json_extract(c.row_key, '$[0]') as integer) as unit_id,
           cast(json_extract_string(c.row_key, '$[1]') as date) as month, c.old_values is null as added
    from batch_changes as c
    where c.table_name = 'activities'
    union all""" + _LOGGED_SNAPSHOTS.format(entities="channels", ident="channel_id", table="channel_snapshots") + \
    "    union all" + _LOGGED_SNAPSHOTS.format(entities="teams", ident="team_id", table="team_snapshots")
# The rows a committed batch added to a monthly table ({table}), as (month, unit_id, received)
FIRST_SENT = f"""
    select g.month, g.unit_id, b.created_at as received
    from ({LOGGED_MONTHLY}) as g
    join import_batches as b on b.batch_id = g.batch_id and b.status = 'committed'
    where g.table_name = '{{table}}' and g.added
"""

# received: the first committed batch that sent the rows — a corrected file re-sends unchanged rows under its own
# batch id, the earlier batch is in the change log (the rollups' report_months read it the same way)
_FIRST_RECEIVED = """
        select month, unit_id, min(received) as received from (
            select f.month, f.unit_id, f.received, true as held from ({facts}) as f
            union all
            select month, unit_id, received, false from ({logged})
        )
        group by month, unit_id
        having bool_or(held)
"""
REPORT_ROWS = {
    "activities": _FIRST_RECEIVED.format(facts="""
        select a.month, a.unit_id, b.created_at as received
        from activities as a
        left join import_batches as b on b.batch_id = a.batch_id""", logged=FIRST_SENT.format(table="activities")),
    "channels": _FIRST_RECEIVED.format(facts="""
        select s.month, c.unit_id, b.created_at as received
        from channel_snapshots as s
        join channels as c on c.channel_id = s.channel_id
        left join import_batches as b on b.batch_id = s.batch_id""", logged=FIRST_SENT.format(table="channel_snapshots")),
    "teams": _FIRST_RECEIVED.format(facts="""
        select s.month, t.unit_id, b.created_at as received
        from team_snapshots as s
        join teams as t on t.team_id = s.team_id
        left join import_batches as b on b.batch_id = s.batch_id""", logged=FIRST_SENT.format(table="team_snapshots")),
    # contest participation is reported by the participants of each contest: a unit is unreported for a month when a
    # contest it takes part in (it sent figures for it, or organised it) ran during that month and it sent no row for
    # that contest in the month, nor an earlier one lasting to the contest's last day in it (the week from 30/09 of a
    # contest ending 06/10; a row for the whole contest) — a month of a running contest nobody reported is unknown,
    # never 0; otherwise its participation that month is known (0 when it has no row). Only units that exist that
    # month: an old province's row after 07/2025 (it takes part in nothing any more) would count as its successor's
    # report. Anti joins rather than correlated subqueries: 7 against 29 ms over 46 months at scale 200.
    "contests": """
        select m.month, u.unit_id, null::timestamp as received
        from (select distinct month from bm) as m
        join (select unit_id, valid_from, valid_to from units where level = 'tinh') as u
            on u.valid_from <= m.month and (u.valid_to is null or u.valid_to > m.month)
        anti join (
            select o.unit_id, o.month from (
                select e.contest_id, e.unit_id, m.month, c.end_on
                from (select distinct month from bm) as m
                join contests as c on c.start_on <= last_day(m.month) and c.end_on >= m.month
                join (select distinct contest_id, unit_id from contest_participation
                      union select contest_id, organiser_unit_id from contests) as e on e.contest_id = c.contest_id
            ) as o
            anti join contest_participation as x
                on x.contest_id = o.contest_id and x.unit_id = o.unit_id
               and (x.month = o.month
                    or x.period_start <= o.month and PERIOD_LAST >= least(o.end_on, last_day(o.month)))
        ) as owed on owed.unit_id = u.unit_id and owed.month = m.month
    """.replace("PERIOD_LAST", CONTEST_PERIOD_LAST.format(p="x.")),
    # a register is known for every month of the buckets once the unit has sent it
    "channel_register": """
        select m.month, u.unit_id, null::timestamp as received
        from (select distinct unit_id from channels) as u
        cross join (select distinct month from bm) as m
    """,
    "team_register": """
        select m.month, u.unit_id, null::timestamp as received
        from (select distinct unit_id from teams) as u
        cross join (select distinct month from bm) as m
    """,
}

# Which provincial units were expected to report in each month the database covers and which did, for every report
# family: one row per family, month and provincial unit valid that month (``hist_unit_id``; ``cur_unit_id`` is the
# unit it belongs to today), ordered by month. A provincial unit is expected for the months it existed (the 63
# before 07/2025, the 34 after). The builder counts these rows per period bucket (``builder.report_counts``):
# under current boundaries a unit is fully reported for a bucket when every province it was made of reported every
# month of the bucket. The rows depend on the data and the unit filter only, so they are read once per data
# version and unit filter and serve every period, grain and comparison.
# {rep}: REPORT_REP once per lineage the families' rows are joined to, joined by "union all"; {families}:
# "('activities'), …". One join per lineage ({rows}: REPORT_FAMILY_ROWS of its families, joined by "union all"), not
# one per family: the statement is mostly planning (~25 ms of ~30 at scale 200), and six joins and distincts planned
# once each cost a third more than one (bench/README.md, sixteenth pass).
REPORT_FAMILY_ROWS = "select '{family}' as family, month, unit_id from ({report_rows})"
REPORT_REP = """
        select distinct
            r.family,
            r.month,
            case
                when l.switch_month is not null and r.month >= l.switch_month then l.current_id
                else l.province_id
            end as rep_unit
        from ({rows}) as r
        join {lineage} as l on l.unit_id = r.unit_id
"""
REPORT_MARKED = """
    with bm as (
        select unnest(generate_series(?::date, ?::date, interval 1 month))::date as month
    ),
    rep as ({rep}),
    expected as (
        select
            bm.month,
            p.unit_id as hist_unit_id,
            coalesce(p.successor_id, p.unit_id) as cur_unit_id
        from bm
        join units as p
            on p.level = 'tinh'
            and p.valid_from <= bm.month
            and (p.valid_to is null or p.valid_to > bm.month)
    )
    select
        f.family,
        year(e.month) * 12 + month(e.month) - 1 as month_index,
        e.hist_unit_id,
        e.cur_unit_id,
        r.rep_unit is not null as reported
    from expected as e
    cross join (values {families}) as f(family)
    left join rep as r on r.family = f.family and r.month = e.month and r.rep_unit = e.hist_unit_id
    {where}
    order by month_index
"""

# The (recorded, today's) unit pairs of every provincial unit that ``unit_clauses`` keep: REPORT_MARKED's rows of
# every province narrowed to a unit filter or scope without marking them again (builder.reported)
REPORT_UNIT_PAIRS = """
    select hist_unit_id, cur_unit_id
    from (
        select unit_id as hist_unit_id, coalesce(successor_id, unit_id) as cur_unit_id
        from units
        where level = 'tinh'
    )
    where {where}
"""

# The monthly report families from the rollups (data/rollups.py): one row per province as recorded and month.
REPORT_ROWS_ROLLUP = {
    family: f"select month, province_id as unit_id, received from report_months where family = '{family}'"
    for family in ("activities", "channels", "teams")
} | {
    # a register is known for every month of the buckets once the province has sent it
    family: f"""
        select m.month, r.province_id as unit_id, null::timestamp as received
        from roll_registers as r
        cross join (select distinct month from bm) as m
        where r.family = '{family}'
    """
    for family in ("channel_register", "team_register")
}

# Each rollup as rows of its source (data/rollups.py, migration 007): province_id stands for unit_id (its lineage
# is the same as that of any unit below it), measures pre-aggregated, counting sources weighted by n.
ROLLUP_ROWS = {
    "activities": """
        select month, province_id as unit_id, platform_key, activity_key, source_level, quantity, reach
        from roll_activities
    """,
    "channel_flows": """
        select month, province_id as unit_id, platform_key, posts, interactions, n
        from roll_channel_flows
    """,
    "channels_opened": """
        select month, province_id as unit_id, platform_key, n
        from roll_channel_events where event = 'opened'
    """,
    "channels_closed": """
        select month, province_id as unit_id, platform_key, n
        from roll_channel_events where event = 'closed'
    """,
    "teams_opened": "select month, province_id as unit_id, n from roll_team_events where event = 'opened'",
    "teams_closed": "select month, province_id as unit_id, n from roll_team_events where event = 'closed'",
    "channels_active": "select month, province_id as unit_id, platform_key, n from roll_channels_active",
    "teams_active": "select month, province_id as unit_id, n from roll_teams_active",
    "channel_snapshots": """
        select month, province_id as unit_id, platform_key, last_month, followers, n
        from roll_channel_stock
    """,
    "team_snapshots": "select month, province_id as unit_id, last_month, members, n from roll_team_stock",
}

# How the rows of a source meet the period buckets (bm: one row per bucket and month it counts;
# be: one row per bucket with its last month and last day).
BUCKET_JOIN = {
    "flow": """
        select bm.bucket_id, bm.role, src.*, src.month as at_month
        from src
        join bm on bm.month = src.month
    """,
    # one-month buckets: the primary key (entity, month) already leaves one snapshot per entity
    "snapshot_monthly": """
        select bm.bucket_id, bm.role, src.*, src.month as at_month
        from src
        join bm on bm.month = src.month
        where src.end_on is null or src.end_on > bm.end_day
    """,
    # the last snapshot of each entity inside the bucket, among entities still active at its end
    "snapshot": """
        select bm.bucket_id, bm.role, src.*, src.month as at_month
        from src
        join bm on bm.month = src.month
        where src.end_on is null or src.end_on > bm.end_day
        qualify row_number() over (
            partition by bm.bucket_id, bm.role, src.entity_id
            order by src.month desc
        ) = 1
    """,
    # rollups (ROLLUP_ROWS): active counts are per month end; a stock row of month m sums the entities whose last
    # snapshot up to m was in last_month, so a bucket takes the rows of its end month whose last_month is in it
    "active_rollup": """
        select be.bucket_id, be.role, src.*, be.end_month as at_month
        from src
        join be on be.end_month = src.month
    """,
    "snapshot_rollup": """
        select b.bucket_id, b.role, src.*, src.last_month as at_month
        from src
        join b on b.b_end = src.month and src.last_month >= b.b_start
    """,
    # entities active on the last day of the bucket
    "active": """
        select be.bucket_id, be.role, src.*, be.end_month as at_month
        from src
        join be
            on (src.start_on is null or src.start_on <= be.end_day)
            and (src.end_on is null or src.end_on > be.end_day)
    """,
}

# The lineage of rows by unit (unit_lineage), and the same for rows that are provincial units already (the rollups and
# the contest report rows): a provincial unit is its own province, so its lineage needs no walk up the levels.
LINEAGE = "unit_lineage"
PROVINCE_LINEAGE = """(
    select unit_id, unit_id as province_id, coalesce(successor_id, unit_id) as current_id,
           case when successor_id is not null then valid_to end as switch_month
    from units
    where level = 'tinh'
)"""

BUCKETS_CTE = """
    b(bucket_id, role, b_start, b_end, end_day) as (
        values {values}
    ),
    bm as (
        select bucket_id, role, unnest(generate_series(b_start, b_end, interval 1 month))::date as month,
               b_end as end_month, end_day
        from b
    ),
    be as (
        select bucket_id, role, b_end as end_month, end_day
        from b
    )
"""

# Each source row with its lineage: today's unit does not depend on the month, so filters on it (and on
# the row's own attributes) run here, before rows meet the buckets and before the last-snapshot step.
LINEAGE_CTE = """
    src as (
        select
            s.*,
            l.province_id,
            l.current_id as cur_unit_id,
            l.switch_month
        from src_raw as s
        join {lineage} as l on l.unit_id = s.unit_id
        {where}
    )
"""

# The province a row counts under as recorded at its month (historical boundaries).
MAPPED_CTE = """
    mapped as (
        select
            r.*,
            case
                when r.switch_month is not null and r.at_month >= r.switch_month then r.cur_unit_id
                else r.province_id
            end as hist_unit_id
        from rows as r
    )
"""

UNIT_CODE_FILTER = "{col} in (select unit_id from units where level = 'tinh' and code in ({marks}))"
SCOPE_FILTER = (
    "cur_unit_id in (select unit_id from units where level = 'tinh' and valid_to is null "
    "and code in ({marks}))"
)
# every unit (any level, any period) that is part of a unit in the scope today: for rows that carry a unit_id
# but no lineage columns (channels, teams, contests and their organisers)
SCOPE_UNITS = (
    "{col} in (select l.unit_id from unit_lineage as l join units as cu on cu.unit_id = l.current_id "
    "where cu.level = 'tinh' and cu.valid_to is null and cu.code in ({marks}))"
)

COVERAGE = """
    with months as (
        select min(month) as first_month, max(month) as last_month from activities
        union all
        select min(month), max(month) from channel_snapshots
        union all
        select min(month), max(month) from team_snapshots
        union all
        select min(month), max(month) from contest_participation
    )
    select min(first_month) as first_month, max(last_month) as last_month
    from months
"""

UNITS = """
    select
        u.unit_id,
        u.code,
        u.name,
        u.level,
        u.parent_id,
        u.valid_from,
        u.valid_to,
        u.successor_id,
        u.lat,
        u.lon,
        u.tile_row,
        u.tile_col,
        -- the unit's earlier names and until when each was its name (Thừa Thiên Huế until 01/01/2025), oldest first
        (select list(struct_pack(name := v.name, until := v.valid_to) order by v.valid_from)
         from unit_versions as v where v.unit_id = u.unit_id and v.name <> u.name) as former_names
    from units as u
    where u.level = 'tinh'
    order by u.valid_to nulls first, u.code
"""

LOOKUPS = {
    "platform": "select platform_key as key, label_vi, label_en, color from platforms order by sort_order",
    "activity_type": "select activity_key as key, label_vi, label_en from activity_types order by sort_order",
    "source_level": "select level_key as key, label_vi, label_en from source_levels order by sort_order",
    "contest": "select contest_id as key, title as label_vi, title as label_en from contests as c "
               "where {where} order by start_on",
}

META = "select key, value from meta"

ROLLUP_META = "select key, value from meta where key in ('data_version', 'rollups_version', 'rollups_schema')"

DATA_VERSION = "select value from meta where key = 'data_version'"

UNIT_LIFETIMES = "select unit_id, valid_from, valid_to from units where level = 'tinh'"
# each provincial unit's code, lifetime and area: the old provinces it is made of (itself for an old one; the ones
# whose successor it is for a unit formed on 01/07/2025 — one for Sơn La, two for Đà Nẵng)
UNIT_AREAS = """
    select u.code, u.valid_from, u.valid_to, coalesce(p.unit_id, u.unit_id) as area
    from units as u
    left join units as p on p.successor_id = u.unit_id and p.level = 'tinh'
    where u.level = 'tinh'
"""

# {where}: the scope condition on the entity's unit_id (builder.scope_clause), or "true"
ENTITIES = {
    "channel": """
        select
            c.channel_id as entity_id,
            c.name,
            c.address,
            c.platform_key as platform,
            c.opened_on,
            c.closed_on,
            c.opened_precision
        from channels as c
        where {where}
        order by c.channel_id
    """,
    "team": """
        select
            t.team_id as entity_id,
            t.name,
            t.founded_on as opened_on,
            t.disbanded_on as closed_on
        from teams as t
        where {where}
        order by t.team_id
    """,
}

# A search box's text folded in SQL the way data.parse.phrase folds it in Python: lower case, no diacritics
# (đ -> d), runs of white space one space.
FOLD = "regexp_replace(replace(strip_accents(lower(coalesce({x}, ''))), 'đ', 'd'), '\\s+', ' ', 'g')"

# One page of an entity list, done in SQL so a national view never brings every channel or team into Python:
# the entities of the chosen units (and scope) that exist in the period, matching the search, ordered by their
# stock at the period's last month (followers, members; none last), then name; {limit} rows after the first
# {offset} (a page of the list) and the total.
# Parameters in order: the period's last month, its last day, its first day, the unit clauses, the search's
# (ENTITY_SEARCH_ROLLED's two, or one per column of ENTITY_SEARCH, joined by {joins}), the last month. The matches
# are counted apart (an aggregate, not a window over all of them); snapshots of one month are read alone when they
# lie month by month on disk, as imports write them (bench/README.md, sixth pass).
# The names are read only for the candidates of the page: the matches whose stock is at least the stock of the
# page's last row by stock ({last} = {offset} + {limit} − 1 rows before it; ties included, so the order by name
# among equal stocks is the same as over all matches;
# every match when that one has none, or there are fewer). Carrying 331k names through the join with the
# snapshots and the sort cost the national channel list ~20 ms of its ~55 (bench/README.md, ninth pass).
_ENTITY_PAGE = """
        with ent as (
            select
                {columns},
                l.current_id as cur_unit_id,
                case when l.switch_month is not null and ?::date >= l.switch_month then l.current_id
                     else l.province_id end as hist_unit_id
            from {table} as x
            join unit_lineage as l on l.unit_id = x.unit_id
        ),
        matched as (
            select e.entity_id
            from ent as e{{joins}}
            where (e.opened_on is null or e.opened_on <= ?::date)
              and (e.closed_on is null or e.closed_on >= ?::date)
              and {{where}}
              and {{search}}
        ),
        stocked as (
            select m.entity_id, s.{stock} as stock
            from matched as m
            left join {snapshots} as s on s.{key} = m.entity_id and s.month = ?::date
        ),
        cut as (
            select max(stock) as stock
            from (select stock from stocked order by stock desc nulls last limit 1 offset {{last}})
        ),
        candidates as materialized (
            select st.entity_id, st.stock
            from stocked as st, cut
            where cut.stock is null or st.stock >= cut.stock
        ),
        page as (
            select c.entity_id, c.stock, x.name
            from candidates as c
            join {table} as x on x.{key} = c.entity_id
            order by c.stock desc nulls last, x.name, c.entity_id
            limit {{limit}} offset {{offset}}
        )
        select p.entity_id, n.total
        from page as p
        cross join (select count(*) as total from stocked) as n
        order by p.stock desc nulls last, p.name, p.entity_id
"""
# an entity list's table and the columns its rows (x) give the list
ENTITY_SOURCE = {
    "channel": dict(columns="x.channel_id as entity_id, x.name, x.address, x.platform_key, x.opened_on, x.closed_on",
                    table="channels", key="channel_id", stock="followers", snapshots="channel_snapshots"),
    "team": dict(columns="x.team_id as entity_id, x.name, x.founded_on as opened_on, x.disbanded_on as closed_on",
                 table="teams", key="team_id", stock="members", snapshots="team_snapshots"),
}
ENTITY_PAGE = {kind: _ENTITY_PAGE.format(**source) for kind, source in ENTITY_SOURCE.items()}
# what a search reads besides the entity's own columns (e.*): its unit's name, a channel's platform's labels
ENTITY_SEARCH_JOINS = {
    "channel": "\n            join units as u on u.unit_id = e.cur_unit_id"
               "\n            join platforms as p on p.platform_key = e.platform_key",
    "team": "\n            join units as u on u.unit_id = e.cur_unit_id",
}

# the fields a list's search looks in (the rollup 'roll_search' keeps the same, folded: data/rollups.py)
ENTITY_SEARCH = {
    "channel": ("e.name", "e.address", "u.name", "p.label_vi", "p.label_en"),
    "team": ("e.name", "u.name"),
}
# the same search read from the folded text the rollups keep (data/rollups.py 'roll_search'; one parameter each:
# the family, the folded needle)
ENTITY_SEARCH_ROLLED = ("e.entity_id in (select r.entity_id from roll_search as r"
                        " where r.family = ? and contains(r.folded, ?))")
ENTITIES_BY_ID = {kind: q.replace("where {where}", "where {where} and {ids_in}")   # builder.in_values
                  for kind, q in ENTITIES.items()}

# Contests a scope may see: those organised inside it ({organised}) or with participation from inside it
# ({took_part}); the targets are the organiser's, shown only where the organiser is inside the scope.
CONTESTS = """
    with seen as (
        select
            c.*,
            {organised} as organised_in_scope
        from contests as c
    )
    select
        c.contest_id,
        c.title,
        c.document,
        c.organiser_unit_id,
        u.code as organiser_code,
        u.name as organiser_name,
        c.start_on,
        c.end_on,
        c.format,
        case when c.organised_in_scope then c.target_luot end as target_luot,
        case when c.organised_in_scope then c.target_nguoi end as target_nguoi,
        (select max(PERIOD_LAST) from contest_participation as p
         where p.contest_id = c.contest_id and (p.nguoi is not null or p.luot is not null)) as data_until
    from seen as c
    join units as u on u.unit_id = c.organiser_unit_id
    where c.organised_in_scope
       or exists (
            select 1
            from contest_participation as p
            where p.contest_id = c.contest_id
              and {took_part}
       )
    order by c.start_on desc, c.contest_id
""".replace("PERIOD_LAST", CONTEST_PERIOD_LAST.format(p="p."))

# Participation of contests per period (a week, a month, a round, the whole contest — as the rows give them): each
# measure summed over the filtered units with its qualifier and whether some row lacks it (QUALIFIER_SUM,
# PARTIAL_SUM); persons of first participation (nguoi) and attempts (luot) are never added to each other.
# {where_early} / {where_late} as in the builder; {measures}: the sums.
CONTEST_WEEKS = f"""
    with src as (
        select
            p.*,
            {CONTEST_PERIOD_LAST.format(p='p.')} as period_last,
            l.province_id,
            l.current_id as cur_unit_id,
            l.switch_month
        from contest_participation as p
        join unit_lineage as l on l.unit_id = p.unit_id
        where p.contest_id in ({{contest_marks}})
          {{where_early}}
    ),
    mapped as (
        select
            *,
            case
                when switch_month is not null and month >= switch_month then cur_unit_id
                else province_id
            end as hist_unit_id
        from src
    )
    select
        contest_id,
        period_start,
        period_last as period_end,
        period_grain,
        round_no,
        {{measures}}
    from mapped
    {{where_late}}
    group by contest_id, period_start, period_last, period_grain, round_no
    order by contest_id, period_last, period_start
"""

# The participation of one contest from the units outside the provincial tree (TW, CN, NT, NN): what a table by unit
# leaves out of its rows. {measures} as in CONTEST_WEEKS.
CONTEST_OUTSIDE = """
    select u.code as unit_code, u.name as unit_name, {measures}
    from contest_participation as p
    join units as u on u.unit_id = p.unit_id
    where p.contest_id = ? and u.level in ('trung_uong', 'ca_nuoc', 'ngoai_tinh', 'ngoai_nuoc')
    group by u.unit_id, u.code, u.name
    order by u.unit_id
"""
