-- 010_register_rollup: which recorded provinces have sent each register (the channel list, the team list). A
-- register holds for every month once a unit has sent it (queries/sql.py REPORT_ROWS 'channel_register',
-- 'team_register'): the builder read it from the 359k channels on every query; this rollup answers the same from
-- a hundred rows. Maintained by data/rollups.py like the other rollups, filled here from the data as it is.
create table if not exists roll_registers (
    family        varchar not null,      -- 'channel_register' | 'team_register'
    province_id   integer not null,
    primary key (family, province_id)
);

insert into roll_registers
select distinct 'channel_register', l.province_id
from channels as c
join unit_lineage as l on l.unit_id = c.unit_id;

insert into roll_registers
select distinct 'team_register', l.province_id
from teams as t
join unit_lineage as l on l.unit_id = t.unit_id;

-- the rollup tables this database has: the builder reads the rollups only when they are the ones it expects, so a
-- read-only replica still on an older file answers from the raw tables (slower, never wrong) instead of failing
insert or replace into meta (key, value) values ('rollups_schema', '010');
