-- 004: no query reads events by occurred_at or recorded_at (reports fold the log in position order, and
-- recorded_at never decreases with position, so a known-at cut is a prefix of the log). The two indexes
-- only slowed every append; the columns stay.

DROP INDEX events_occurred_at;
DROP INDEX events_recorded_at;
