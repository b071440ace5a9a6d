// The monthly plan's state as Stripe last reported it (re-read on every subscription event).
import type { Queryable } from "./pool.ts";

export interface SubscriptionRow {
  id: string;
  userId: string;
  status: string;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: string | null;
}

const COLUMNS = `stripe_subscription_id as id, user_id as "userId", status, cancel_at_period_end as "cancelAtPeriodEnd", current_period_end as "currentPeriodEnd"`;

export async function upsertSubscription(q: Queryable, s: SubscriptionRow): Promise<void> {
  await q.query(
    `insert into subscriptions (stripe_subscription_id, user_id, status, cancel_at_period_end, current_period_end) values ($1, $2, $3, $4, $5)
     on conflict (stripe_subscription_id) do update set status = excluded.status, cancel_at_period_end = excluded.cancel_at_period_end,
       current_period_end = excluded.current_period_end, updated_at = now()`,
    [s.id, s.userId, s.status, s.cancelAtPeriodEnd, s.currentPeriodEnd],
  );
}

/** Statuses in which the plan still renews or can be recovered: one such plan per person. */
export const LIVE_STATUSES = ["active", "trialing", "past_due", "incomplete", "unpaid"];

export async function currentSubscription(q: Queryable, userId: string): Promise<SubscriptionRow | undefined> {
  const r = await q.query<SubscriptionRow>(
    `select ${COLUMNS} from subscriptions where user_id = $1 and status = any($2::text[]) order by created_at desc limit 1`,
    [userId, LIVE_STATUSES],
  );
  return r.rows[0];
}
