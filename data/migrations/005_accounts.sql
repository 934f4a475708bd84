-- 005_accounts: local accounts (sign-in, role, province scope) and where each audit-log entry came from.
-- username        lower-case sign-in name (the audit log's actor)
-- email           lower-case; a single sign-on (OIDC) identity is matched to its account by it
-- role            lanh_dao (read) | chuyen_vien (+ export) | can_bo_du_lieu (+ import, edit, undo) | quan_tri (+ admin)
-- scope           today's unit codes separated by commas ('14,48'); NULL = every unit
-- password_hash   Argon2id (argon2-cffi); NULL = single sign-on only
-- failed_count    failed sign-ins since the last success or lock; 5 lock the account for 15 minutes
-- The application only appends to audit_log: no code path updates or deletes its rows.
create table if not exists accounts (
    username        varchar primary key,
    display_name    varchar,
    email           varchar unique,
    role            varchar not null check (role in ('lanh_dao', 'chuyen_vien', 'can_bo_du_lieu', 'quan_tri')),
    scope           varchar,
    password_hash   varchar,
    disabled        boolean not null default false,
    failed_count    integer not null default 0,
    locked_until    timestamp,
    created_at      timestamp not null,
    updated_at      timestamp not null,
    last_sign_in_at timestamp
);

-- from where: the client address of a web request, or 'cli:<os user>@<host>' for the command line
alter table audit_log add column if not exists client varchar;
