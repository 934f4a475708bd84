-- 006_programmes: what the coordination programme page ("Chương trình phối hợp") and targets on every
-- metric need beyond 001.
--
-- programmes.place                where the programme was signed ("Sơn La"); signed_on is in 001.
-- programme_indicators.metric_key the catalogue metric an indicator is linked to: its actual is computed by
--                                 the metric layer for the party and year (stocks the year-end value, flows the
--                                 year's sum); NULL = reported by hand (indicator_values.actual).
-- indicator_values.note, source   what a hand-reported figure means and where it comes from.
-- programme_conferences           the review conferences ("hội nghị đánh giá"), one per programme and year:
--                                 held or planned is decided by the date, not stored.
-- metric_targets.month            a target may be set per month (1-12); 0 = the whole year (every row before
--                                 this migration). The natural key grows by the month, so the import history
--                                 of earlier batches is rewritten to the new key (month 0) to stay undoable.

alter table programmes add column if not exists place varchar;

alter table programme_indicators add column if not exists metric_key varchar;

alter table indicator_values add column if not exists note varchar;
alter table indicator_values add column if not exists source varchar;

create table if not exists programme_conferences (
    programme_id integer not null,
    year         integer not null,        -- the programme year the conference reviews
    held_on      date not null,           -- the day it is (or was) held
    place        varchar not null,        -- "Sơn La", "Đà Nẵng"
    title        varchar,
    note         varchar,
    batch_id     integer,
    primary key (programme_id, year)
);

create table metric_targets_006 (
    metric_key varchar not null,
    unit_id    integer not null,
    year       integer not null,
    month      integer not null default 0 check (month between 0 and 12),
    target     double not null,
    batch_id   integer,
    primary key (metric_key, unit_id, year, month)
);
insert into metric_targets_006 (metric_key, unit_id, year, month, target, batch_id)
select metric_key, unit_id, year, 0, target, batch_id
from metric_targets;
drop table metric_targets;
alter table metric_targets_006 rename to metric_targets;

-- row keys are JSON arrays of the natural key ('["members", 1014, 2024]'): append the month
update batch_changes
set row_key = substr(row_key, 1, length(row_key) - 1) || ', 0]'
where table_name = 'metric_targets';
