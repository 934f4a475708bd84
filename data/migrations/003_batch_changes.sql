-- 003_batch_changes: what each import batch changed, so it can be undone exactly.
-- One row per fact row a batch touched: its natural key and its values before the batch
-- (old_values NULL = the row did not exist before).
create table if not exists batch_changes (
    batch_id   integer not null,
    table_name varchar not null,
    row_key    varchar not null,     -- JSON array of the natural key values
    old_values varchar,              -- JSON object of the replaced columns, or NULL
    primary key (batch_id, table_name, row_key)
);
