-- 012_search_rollup: what the channel and team lists' search box looks in, folded once. A search folded every
-- channel's name, address, unit and platform on each keystroke (strip_accents over 359k rows × 5 columns: ~1,2 s at
-- scale 200); this rollup keeps the folded text (queries/sql.py FOLD, the way data.parse.phrase folds the box's
-- text), one line per field, so the search is one `contains` per entity. Maintained by data/rollups.py like the
-- other rollups (per province as recorded), filled by it on the next refresh.
create table if not exists roll_search (
    family        varchar not null,      -- 'channel' | 'team'
    entity_id     integer not null,
    province_id   integer not null,
    folded        varchar not null,      -- name, address, unit name, platform labels (channels); name, unit (teams)
    primary key (family, entity_id)
);

-- filled here from the data as it is, with the fold of queries/sql.py FOLD written out (tests/test_rollups.py checks
-- these rows equal the ones data/rollups.py writes)
insert into roll_search
with uf as (
    select unit_id, regexp_replace(replace(strip_accents(lower(coalesce(name, ''))), 'đ', 'd'), '\s+', ' ', 'g') as f
    from units
),
pf as (
    select platform_key,
           regexp_replace(replace(strip_accents(lower(coalesce(label_vi, ''))), 'đ', 'd'), '\s+', ' ', 'g') as vi,
           regexp_replace(replace(strip_accents(lower(coalesce(label_en, ''))), 'đ', 'd'), '\s+', ' ', 'g') as en
    from platforms
)
select 'channel', c.channel_id, l.province_id,
       concat_ws(chr(10),
                 regexp_replace(replace(strip_accents(lower(coalesce(c.name, ''))), 'đ', 'd'), '\s+', ' ', 'g'),
                 regexp_replace(replace(strip_accents(lower(coalesce(c.address, ''))), 'đ', 'd'), '\s+', ' ', 'g'),
                 uf.f, pf.vi, pf.en)
from channels as c
join unit_lineage as l on l.unit_id = c.unit_id
join uf on uf.unit_id = l.current_id
join pf on pf.platform_key = c.platform_key;

insert into roll_search
with uf as (
    select unit_id, regexp_replace(replace(strip_accents(lower(coalesce(name, ''))), 'đ', 'd'), '\s+', ' ', 'g') as f
    from units
)
select 'team', t.team_id, l.province_id,
       concat_ws(chr(10),
                 regexp_replace(replace(strip_accents(lower(coalesce(t.name, ''))), 'đ', 'd'), '\s+', ' ', 'g'),
                 uf.f)
from teams as t
join unit_lineage as l on l.unit_id = t.unit_id
join uf on uf.unit_id = l.current_id;

insert or replace into meta (key, value) values ('rollups_schema', '012');
