"""SQL text of coordination programmes and of targets (chỉ tiêu): trusted developer text, values only as parameters.

Every statement whose rows carry a unit exposes ``cur_unit_id`` (today's unit, ``unit_lineage.current_id``) and
``hist_unit_id`` (the unit as it was at the row's time) and has a ``{where}`` slot for
``queries.builder.unit_clauses`` — the one place the unit filter and the user's scope become SQL.
"""

# The provincial unit a yearly row counts under, as recorded at the end of its year (a row keyed by a unit valid on
# 31/12 of its year is its own unit; an older one would count under the unit it became part of).
_HIST_AT_YEAR_END = """
    case
        when l.switch_month is not null and make_date({year}, 12, 1) >= l.switch_month then l.current_id
        else l.province_id
    end
"""

# Target rows (month 0 = the whole year, 1-12 = that month) of some metrics in one year, over the filtered units.
TARGET_ROWS = f"""
    with t as (
        select
            t.metric_key,
            t.unit_id,
            t.month,
            t.target,
            l.current_id as cur_unit_id,
            {_HIST_AT_YEAR_END.format(year="t.year")} as hist_unit_id
        from metric_targets as t
        join unit_lineage as l on l.unit_id = t.unit_id
        where t.year = ?
          and t.metric_key in ({{metric_marks}})
    )
    select
        metric_key,
        unit_id,
        month,
        target
    from t
    where {{where}}
    order by metric_key, unit_id, month
"""

# units formed during a year from more than one old province (Đà Nẵng 2025: Đà Nẵng and Quảng Nam)
MERGED_IN_YEAR = """
    select successor_id as unit_id
    from units
    where level = 'tinh' and successor_id is not null
      and valid_to > make_date(?, 1, 1) and valid_to <= make_date(?, 12, 31)
    group by 1
    having count(*) > 1
"""

# The provincial units of the filters that exist on 31/12 of a year: what a target summed over "the chosen units"
# has to cover to be comparable with their figures.
UNITS_AT_YEAR_END = """
    with u as (
        select
            u.unit_id,
            l.current_id as cur_unit_id,
            u.unit_id as hist_unit_id
        from units as u
        join unit_lineage as l on l.unit_id = u.unit_id
        where u.level = 'tinh'
          and u.valid_from <= make_date(?, 12, 31)
          and (u.valid_to is null or u.valid_to > make_date(?, 12, 31))
    )
    select unit_id
    from u
    where {where}
    order by unit_id
"""

PLATFORM_KEYS = "select platform_key from platforms order by sort_order"

# Programmes one of whose parties passes the filters.
PROGRAMMES = """
    with parties as (
        select
            pp.programme_id,
            l.current_id as cur_unit_id,
            l.province_id as hist_unit_id
        from programme_parties as pp
        join unit_lineage as l on l.unit_id = pp.unit_id
    )
    select
        g.programme_id,
        g.name,
        g.year_from,
        g.year_to,
        g.signed_on,
        g.place,
        (select count(*) from programme_tasks as t where t.programme_id = g.programme_id) as tasks
    from programmes as g
    where g.programme_id in (select programme_id from parties where {where})
    order by g.year_to desc, g.year_from desc, g.programme_id
"""

# The parties of one programme (as signed) with the unit each is part of today.
PARTIES = """
    with parties as (
        select
            pp.unit_id,
            u.code,
            u.name,
            u.valid_to,
            l.current_id as cur_unit_id,
            l.province_id as hist_unit_id
        from programme_parties as pp
        join units as u on u.unit_id = pp.unit_id
        join unit_lineage as l on l.unit_id = pp.unit_id
        where pp.programme_id = ?
    )
    select
        p.unit_id,
        p.code,
        p.name,
        p.valid_to,
        p.cur_unit_id,
        c.code as cur_code,
        c.name as cur_name,
        (select v.unit_type from unit_versions as v where v.unit_id = p.cur_unit_id
         order by v.valid_from desc limit 1) as cur_unit_type
    from parties as p
    join units as c on c.unit_id = p.cur_unit_id
    where {where}
    order by p.code
"""

TASKS = """
    select
        t.task_id,
        t.seq,
        t.title
    from programme_tasks as t
    where t.programme_id = ?
    order by t.seq
"""

INDICATORS = """
    select
        i.indicator_id,
        i.task_id,
        t.seq,
        i.name,
        i.unit_of_count,
        i.metric_key
    from programme_indicators as i
    join programme_tasks as t on t.task_id = i.task_id
    where t.programme_id = ?
    order by t.seq, i.indicator_id
"""

# Yearly target and actual of each indicator per party unit (the unit valid on 31/12 of the year), over the
# filtered units.
VALUES = f"""
    with v as (
        select
            v.indicator_id,
            v.unit_id,
            v.year,
            v.target,
            v.actual,
            v.note,
            v.source,
            u.code,
            u.valid_to,
            l.current_id as cur_unit_id,
            {_HIST_AT_YEAR_END.format(year="v.year")} as hist_unit_id
        from indicator_values as v
        join programme_indicators as i on i.indicator_id = v.indicator_id
        join programme_tasks as t on t.task_id = i.task_id
        join units as u on u.unit_id = v.unit_id
        join unit_lineage as l on l.unit_id = v.unit_id
        where t.programme_id = ?
    )
    select
        indicator_id,
        unit_id,
        code,
        valid_to,
        cur_unit_id,
        year,
        target,
        actual,
        note,
        source
    from v
    where {{where}}
    order by indicator_id, year, cur_unit_id
"""

CONFERENCES = """
    select
        c.year,
        c.held_on,
        c.place,
        c.title,
        c.note
    from programme_conferences as c
    where c.programme_id = ?
    order by c.held_on, c.year
"""
