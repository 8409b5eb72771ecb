-- Bulk data set for `make bench`, on a freshly migrated PostgreSQL database.
-- psql -v customers=100000 -v sessions=2000 -v bookings_per_customer=10 -f bench/seed.sql
-- Sessions span 60 days (30 past, 30 future), about 33 a day, unlimited
-- capacity; each customer holds bookings_per_customer bookings on distinct
-- sessions: attended in the past, booked in the future. Every seeded
-- booking was made over 30 days ago, outside the bench milestone's window,
-- so the milestone work per booking does not depend on the data set's size.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO customers (first_name, last_name, email, created_at)
SELECT 'First' || g, 'Last' || g, 'bench' || g || '@bench.example', now() - interval '400 days'
FROM generate_series(1, :customers) AS g;

INSERT INTO class_types (name, description, created_at)
SELECT 'Bench type ' || g, 'Load-test class type', now() FROM generate_series(1, 20) AS g;

INSERT INTO class_sessions (class_type_id, starts_at, duration_minutes, capacity, created_at)
SELECT (SELECT min(id) FROM class_types) + (g % 20),
       date_trunc('day', now()) + ((g * 60 / :sessions) - 30) * interval '1 day'
         + (360 + (g % 34) * 25) * interval '1 minute',
       60, NULL, now() - interval '60 days'
FROM generate_series(0, :sessions - 1) AS g;

INSERT INTO bookings (customer_id, class_session_id, status, created_at, updated_at)
SELECT c.id, s.id,
       CASE WHEN s.starts_at < now() THEN 'attended' ELSE 'booked' END,
       LEAST(s.starts_at, now()) - interval '35 days',
       LEAST(s.starts_at, now()) - interval '35 days'
FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers) AS c
CROSS JOIN generate_series(0, :bookings_per_customer - 1) AS k
JOIN (SELECT id, starts_at, row_number() OVER (ORDER BY id) - 1 AS n FROM class_sessions) AS s
  ON s.n = (c.n * 7 + k * 211) % :sessions;
COMMIT;
-- As autovacuum would have by now: statistics and the visibility map,
-- without which counts read the table instead of the index alone.
VACUUM ANALYZE;
