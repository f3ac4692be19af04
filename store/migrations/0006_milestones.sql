-- warroom schema 6: milestones, the review frozen at a moment. Append-only like everything else:
-- a milestone is written once and never changed or removed.
CREATE TABLE milestones (
    id           INTEGER PRIMARY KEY,
    workload_id  INTEGER NOT NULL REFERENCES workloads(id),
    number       INTEGER NOT NULL CHECK (number >= 1),   -- 1, 2, … per workload
    name         TEXT NOT NULL COLLATE NOCASE,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    tool_version TEXT NOT NULL DEFAULT '',
    frozen       TEXT NOT NULL DEFAULT '{}',             -- JSON: positions in the logs it froze
    assessment   TEXT NOT NULL,                          -- JSON: the assessment as scored then
    digest       TEXT NOT NULL,                          -- "sha256:<hex>" of assessment
    seal         TEXT NOT NULL,                          -- "sha256:<hex>" of the other columns as canonical JSON
    recorded_at  TEXT NOT NULL,
    UNIQUE (workload_id, number),
    UNIQUE (workload_id, name)
);

CREATE TRIGGER milestones_append_only_update BEFORE UPDATE ON milestones
BEGIN
    SELECT RAISE(ABORT, 'milestones are append-only');
END;

CREATE TRIGGER milestones_append_only_delete BEFORE DELETE ON milestones
BEGIN
    SELECT RAISE(ABORT, 'milestones are append-only');
END;
