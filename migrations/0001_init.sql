-- The whole product's schema. Money is integer US cents ("credits": 1 credit = $0.01), so
-- every sum is exact; provider costs are integer micro-dollars.

create table users (
  id                   uuid primary key default gen_random_uuid(),
  workos_user_id       text not null unique,
  email                text not null,
  name                 text not null default '' check (char_length(name) <= 100),
  time_zone            text not null default 'UTC' check (char_length(time_zone) between 1 and 64),
  -- The user's own quiet hours (local wall clock); null = none beyond the legal window.
  quiet_start          time,
  quiet_end            time,
  monthly_budget_cents integer check (monthly_budget_cents >= 0),
  role                 text not null default 'user' check (role in ('user', 'admin')),
  stripe_customer_id   text unique,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  check ((quiet_start is null) = (quiet_end is null))
);

create table personas (
  id            text primary key check (id ~ '^[a-z0-9_-]{3,64}$'),
  owner_id      uuid references users(id) on delete cascade, -- null: a system persona
  name          text not null check (char_length(name) between 1 and 60),
  tagline       text not null default '' check (char_length(tagline) <= 140),
  system_prompt text not null check (char_length(system_prompt) between 1 and 20000),
  first_message text not null check (char_length(first_message) between 1 and 500),
  voice_id      text not null check (char_length(voice_id) between 1 and 64),
  language      text not null default 'en' check (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  model         text check (char_length(model) <= 100),
  temperature   numeric(3, 2) not null default 0.8 check (temperature between 0 and 1.5),
  category      text not null default 'custom' check (category in ('coach', 'friend', 'creative', 'custom')),
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create index personas_owner_idx on personas (owner_id) where owner_id is not null;

create table user_personas (
  user_id         uuid not null references users(id) on delete cascade,
  persona_id      text not null references personas(id) on delete cascade,
  favourite       boolean not null default false,
  prompt_override text check (char_length(prompt_override) between 1 and 20000),
  voice_override  text check (char_length(voice_override) between 1 and 64),
  calls_count     integer not null default 0 check (calls_count >= 0),
  seconds_total   integer not null default 0 check (seconds_total >= 0),
  last_called_at  timestamptz,
  primary key (user_id, persona_id)
);

create table phone_numbers (
  id          uuid primary key default gen_random_uuid(),
  user_id     uuid not null references users(id) on delete cascade,
  e164        text not null check (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  country     text not null check (country ~ '^[A-Z]{2}$'),
  label       text check (char_length(label) <= 40),
  verified_at timestamptz,
  created_at  timestamptz not null default now(),
  unique (user_id, e164)
);

create table schedules (
  id                     uuid primary key default gen_random_uuid(),
  user_id                uuid not null references users(id) on delete cascade,
  persona_id             text not null references personas(id) on delete cascade,
  phone_number_id        uuid not null references phone_numbers(id) on delete cascade,
  length_seconds         integer not null check (length_seconds in (180, 300, 600, 900)),
  local_time             time not null,
  time_zone              text not null check (char_length(time_zone) between 1 and 64),
  -- {"kind":"once","date":"2026-12-01"} | {"kind":"daily"} | {"kind":"weekdays"}
  -- | {"kind":"weekly","days":[1,3,5]} (ISO weekday) | {"kind":"every_n_days","n":3,"start":"2026-12-01"}
  recurrence             jsonb not null check (recurrence ? 'kind'),
  until_date             date,
  max_occurrences        integer check (max_occurrences > 0),
  paused                 boolean not null default false,
  retry_max              integer not null default 2 check (retry_max between 0 and 5),
  retry_interval_minutes integer not null default 10 check (retry_interval_minutes between 1 and 120),
  quiet_policy           text not null default 'move' check (quiet_policy in ('move', 'skip')),
  source                 text not null default 'app' check (source in ('app', 'voice')),
  next_due_at            timestamptz,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now()
);
create index schedules_user_idx on schedules (user_id);
create index schedules_due_idx on schedules (next_due_at) where next_due_at is not null and not paused;

create table schedule_runs (
  id             uuid primary key default gen_random_uuid(),
  schedule_id    uuid not null references schedules(id) on delete cascade,
  user_id        uuid not null references users(id) on delete cascade,
  -- The occurrence's local date-time as scheduled ("2026-03-08T07:30"), the idempotency key.
  occurrence_key text not null,
  due_at         timestamptz not null,
  status         text not null default 'pending'
                 check (status in ('pending', 'dialing', 'retry_wait', 'answered', 'missed', 'skipped', 'failed', 'canceled')),
  attempts       integer not null default 0 check (attempts >= 0),
  outcome        text,
  detail         text,
  updated_at     timestamptz not null default now(),
  unique (schedule_id, occurrence_key)
);
create index schedule_runs_user_idx on schedule_runs (user_id, due_at desc);

create table calls (
  id                uuid primary key default gen_random_uuid(),
  user_id           uuid not null references users(id) on delete cascade,
  persona_id        text references personas(id) on delete set null,
  persona_name      text not null,
  channel           text not null check (channel in ('phone', 'web')),
  phone_number_id   uuid references phone_numbers(id) on delete set null,
  to_e164           text,
  schedule_run_id   uuid references schedule_runs(id) on delete set null,
  attempt           integer not null default 1,
  status            text not null default 'queued'
                    check (status in ('queued', 'initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled')),
  end_reason        text,
  answered_by       text,
  twilio_call_sid   text unique,
  purchased_seconds integer not null check (purchased_seconds > 0),
  price_cents       integer not null check (price_cents >= 0),
  extensions        integer not null default 0 check (extensions >= 0),
  cost_microusd     bigint,
  idempotency_key   text,
  created_at        timestamptz not null default now(),
  ringing_at        timestamptz,
  answered_at       timestamptz,
  ended_at          timestamptz,
  duration_seconds  integer check (duration_seconds >= 0),
  mouth_to_ear_p50_ms integer,
  unique (user_id, idempotency_key),
  check ((channel = 'phone') = (to_e164 is not null))
);
create index calls_user_idx on calls (user_id, created_at desc);
create index calls_persona_idx on calls (persona_id, created_at desc);
create index calls_run_idx on calls (schedule_run_id) where schedule_run_id is not null;

create table call_turns (
  call_id             uuid not null references calls(id) on delete cascade,
  seq                 integer not null check (seq >= 0),
  speaker             text not null check (speaker in ('agent', 'caller')),
  text                text not null,
  heard_text          text,
  interrupted         boolean not null default false,
  started_at          timestamptz not null,
  ended_at            timestamptz,
  stt_final_ms        integer,
  llm_first_token_ms  integer,
  tts_first_audio_ms  integer,
  overhead_ms         numeric(10, 3),
  mouth_to_ear_ms     integer,
  primary key (call_id, seq)
);

create table call_usage (
  call_id       uuid not null references calls(id) on delete cascade,
  provider      text not null check (provider in ('twilio', 'deepgram', 'cerebras', 'elevenlabs')),
  unit          text not null check (unit in ('second', 'audio_second', 'prompt_token', 'completion_token', 'wasted_token', 'character')),
  quantity      numeric(14, 3) not null check (quantity >= 0),
  cost_microusd bigint not null default 0 check (cost_microusd >= 0),
  primary key (call_id, provider, unit)
);

create table payments (
  id                         uuid primary key default gen_random_uuid(),
  user_id                    uuid not null references users(id) on delete cascade,
  product                    text not null check (product in ('single', 'pack', 'plan')),
  stripe_checkout_session_id text unique,
  stripe_payment_intent_id   text unique,
  stripe_subscription_id     text,
  stripe_invoice_id          text unique,
  amount_cents               integer not null check (amount_cents >= 0),
  currency                   text not null default 'usd',
  credits                    integer not null default 0 check (credits >= 0),
  status                     text not null default 'pending'
                             check (status in ('pending', 'paid', 'failed', 'expired', 'refunded', 'partially_refunded', 'disputed')),
  refunded_cents             integer not null default 0 check (refunded_cents >= 0),
  created_at                 timestamptz not null default now(),
  updated_at                 timestamptz not null default now()
);
create index payments_user_idx on payments (user_id, created_at desc);
create index payments_subscription_idx on payments (stripe_subscription_id) where stripe_subscription_id is not null;

-- The credit ledger: append-only. Each entry carries the running balance after it, computed
-- by a trigger under a per-user row lock, so the balance is derived from the entries alone
-- and concurrent writers are serialised per user. Only refunds, disputes and operator
-- adjustments may take a balance below zero.
create table credit_entries (
  id            bigserial primary key,
  user_id       uuid not null references users(id) on delete cascade,
  seq           integer not null,
  kind          text not null check (kind in ('grant', 'purchase', 'reserve', 'capture', 'release', 'refund', 'dispute', 'adjust')),
  amount        integer not null,
  balance_after integer not null,
  -- Idempotency: "reserve:call:<id>", "purchase:payment:<id>", "extension:call:<id>:1"...
  ref           text not null unique,
  call_id       uuid references calls(id) on delete set null,
  payment_id    uuid references payments(id) on delete set null,
  note          text,
  created_at    timestamptz not null default now(),
  unique (user_id, seq),
  check (balance_after >= 0 or kind in ('refund', 'dispute', 'adjust'))
);
create index credit_entries_user_idx on credit_entries (user_id, seq desc);
create index credit_entries_call_idx on credit_entries (call_id) where call_id is not null;

create function credit_entries_chain() returns trigger language plpgsql as $$
declare
  prev record;
begin
  perform 1 from users where id = new.user_id for update;
  if not found then
    raise exception 'unknown user %', new.user_id using errcode = 'foreign_key_violation';
  end if;
  select seq, balance_after into prev from credit_entries where user_id = new.user_id order by seq desc limit 1;
  new.seq := coalesce(prev.seq, 0) + 1;
  new.balance_after := coalesce(prev.balance_after, 0) + new.amount;
  if new.balance_after < 0 and new.kind not in ('refund', 'dispute', 'adjust') then
    raise exception 'insufficient credits' using errcode = 'check_violation', constraint = 'credit_entries_insufficient_credits';
  end if;
  return new;
end $$;
create trigger credit_entries_chain before insert on credit_entries for each row execute function credit_entries_chain();

create function credit_entries_append_only() returns trigger language plpgsql as $$
begin
  -- Deleting an account cascades to its entries; nothing else may rewrite the ledger.
  if tg_op = 'DELETE' and not exists (select 1 from users where id = old.user_id) then
    return old;
  end if;
  if tg_op = 'UPDATE' and new.call_id is null and old.call_id is not null
     and (new.id, new.user_id, new.seq, new.kind, new.amount, new.balance_after, new.ref)
       = (old.id, old.user_id, old.seq, old.kind, old.amount, old.balance_after, old.ref) then
    return new; -- on delete set null of a call or payment
  end if;
  if tg_op = 'UPDATE' and new.payment_id is null and old.payment_id is not null
     and (new.id, new.user_id, new.seq, new.kind, new.amount, new.balance_after, new.ref)
       = (old.id, old.user_id, old.seq, old.kind, old.amount, old.balance_after, old.ref) then
    return new;
  end if;
  raise exception 'credit_entries is append-only' using errcode = 'insufficient_privilege';
end $$;
create trigger credit_entries_append_only before update or delete on credit_entries
  for each row execute function credit_entries_append_only();

create view credit_balances as
  select u.id as user_id, coalesce(last.balance_after, 0) as balance_cents
  from users u
  left join lateral (select balance_after from credit_entries e where e.user_id = u.id order by seq desc limit 1) last on true;

-- Webhook events already handled (Stripe event ids, Twilio CallSid:SequenceNumber...).
create table processed_events (
  provider    text not null,
  event_id    text not null,
  received_at timestamptz not null default now(),
  primary key (provider, event_id)
);

create table memories (
  id             uuid primary key default gen_random_uuid(),
  user_id        uuid not null references users(id) on delete cascade,
  persona_id     text not null references personas(id) on delete cascade,
  kind           text not null default 'fact' check (kind in ('fact', 'plan', 'follow_up', 'preference')),
  text           text not null check (char_length(text) between 1 and 500),
  due_date       date,
  source_call_id uuid references calls(id) on delete set null,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);
create index memories_user_persona_idx on memories (user_id, persona_id, updated_at desc);

create table call_summaries (
  call_id    uuid primary key references calls(id) on delete cascade,
  user_id    uuid not null references users(id) on delete cascade,
  persona_id text not null references personas(id) on delete cascade,
  summary    text not null check (char_length(summary) <= 4000),
  created_at timestamptz not null default now()
);
create index call_summaries_user_persona_idx on call_summaries (user_id, persona_id, created_at desc);

-- Exact rate limits: one row per key and fixed window, incremented atomically.
create table rate_limits (
  key          text not null,
  window_start timestamptz not null,
  count        integer not null default 0,
  primary key (key, window_start)
);

-- Operator settings (pricing model, ...), JSON values.
create table settings (
  key        text primary key,
  value      jsonb not null,
  updated_at timestamptz not null default now()
);
