-- warroom schema 4: tabletop sessions and their entry logs, both append-only.
-- A session's state (current inject, paused, ended) is never stored: it is derived by replaying
-- its entries in seq order. Stamps are in the fixed-width form stamp() writes.
CREATE TABLE sessions (
    id               TEXT PRIMARY KEY,                 -- "ttx-20261028T140000Z-1a2b3c4d"
    workload_id      INTEGER NOT NULL REFERENCES workloads(id),
    scenario_id      TEXT NOT NULL,
    scenario_version INTEGER NOT NULL,
    scenario_digest  TEXT NOT NULL DEFAULT '',
    facilitator      TEXT NOT NULL DEFAULT '',
    participants     TEXT NOT NULL DEFAULT '[]',       -- JSON array of {"name", "role"}
    -- The run whose findings shaped the session; '' when there was none. Not a foreign key,
    -- so a session played without evidence needs no run.
    evidence_run     TEXT NOT NULL DEFAULT '',
    mode             TEXT NOT NULL CHECK (mode IN ('interactive', 'script')),
    started_at       TEXT NOT NULL,
    recorded_at      TEXT NOT NULL
);

CREATE INDEX sessions_by_workload ON sessions (workload_id, started_at, id);

CREATE TABLE session_entries (
    id          INTEGER PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions(id),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    kind        TEXT NOT NULL CHECK (kind IN ('inject', 'claim', 'decision', 'gap', 'action',
                                              'note', 'pause', 'resume', 'end')),
    inject_id   TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    "by"        TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '{}',            -- JSON: the entry's other fields
    recorded_at TEXT NOT NULL,
    UNIQUE (session_id, seq)                           -- also the index entries are read by
);

CREATE TRIGGER sessions_append_only_update BEFORE UPDATE ON sessions
BEGIN
    SELECT RAISE(ABORT, 'sessions are append-only');
END;

CREATE TRIGGER sessions_append_only_delete BEFORE DELETE ON sessions
BEGIN
    SELECT RAISE(ABORT, 'sessions are append-only');
END;

CREATE TRIGGER session_entries_append_only_update BEFORE UPDATE ON session_entries
BEGIN
    SELECT RAISE(ABORT, 'session entries are append-only');
END;

CREATE TRIGGER session_entries_append_only_delete BEFORE DELETE ON session_entries
BEGIN
    SELECT RAISE(ABORT, 'session entries are append-only');
END;
