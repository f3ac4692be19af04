-- warroom schema 3: every stored stamp in the fixed-width form stamp() writes,
-- "2006-01-02T15:04:05.000000000Z", so that stamps compare and sort as text in time order.
-- Schema 1 builds wrote RFC 3339 with trailing zeros trimmed ("…:00Z", "…:00.5Z"), which sorts
-- wrongly within a second and defeats the de-duplication of identical answers (it compares text).
-- A UTC stamp without a fraction gains ".000000000"; a fraction is right-padded with zeros to 9
-- digits. A stamp already fixed-width, or not in either form, is left as it is.
-- runs and findings (schema 2) were only ever written in the fixed-width form.

UPDATE workloads SET created_at = CASE
    WHEN length(created_at) = 20
         AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'
        THEN substr(created_at, 1, 19) || '.000000000Z'
    WHEN length(created_at) BETWEEN 22 AND 29
         AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9]*Z'
         AND substr(created_at, 21, length(created_at) - 21) NOT GLOB '*[^0-9]*'
        THEN substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000000', 1, 9) || 'Z'
    ELSE created_at END
WHERE length(created_at) <> 30;

-- answers are append-only by trigger: lift the triggers for this rewrite only (the whole
-- migration is one transaction) and put them back exactly as schema 1 defines them.
DROP TRIGGER answers_append_only_update;
DROP TRIGGER answers_append_only_delete;

UPDATE answers SET
    answered_at = CASE
        WHEN length(answered_at) = 20
             AND answered_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'
            THEN substr(answered_at, 1, 19) || '.000000000Z'
        WHEN length(answered_at) BETWEEN 22 AND 29
             AND answered_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9]*Z'
             AND substr(answered_at, 21, length(answered_at) - 21) NOT GLOB '*[^0-9]*'
            THEN substr(answered_at, 1, 20) || substr(substr(answered_at, 21, length(answered_at) - 21) || '000000000', 1, 9) || 'Z'
        ELSE answered_at END,
    recorded_at = CASE
        WHEN length(recorded_at) = 20
             AND recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'
            THEN substr(recorded_at, 1, 19) || '.000000000Z'
        WHEN length(recorded_at) BETWEEN 22 AND 29
             AND recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9]*Z'
             AND substr(recorded_at, 21, length(recorded_at) - 21) NOT GLOB '*[^0-9]*'
            THEN substr(recorded_at, 1, 20) || substr(substr(recorded_at, 21, length(recorded_at) - 21) || '000000000', 1, 9) || 'Z'
        ELSE recorded_at END
WHERE length(answered_at) <> 30 OR length(recorded_at) <> 30;

CREATE TRIGGER answers_append_only_update BEFORE UPDATE ON answers
BEGIN
    SELECT RAISE(ABORT, 'answers are append-only');
END;

CREATE TRIGGER answers_append_only_delete BEFORE DELETE ON answers
BEGIN
    SELECT RAISE(ABORT, 'answers are append-only');
END;
