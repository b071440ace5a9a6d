-- Call statuses only move forward: Twilio callbacks arrive duplicated and out of order, and
-- a late "ringing" must never overwrite "in_progress" or "completed".
create function call_status_rank(s text) returns integer language sql immutable as $$
  select case s
    when 'queued' then 0 when 'initiated' then 1 when 'ringing' then 2 when 'in_progress' then 3
    else 4 end
$$;
