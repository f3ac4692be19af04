-- warroom schema 5: action items closed or reopened by hand, append-only.
-- An action item agreed in a tabletop session without a check has nothing to close it: a person
-- does, with an update here. The latest update of an item (by at, then id) gives its state.
-- Items are the action entries of sessions, named "<session id>#<entry seq>"; the store refuses
-- an id that is not one of the workload's. Stamps are in the fixed-width form stamp() writes.
CREATE TABLE action_updates (
    id          INTEGER PRIMARY KEY,
    workload_id INTEGER NOT NULL REFERENCES workloads(id),
    action_id   TEXT NOT NULL,                         -- "ttx-20261028T140000Z-1a2b3c4d#12"
    state       TEXT NOT NULL CHECK (state IN ('done', 'open')),
    "by"        TEXT NOT NULL CHECK ("by" <> ''),
    note        TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE INDEX action_updates_by_workload ON action_updates (workload_id, at, id);

CREATE TRIGGER action_updates_append_only_update BEFORE UPDATE ON action_updates
BEGIN
    SELECT RAISE(ABORT, 'action updates are append-only');
END;

CREATE TRIGGER action_updates_append_only_delete BEFORE DELETE ON action_updates
BEGIN
    SELECT RAISE(ABORT, 'action updates are append-only');
END;
