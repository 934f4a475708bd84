-- 001_core: the whole data contract of DESIGN.md section 2.
-- Column names are documented in docs/data-dictionary.md; months are stored as the DATE of the
-- first day of the report month; validity ranges are [valid_from, valid_to) with valid_to NULL = open.

create table if not exists meta (
    key   varchar primary key,
    value varchar
);

-- Units: provincial-level units (63 before 01/07/2025, 34 from then) and, for scaled samples or
-- imports, units below them (xã/phường/đặc khu, agencies). A unit is its code *and* its validity.
create table if not exists units (
    unit_id      integer primary key,
    code         varchar not null,
    name         varchar not null,
    level        varchar not null,           -- 'tinh' (provincial level) | 'xa' (below province)
    parent_id    integer,                    -- for level 'xa': the provincial unit it belongs to
    valid_from   date not null,
    valid_to     date,                       -- exclusive; NULL = still in force
    successor_id integer,                    -- old province -> the new unit it became part of
    lat          double,
    lon          double,
    tile_row     integer,
    tile_col     integer
);

-- Names and types change inside a unit's life (Thừa Thiên Huế -> Thành phố Huế on 01/01/2025;
-- Đồng Nai recorded as a city from 30/04/2026), so they carry their own validity.
create table if not exists unit_versions (
    unit_id    integer not null,
    valid_from date not null,
    valid_to   date,
    name       varchar not null,
    unit_type  varchar not null,              -- 'tinh' | 'thanh_pho'
    primary key (unit_id, valid_from)
);

create table if not exists platforms (
    platform_key varchar primary key,
    label_vi     varchar not null,
    label_en     varchar not null,
    color        varchar not null,
    sort_order   integer not null
);

create table if not exists activity_types (
    activity_key varchar primary key,
    label_vi     varchar not null,
    label_en     varchar not null,
    sort_order   integer not null
);

create table if not exists source_levels (
    level_key  varchar primary key,
    label_vi   varchar not null,
    label_en   varchar not null,
    sort_order integer not null
);

create table if not exists channels (
    channel_id   integer primary key,
    unit_id      integer not null,
    platform_key varchar not null,
    name         varchar not null,
    address      varchar,
    opened_on    date,
    closed_on    date,                        -- exclusive: closed from this day on
    batch_id     integer
);

-- Monthly snapshot of a channel: followers/members (stock), posts and interactions (flows).
create table if not exists channel_snapshots (
    channel_id   integer not null,
    month        date not null,
    followers    bigint,
    posts        bigint,
    interactions bigint,
    batch_id     integer,
    primary key (channel_id, month)
);

create table if not exists teams (
    team_id      integer primary key,
    unit_id      integer not null,
    name         varchar not null,
    founded_on   date,
    disbanded_on date,                        -- exclusive
    batch_id     integer
);

create table if not exists team_snapshots (
    team_id  integer not null,
    month    date not null,
    members  bigint not null,
    batch_id integer,
    primary key (team_id, month)
);

-- Monthly activity counts. source_level is 'khong' (not applicable) for everything but link shares.
create table if not exists activities (
    unit_id      integer not null,
    month        date not null,
    platform_key varchar not null,
    activity_key varchar not null,
    source_level varchar not null,
    quantity     bigint not null,
    reach        bigint,
    batch_id     integer,
    primary key (unit_id, month, platform_key, activity_key, source_level)
);

create table if not exists contests (
    contest_id         integer primary key,
    title              varchar not null,
    document           varchar,
    organiser_unit_id  integer not null,
    start_on           date not null,
    end_on             date not null,
    format             varchar,
    target_luot        bigint,
    target_nguoi       bigint,
    batch_id           integer
);

-- Participation per participating unit per week (or month). nguoi counts persons taking part for the
-- first time in that contest during the period, so nguoi sums to distinct persons over the contest;
-- luot counts attempts. The two are different measures and are never added together.
create table if not exists contest_participation (
    contest_id   integer not null,
    unit_id      integer not null,
    period_start date not null,
    period_grain varchar not null,            -- 'week' | 'month'
    month        date not null,               -- report month = month of period_start
    nguoi        bigint not null,
    luot         bigint not null,
    submissions  bigint,
    awards       bigint,
    batch_id     integer,
    primary key (contest_id, unit_id, period_start)
);

create table if not exists programmes (
    programme_id integer primary key,
    name         varchar not null,
    year_from    integer not null,
    year_to      integer not null,
    signed_on    date
);

create table if not exists programme_parties (
    programme_id integer not null,
    unit_id      integer not null,
    primary key (programme_id, unit_id)
);

create table if not exists programme_tasks (
    task_id      integer primary key,
    programme_id integer not null,
    seq          integer not null,
    title        varchar not null
);

create table if not exists programme_indicators (
    indicator_id   integer primary key,
    task_id        integer not null,
    name           varchar not null,
    unit_of_count  varchar not null
);

create table if not exists indicator_values (
    indicator_id integer not null,
    unit_id      integer not null,
    year         integer not null,
    target       double,
    actual       double,
    batch_id     integer,
    primary key (indicator_id, unit_id, year)
);

-- Targets (chỉ tiêu) for any catalogue metric, per unit and year.
create table if not exists metric_targets (
    metric_key varchar not null,
    unit_id    integer not null,
    year       integer not null,
    target     double not null,
    batch_id   integer,
    primary key (metric_key, unit_id, year)
);

create sequence if not exists batch_seq start 1;

create table if not exists import_batches (
    batch_id       integer primary key,
    kind           varchar not null,
    file_name      varchar,
    checksum       varchar,
    rows_added     bigint not null default 0,
    rows_replaced  bigint not null default 0,
    rows_unchanged bigint not null default 0,
    created_by     varchar not null,
    created_at     timestamp not null,
    status         varchar not null,          -- 'committed' | 'undone'
    undone_at      timestamp
);

create sequence if not exists audit_seq start 1;

create table if not exists audit_log (
    log_id  bigint primary key,
    logged_at timestamp not null,
    actor   varchar not null,
    action  varchar not null,
    target  varchar,
    detail  varchar
);
