-- 009_facts: facts the model must hold (issue 10 §3).
--
-- Units outside the provincial tree (reference rows owned by this migration; codes are letters, so they never meet
-- a provincial code or a code <province>.<n>; their level is not 'tinh', so the unit filter, the scope, the
-- 63/34-unit lists, report coverage and the tile map never list them):
--   3001 TW Trung ương            level 'trung_uong'   the central department (Ban Tuyên giáo Trung ương, from 07/2025
--                                                      Ban Tuyên giáo và Dân vận Trung ương): organiser of national
--                                                      contests; as a participant, the central agencies
--   3002 CN Cả nước               level 'ca_nuoc'      a national total published without a breakdown by unit
--   3003 NT Tỉnh, thành phố khác  level 'ngoai_tinh'   participants from other provinces given as one total
--   3004 NN Ngoài nước            level 'ngoai_nuoc'   participants abroad
-- Their facts count in a total over every unit (no unit chosen, no scope) and under no provincial unit.
-- District-level units (level 'huyen', before 01/07/2025) are imported like communes (kind `units`), with the
-- province they belonged to as parent; a commune may have a district as parent.
insert into units (unit_id, code, name, level, parent_id, valid_from, valid_to, successor_id)
select * from (values
    (3001, 'TW', 'Trung ương', 'trung_uong', null::integer, date '2000-01-01', null::date, null::integer),
    (3002, 'CN', 'Cả nước', 'ca_nuoc', null, date '2000-01-01', null, null),
    (3003, 'NT', 'Tỉnh, thành phố khác', 'ngoai_tinh', null, date '2000-01-01', null, null),
    (3004, 'NN', 'Ngoài nước', 'ngoai_nuoc', null, date '2000-01-01', null, null)
) as s(unit_id, code, name, level, parent_id, valid_from, valid_to, successor_id)
where s.unit_id not in (select unit_id from units);

-- Any unit -> the provincial unit it belongs to as recorded: itself (a province or a unit outside the tree), its
-- parent (a commune or a district under a province), or its parent's parent (a commune under a district).
create or replace view unit_lineage as
select
    u.unit_id                                          as unit_id,
    p.unit_id                                          as province_id,
    coalesce(p.successor_id, p.unit_id)                as current_id,
    case when p.successor_id is not null then p.valid_to end as switch_month
from units as u
left join units as a on a.unit_id = u.parent_id
left join units as g on g.unit_id = a.parent_id
join units as p
    on p.unit_id = coalesce(g.unit_id, a.unit_id, u.unit_id);

-- Contest participation as units publish it:
--   period_grain  'week' | 'month' | 'round' (đợt) | 'whole' (the whole contest)
--   period_end    the period's last day; NULL = the grain's own (a week: start + 6 days, a month: its last day);
--                 set for a week that is not 7 days, a round and the whole contest
--   round_no      the round's number (đợt 1, 2…) for period_grain 'round'
--   nguoi, luot   each may be unknown (NULL) when only the other was published — never 0
--   registered    people registered (đăng ký); valid_entries: entries found valid (bài hợp lệ)
--   *_q           the published figure's qualifier: NULL exact, '~' approximate (gần, khoảng, ước tính),
--                 '>' more than (hơn, trên), '<' less than (dưới, chưa đến)
alter table contest_participation alter column nguoi drop not null;
alter table contest_participation alter column luot drop not null;
alter table contest_participation add column if not exists period_end date;
alter table contest_participation add column if not exists round_no integer;
alter table contest_participation add column if not exists registered bigint;
alter table contest_participation add column if not exists valid_entries bigint;
alter table contest_participation add column if not exists nguoi_q varchar;
alter table contest_participation add column if not exists luot_q varchar;
alter table contest_participation add column if not exists registered_q varchar;
alter table contest_participation add column if not exists submissions_q varchar;
alter table contest_participation add column if not exists valid_entries_q varchar;

-- A channel's opening day as published: 'day', or 'month' when only the month is known ("11/2019"; opened_on is
-- then the month's first day). NULL reads as 'day'.
alter table channels add column if not exists opened_precision varchar;
