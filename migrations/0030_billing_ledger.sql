-- Billing (issue 7): the credit ledger hardened, the monthly budget enforced where the balance
-- is, subscriptions, and the indexes the billing and operator pages read through.

-- The billing month of a user: the calendar month in their own time zone, so a budget resets
-- at their midnight on the 1st. Both the trigger and the app's "spent this month" use it.
create function billing_month_start(tz text, moment timestamptz default now()) returns timestamptz
  language sql stable as $$
  select date_trunc('month', moment at time zone tz) at time zone tz
$$;

-- The rule for a negative balance, restated: an entry that takes credits away may not leave
-- the balance below zero unless it is a refund, a dispute or an operator adjustment. Entries
-- that give credits back (a release after a refund already took the balance below zero) or
-- record a capture of an existing reservation (amount 0) must still land, or a call would
-- fail to settle.
alter table credit_entries drop constraint credit_entries_check;
alter table credit_entries add constraint credit_entries_never_overdrawn
  check (balance_after >= 0 or amount >= 0 or kind in ('refund', 'dispute', 'adjust'));

-- Each kind moves money one way only, so a bug can't "reserve" credits into an account.
alter table credit_entries add constraint credit_entries_kind_sign check (
  case kind
    when 'grant' then amount >= 0
    when 'purchase' then amount >= 0
    when 'release' then amount >= 0
    when 'reserve' then amount <= 0
    when 'capture' then amount <= 0
    when 'refund' then amount <= 0
    else true -- dispute (taken back, and given back when won), adjust (operator)
  end);

create or replace function credit_entries_chain() returns trigger language plpgsql as $$
declare
  prev record;
  budget integer;
  tz text;
  spent bigint;
begin
  -- The per-user lock: every writer of this user's ledger queues here, so the balance read
  -- below is the latest committed one (each statement in read committed sees fresh data).
  select monthly_budget_cents, time_zone into budget, tz from users where id = new.user_id for update;
  if not found then
    raise exception 'unknown user %', new.user_id using errcode = 'foreign_key_violation';
  end if;
  -- A ref already written (a retried webhook, a second "yes" to an extension) is skipped, not
  -- an error: a unique violation would abort the caller's transaction, and checking under
  -- the lock means two concurrent writers of one ref see each other.
  if exists (select 1 from credit_entries where ref = new.ref) then
    return null;
  end if;
  select seq, balance_after into prev from credit_entries where user_id = new.user_id order by seq desc limit 1;
  new.seq := coalesce(prev.seq, 0) + 1;
  new.balance_after := coalesce(prev.balance_after, 0) + new.amount;
  if new.balance_after < 0 and new.amount < 0 and new.kind not in ('refund', 'dispute', 'adjust') then
    raise exception 'insufficient credits' using errcode = 'check_violation', constraint = 'credit_entries_insufficient_credits';
  end if;
  -- The monthly budget caps spending on calls (reservations and extensions), checked under
  -- the same lock so two calls placed at once can't both squeeze under it.
  if budget is not null and new.amount < 0 and new.kind in ('reserve', 'capture') then
    select coalesce(-sum(amount), 0) into spent from credit_entries
      where user_id = new.user_id and kind in ('reserve', 'capture', 'release')
        and created_at >= billing_month_start(tz);
    if spent - new.amount > budget then
      raise exception 'over the monthly budget' using errcode = 'check_violation', constraint = 'credit_entries_over_budget';
    end if;
  end if;
  return new;
end $$;

-- Truncation bypasses row triggers; the ledger is never truncated.
create function credit_entries_no_truncate() returns trigger language plpgsql as $$
begin
  raise exception 'credit_entries is append-only' using errcode = 'insufficient_privilege';
end $$;
create trigger credit_entries_no_truncate before truncate on credit_entries
  for each statement execute function credit_entries_no_truncate();

create index credit_entries_payment_idx on credit_entries (payment_id) where payment_id is not null;
create index credit_entries_user_created_idx on credit_entries (user_id, created_at);

-- The monthly plan as Stripe last told us (re-read from Stripe on every subscription event,
-- so events arriving out of order can't leave a stale state behind).
create table subscriptions (
  stripe_subscription_id text primary key,
  user_id                uuid not null references users(id) on delete cascade,
  status                 text not null,
  cancel_at_period_end   boolean not null default false,
  current_period_end     timestamptz,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now()
);
create index subscriptions_user_idx on subscriptions (user_id, created_at desc);

-- The operator page reads payments and calls by date.
create index payments_status_idx on payments (status, created_at);
create index calls_created_idx on calls (created_at desc);

-- Payment facts the status is derived from, so events handled in any order end in one state.
alter table payments add column paid_at timestamptz;
alter table payments add column disputed_cents integer not null default 0 check (disputed_cents >= 0);
