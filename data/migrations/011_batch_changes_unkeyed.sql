-- 011_batch_changes_unkeyed: the change log without its primary key. Every import writes one row per fact row it
-- touched (a million for a 1M-row file); the key's index on (batch_id, table_name, row_key) cost such an import
-- ~1 s to build and ~1 s more at its commit (bench/README.md), and nothing looks rows up by it: undo reads a
-- batch's rows (batch_id, whose row groups the insert order keeps together) and compares batches on
-- (table_name, row_key) in a join. A key is still logged once per batch: the importer refuses a file with two
-- rows of one key before anything is written.
create table batch_changes_011 (
    batch_id   integer not null,
    table_name varchar not null,
    row_key    varchar not null,     -- JSON array of the natural key values
    old_values varchar               -- JSON object of the replaced columns, or NULL (the row did not exist before)
);
insert into batch_changes_011 select batch_id, table_name, row_key, old_values from batch_changes order by batch_id;
drop table batch_changes;
alter table batch_changes_011 rename to batch_changes;
