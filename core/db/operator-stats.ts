// The operator's view of money: what each call was charged (from the ledger), what it cost
// us (its usage × unit costs, stored on the call), and the margin between them; totals, per
// persona and per day. Cost and margin are integer micro-dollars (1 cent = 10,000).
import { STRIPE_FEE } from "../pricing.ts";
import type { Queryable } from "./pool.ts";

export interface MoneyLine {
  calls: number;
  answered: number;
  seconds: number;
  chargedCents: number;
  costMicrousd: number;
  marginMicrousd: number;
}

// Per call: the ledger's net charge (reserve + capture + extensions + release), so an
// unanswered call is charged 0 and still shows what its attempt cost us.
const callMoneySql = (where: string) => `
  select c.id, c.user_id, c.persona_id, c.persona_name, c.status, c.end_reason, c.created_at, c.duration_seconds, c.extensions,
    c.mouth_to_ear_p50_ms, c.answered_at is not null as answered,
    coalesce(c.cost_microusd, 0)::float8 as cost,
    coalesce((select -sum(e.amount) from credit_entries e where e.call_id = c.id), 0)::int as charged
  from calls c where ${where}`;
const CALL_MONEY = callMoneySql("c.created_at >= now() - make_interval(days => $1)");

const SUMS = `count(*)::int as calls, count(*) filter (where answered)::int as answered, coalesce(sum(duration_seconds), 0)::int as seconds,
  coalesce(sum(charged), 0)::int as "chargedCents", coalesce(sum(cost), 0)::float8 as "costMicrousd",
  coalesce(sum(charged) * 10000 - sum(cost), 0)::float8 as "marginMicrousd"`;

export interface Cash {
  payments: number;
  collectedCents: number;
  refundedCents: number;
  stripeFeesCents: number;
}

export async function moneyTotals(q: Queryable, days: number): Promise<MoneyLine & Cash> {
  const calls = await q.query<MoneyLine>(`with m as (${CALL_MONEY}) select ${SUMS} from m`, [days]);
  const cash = await q.query<Cash>(
    `select count(*)::int as payments, coalesce(sum(amount_cents), 0)::int as "collectedCents", coalesce(sum(refunded_cents), 0)::int as "refundedCents",
       coalesce(sum(ceil(amount_cents * $2::numeric + $3)), 0)::int as "stripeFeesCents"
     from payments where paid_at is not null and paid_at >= now() - make_interval(days => $1)`,
    [days, STRIPE_FEE.rate, STRIPE_FEE.fixedCents],
  );
  return { ...calls.rows[0], ...cash.rows[0] };
}

export async function moneyByPersona(q: Queryable, days: number): Promise<Array<MoneyLine & { personaId: string | null; personaName: string }>> {
  const r = await q.query<MoneyLine & { personaId: string | null; personaName: string }>(
    `with m as (${CALL_MONEY}) select persona_id as "personaId", min(persona_name) as "personaName", ${SUMS}
     from m group by persona_id order by "chargedCents" desc, "personaName"`,
    [days],
  );
  return r.rows;
}

/** One row per UTC day of the window, days without calls included (a chart needs them). */
export async function moneyByDay(q: Queryable, days: number): Promise<Array<MoneyLine & { day: string }>> {
  const r = await q.query<MoneyLine & { day: string }>(
    `with m as (${CALL_MONEY}), d as (select generate_series((now() at time zone 'UTC')::date - ($1 - 1), (now() at time zone 'UTC')::date, interval '1 day')::date as day)
     select to_char(d.day, 'YYYY-MM-DD') as day, ${SUMS}
     from d left join m on (m.created_at at time zone 'UTC')::date = d.day group by d.day order by d.day`,
    [days],
  );
  return r.rows;
}

export interface CallMoney {
  id: string;
  personaName: string;
  status: string;
  endReason: string | null;
  createdAt: string;
  durationSeconds: number | null;
  extensions: number;
  mouthToEarP50Ms: number | null;
  chargedCents: number;
  costMicrousd: number;
  marginMicrousd: number;
}

const CALL_FIELDS = `id, persona_name as "personaName", status, end_reason as "endReason", created_at as "createdAt", duration_seconds as "durationSeconds",
  extensions, mouth_to_ear_p50_ms as "mouthToEarP50Ms", charged as "chargedCents", cost as "costMicrousd", (charged * 10000 - cost)::float8 as "marginMicrousd"`;

export async function recentCallMoney(q: Queryable, days: number, limit: number): Promise<CallMoney[]> {
  const r = await q.query<CallMoney>(`with m as (${CALL_MONEY}) select ${CALL_FIELDS} from m order by created_at desc limit $2`, [days, limit]);
  return r.rows;
}

/** The calls whose median mouth-to-ear latency was worst. */
export async function slowestCalls(q: Queryable, days: number, limit: number): Promise<CallMoney[]> {
  const r = await q.query<CallMoney>(`with m as (${CALL_MONEY}) select ${CALL_FIELDS} from m where mouth_to_ear_p50_ms is not null order by mouth_to_ear_p50_ms desc limit $2`, [days, limit]);
  return r.rows;
}

export async function callMoney(q: Queryable, callId: string): Promise<CallMoney | undefined> {
  const r = await q.query<CallMoney>(`with m as (${callMoneySql("c.id = $1")}) select ${CALL_FIELDS} from m`, [callId]);
  return r.rows[0];
}
