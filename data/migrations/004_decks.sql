-- 004_decks: presentation decks ("bài trình chiếu") and their slides.
-- A deck item is a block of a page (ui.views.<page>, block key) with the page's URL parameters at the
-- moment it was added (a JSON object: unit, from, to, grain, compare, boundary, drill, page choices,
-- lang), so each slide keeps its own filters. Positions are dense 1..n within a deck (data/decks.py).
create sequence if not exists deck_seq start 1;

create table if not exists decks (
    deck_id         integer primary key default nextval('deck_seq'),
    name            varchar not null unique,
    title           varchar,                 -- the title slide's title; NULL = the name
    subtitle        varchar,
    place           varchar,                 -- "Sơn La"
    event_on        date,                    -- the day it is presented
    theme           varchar not null default 'light' check (theme in ('light', 'dark')),
    advance_seconds integer check (advance_seconds is null or advance_seconds > 0),   -- NULL = manual
    created_by      varchar not null,
    created_at      timestamp not null,
    updated_at      timestamp not null
);

create table if not exists deck_items (
    deck_id   integer not null,
    position  integer not null,              -- 1..n, dense
    page      varchar not null,              -- page key of ui.views (overview, channels…)
    block     varchar not null,              -- block key within the page (kpis, trend…)
    params    varchar not null,              -- JSON object of the page's URL parameters
    title     varchar,                       -- the block's title when it was added (for lists)
    added_at  timestamp not null,
    primary key (deck_id, position)
);
