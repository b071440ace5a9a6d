-- The agenda (durable-objects/user-agenda/) keeps schedules and occurrences in its own
-- storage and mirrors them here for the web app. A run records every attempt of its
-- occurrence, so the app can say "no answer at 07:30, busy at 07:40, answered at 07:50".
alter table schedule_runs add column attempt_log jsonb not null default '[]'::jsonb
  check (jsonb_typeof(attempt_log) = 'array');

-- The dashboard's "upcoming calls" and the schedules page's next occurrence.
create index schedule_runs_open_idx on schedule_runs (user_id, due_at)
  where status in ('pending', 'dialing', 'retry_wait');
