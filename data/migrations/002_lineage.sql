-- 002_lineage: how any unit rolls up to a provincial unit, as recorded and under today's boundaries.
-- province_id   the provincial-level unit the row's unit belongs to as recorded (itself for provinces)
-- current_id    the provincial unit in force today that province is part of (DESIGN §3 "Boundaries")
-- switch_month  first report month from which the recorded province no longer exists (NULL = never);
--               from then on facts of an old entity count under current_id in both boundary views.
create or replace view unit_lineage as
select
    u.unit_id                                          as unit_id,
    p.unit_id                                          as province_id,
    coalesce(p.successor_id, p.unit_id)                as current_id,
    case when p.successor_id is not null then p.valid_to end as switch_month
from units as u
join units as p
    on p.unit_id = coalesce(u.parent_id, u.unit_id);
