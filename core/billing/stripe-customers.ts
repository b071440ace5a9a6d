// People as Stripe customers: one customer per account (users.stripe_customer_id), created
// on the first checkout, and the way back from a Stripe object to the account it belongs to.
import type Stripe from "stripe";
import type { Queryable } from "../db/pool.ts";
import { getUser, type User } from "../db/users.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The account a Stripe object belongs to: by its customer (authoritative: we created it), else
 * by the userId we put in the metadata — but never an account already tied to another customer.
 */
export async function userForStripe(q: Queryable, customerId: string | null, metadataUserId: string | undefined): Promise<User | undefined> {
  if (customerId) {
    const r = await q.query<{ id: string }>("select id from users where stripe_customer_id = $1", [customerId]);
    if (r.rows[0]) return getUser(q, r.rows[0].id);
  }
  if (!metadataUserId || !UUID.test(metadataUserId)) return undefined;
  const user = await getUser(q, metadataUserId);
  return user && (user.stripeCustomerId === null || user.stripeCustomerId === customerId) ? user : undefined;
}

/** The account's customer id, creating the customer once (a double click reuses the first). */
export async function ensureCustomer(q: Queryable, stripe: Stripe, user: User): Promise<string> {
  if (user.stripeCustomerId) return user.stripeCustomerId;
  const customer = await stripe.customers.create(
    { email: user.email, name: user.name || undefined, metadata: { userId: user.id } },
    { idempotencyKey: `customer-for-user:${user.id}` },
  );
  const r = await q.query<{ id: string }>("update users set stripe_customer_id = $2, updated_at = now() where id = $1 and stripe_customer_id is null returning stripe_customer_id as id", [
    user.id,
    customer.id,
  ]);
  if (r.rows[0]) return r.rows[0].id;
  const again = await getUser(q, user.id);
  if (!again?.stripeCustomerId) throw new Error(`account ${user.id} vanished while creating its Stripe customer`);
  return again.stripeCustomerId;
}
