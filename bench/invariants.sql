-- Invariants after a load run: one row per rule with the number of rows
-- that break it (0 everywhere, or run.sh fails).
-- psql -tA -F ' ' -v max_per_day=3 -v created=/path/created.txt -f bench/invariants.sql
-- The reliability tests run the same file (cmd/gymtastic, checkInvariants):
-- keep psql's own commands on lines that start with \ or :.
\set ON_ERROR_STOP on
CREATE TEMP TABLE seen (id bigint);
-- \copy does not interpolate variables: build the command, then run it.
\set copy_seen '\\copy seen FROM ' :'created'
:copy_seen
SELECT 'bookings_answered_201', count(*), 'info' FROM seen
UNION ALL
SELECT 'sessions_over_capacity', count(*), 'rule' FROM (
  SELECT s.id FROM class_sessions s JOIN bookings b ON b.class_session_id = s.id
  WHERE b.status IN ('booked', 'attended', 'no_show') AND s.capacity IS NOT NULL
  GROUP BY s.id, s.capacity HAVING count(*) > s.capacity) q
UNION ALL
-- The bench gym is on UTC; the seed's own bookings are a week apart.
SELECT 'customer_days_over_limit', count(*), 'rule' FROM (
  SELECT b.customer_id FROM bookings b JOIN class_sessions s ON s.id = b.class_session_id
  WHERE b.status IN ('booked', 'attended', 'no_show')
  GROUP BY b.customer_id, date_trunc('day', s.starts_at AT TIME ZONE 'UTC') HAVING count(*) > :max_per_day) q
UNION ALL
-- The count the triggers keep on each session's row, which capacity reads.
SELECT 'sessions_booked_count_wrong', count(*), 'rule' FROM class_sessions s
  WHERE s.booked_count <> (SELECT count(*) FROM bookings b
    WHERE b.class_session_id = s.id AND b.status IN ('booked', 'attended', 'no_show'))
UNION ALL
SELECT 'double_active_bookings', count(*), 'rule' FROM (
  SELECT 1 FROM bookings WHERE status IN ('booked', 'attended', 'no_show')
  GROUP BY customer_id, class_session_id HAVING count(*) > 1) q
UNION ALL
-- A milestone's period is ISO 8601 (P30D, P1W), which PostgreSQL reads as an interval.
SELECT 'achievements_within_one_interval', count(*), 'rule' FROM milestone_achievements a
  JOIN milestones m ON m.id = a.milestone_id
  JOIN milestone_achievements b ON b.milestone_id = a.milestone_id AND b.customer_id = a.customer_id
  AND b.id > a.id AND b.achieved_at < a.achieved_at + CAST(m.period AS interval)
UNION ALL
SELECT 'achievements_without_email', count(*), 'rule' FROM milestone_achievements a
  LEFT JOIN emails e ON e.id = a.email_id WHERE e.id IS NULL
UNION ALL
-- Only seen -> bookings: the bookings a promotion makes answer no 201 (the
-- cancel that makes one answers 200), and are not missed here.
SELECT 'answered_201_but_missing', count(*), 'rule' FROM seen LEFT JOIN bookings b ON b.id = seen.id WHERE b.id IS NULL
UNION ALL
-- The waitlist (make bench's promote scenario): entries promoted and
-- skipped, and each promoted entry's booking is its customer's, in its session.
SELECT 'waitlist_promoted', count(*), 'info' FROM waitlist_entries WHERE status = 'promoted'
UNION ALL
SELECT 'waitlist_skipped', count(*), 'info' FROM waitlist_entries WHERE status = 'skipped'
UNION ALL
SELECT 'waitlist_promoted_booking_wrong', count(*), 'rule' FROM waitlist_entries e LEFT JOIN bookings b ON b.id = e.booking_id
  WHERE e.status = 'promoted' AND (b.id IS NULL OR b.customer_id <> e.customer_id OR b.class_session_id <> e.class_session_id);
