-- warroom schema 7: the check catalogue each run was judged with, so a bundle made later shows the
-- checks' titles, severities and practices as they were, not as today's build has them.
-- JSON array of checks.Check (metadata only); '' for a run recorded before this schema, which did
-- not keep its catalogue. Runs stay append-only: adding a column changes no row's meaning.
ALTER TABLE runs ADD COLUMN catalogue TEXT NOT NULL DEFAULT '';
