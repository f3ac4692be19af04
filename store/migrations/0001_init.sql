-- warroom schema 1: workloads and the append-only answer log.
-- The schema version is PRAGMA user_version; PRAGMA application_id marks the file as warroom's.
CREATE TABLE workloads (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    owner       TEXT NOT NULL DEFAULT '',
    environment TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

-- Every answer ever given. The current answer of a practice is its latest row.
CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    workload_id INTEGER NOT NULL REFERENCES workloads(id),
    practice_id TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('met', 'partial', 'not-met', 'not-applicable')),
    reason      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source      TEXT NOT NULL,
    CHECK (status <> 'not-applicable' OR reason <> '')
);

CREATE INDEX answers_by_practice ON answers (workload_id, practice_id, answered_at, id);

CREATE TRIGGER answers_append_only_update BEFORE UPDATE ON answers
BEGIN
    SELECT RAISE(ABORT, 'answers are append-only');
END;

CREATE TRIGGER answers_append_only_delete BEFORE DELETE ON answers
BEGIN
    SELECT RAISE(ABORT, 'answers are append-only');
END;
