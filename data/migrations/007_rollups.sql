-- 007_rollups: pre-aggregated facts the query builder reads instead of the raw tables whenever a query's
-- dimensions and filters allow (queries/catalogue.py Source.rollup). They are derived data, rebuilt per
-- province by data/rollups.py inside the transaction of every write of facts (import, undo, sample), and
-- trusted only while meta 'rollups_version' equals meta 'data_version'.
-- province_id is the provincial unit a fact was recorded under (unit_lineage.province_id): the unit filter,
-- the scope and both boundary views are applied through unit_lineage exactly as on the raw rows.

-- flows summed per month
create table if not exists roll_activities (
    month         date not null,
    province_id   integer not null,
    platform_key  varchar not null,
    activity_key  varchar not null,
    source_level  varchar not null,
    quantity      bigint not null,
    reach         bigint,                 -- NULL when no row of the group had a reach
    primary key (province_id, month, platform_key, activity_key, source_level)
);

create table if not exists roll_channel_flows (
    month         date not null,
    province_id   integer not null,
    platform_key  varchar not null,
    posts         bigint,
    interactions  bigint,
    n             integer not null,
    primary key (province_id, month, platform_key)
);

-- openings and closings per month of their date
create table if not exists roll_channel_events (
    month         date not null,
    province_id   integer not null,
    platform_key  varchar not null,
    event         varchar not null,       -- 'opened' | 'closed'
    n             integer not null,
    primary key (province_id, month, platform_key, event)
);

create table if not exists roll_team_events (
    month         date not null,
    province_id   integer not null,
    event         varchar not null,
    n             integer not null,
    primary key (province_id, month, event)
);

-- entities active on the last day of each month
create table if not exists roll_channels_active (
    month         date not null,
    province_id   integer not null,
    platform_key  varchar not null,
    n             integer not null,
    primary key (province_id, month, platform_key)
);

create table if not exists roll_teams_active (
    month         date not null,
    province_id   integer not null,
    n             integer not null,
    primary key (province_id, month)
);

-- stocks: at the end of each month, per entity not closed by that day, its last snapshot up to that month,
-- grouped by the month of that snapshot (last_month); a period [start, end] sums the rows of month = end
-- with last_month >= start, which is the catalogue's "last snapshot inside the period"
create table if not exists roll_channel_stock (
    month         date not null,
    province_id   integer not null,
    platform_key  varchar not null,
    last_month    date not null,
    followers     bigint,
    n             integer not null,
    primary key (province_id, month, platform_key, last_month)
);

create table if not exists roll_team_stock (
    month         date not null,
    province_id   integer not null,
    last_month    date not null,
    members       bigint,
    n             integer not null,
    primary key (province_id, month, last_month)
);

-- who reported which monthly report family for which month, and when it was first received
create table if not exists report_months (
    family        varchar not null,
    month         date not null,
    province_id   integer not null,
    received      timestamp,              -- the first committed import batch carrying it; NULL: not imported
    primary key (family, province_id, month)
);
