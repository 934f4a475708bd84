-- 008_batch_units: the current unit codes a batch's rows belong to (comma-separated, '' for a batch without
-- units such as a programme's tasks), recorded at commit, so the history and undo lists show a scoped data
-- officer only the batches inside the scope. NULL: a batch from before this migration (shown to all-scope
-- accounts only).
alter table import_batches add column if not exists unit_codes varchar;
