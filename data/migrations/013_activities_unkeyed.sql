-- 013_activities_unkeyed: the monthly activity counts without their primary key's index. A 1M-row import spent
-- 3-7 s keeping the index of a 20M-row table (scale 200) and 8-11 s more writing it at the commit's checkpoint,
-- against 4 s for the whole commit without it (bench/README.md, sixteenth pass); nothing reads the table by its key
-- one row at a time. One row per key is the importer's to keep, as for batch_changes (migration 011): a file with
-- two rows of one key is refused before anything is written, the rows new to the table are found inside the
-- commit's transaction, and a row replaced is deleted and written again whole (data.kinds Kind.keyed).
create table activities_013 (
    unit_id      integer not null,
    month        date not null,
    platform_key varchar not null,
    activity_key varchar not null,
    source_level varchar not null,
    quantity     bigint not null,
    reach        bigint,
    batch_id     integer
);
insert into activities_013
select unit_id, month, platform_key, activity_key, source_level, quantity, reach, batch_id from activities;
drop table activities;
alter table activities_013 rename to activities;
