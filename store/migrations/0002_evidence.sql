-- warroom schema 2: evidence collection runs and their findings, both append-only.
-- A run keeps the whole inventory the checks judged, so it can be audited or judged again.
CREATE TABLE runs (
    id           TEXT PRIMARY KEY,
    workload_id  INTEGER NOT NULL REFERENCES workloads(id),
    started_at   TEXT NOT NULL,
    finished_at  TEXT NOT NULL,
    accounts     TEXT NOT NULL DEFAULT '[]',  -- JSON array of account ids
    regions      TEXT NOT NULL DEFAULT '[]',  -- JSON array of region names
    options      TEXT NOT NULL DEFAULT '{}',  -- JSON: the collection options (never keys or tokens)
    stats        TEXT NOT NULL DEFAULT '{}',  -- JSON: calls, gaps by code, elapsed
    inventory    TEXT NOT NULL DEFAULT '{}',  -- JSON: the checks.Inventory judged
    error        TEXT NOT NULL DEFAULT '',    -- the collection error, when it ended early
    tool_version TEXT NOT NULL DEFAULT '',
    recorded_at  TEXT NOT NULL
);

CREATE INDEX runs_by_workload ON runs (workload_id, finished_at, id);

CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    run_id      TEXT NOT NULL REFERENCES runs(id),
    check_id    TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'unknown', 'error')),
    account     TEXT NOT NULL DEFAULT '',
    region      TEXT NOT NULL DEFAULT '',
    resource    TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    evidence    TEXT NOT NULL DEFAULT '',     -- JSON: the facts judged (never secrets)
    actions     TEXT NOT NULL DEFAULT '[]',   -- JSON array of IAM actions
    observed_at TEXT NOT NULL
);

CREATE INDEX findings_by_run ON findings (run_id, account, check_id, region, resource);
CREATE INDEX findings_by_status ON findings (run_id, status);

CREATE TRIGGER runs_append_only_update BEFORE UPDATE ON runs
BEGIN
    SELECT RAISE(ABORT, 'runs are append-only');
END;

CREATE TRIGGER runs_append_only_delete BEFORE DELETE ON runs
BEGIN
    SELECT RAISE(ABORT, 'runs are append-only');
END;

CREATE TRIGGER findings_append_only_update BEFORE UPDATE ON findings
BEGIN
    SELECT RAISE(ABORT, 'findings are append-only');
END;

CREATE TRIGGER findings_append_only_delete BEFORE DELETE ON findings
BEGIN
    SELECT RAISE(ABORT, 'findings are append-only');
END;
