import type { Queryable } from "./pool.ts";

export interface User {
  id: string;
  workosUserId: string;
  email: string;
  name: string;
  timeZone: string;
  quietStart: string | null;
  quietEnd: string | null;
  monthlyBudgetCents: number | null;
  role: "user" | "admin";
  stripeCustomerId: string | null;
  createdAt: string;
}

const COLUMNS = `id, workos_user_id as "workosUserId", email, name, time_zone as "timeZone",
  to_char(quiet_start, 'HH24:MI') as "quietStart", to_char(quiet_end, 'HH24:MI') as "quietEnd",
  monthly_budget_cents as "monthlyBudgetCents", role, stripe_customer_id as "stripeCustomerId", created_at as "createdAt"`;

export async function findUserByWorkosId(q: Queryable, workosUserId: string): Promise<User | undefined> {
  const r = await q.query<User>(`select ${COLUMNS} from users where workos_user_id = $1`, [workosUserId]);
  return r.rows[0];
}

export async function getUser(q: Queryable, id: string): Promise<User | undefined> {
  const r = await q.query<User>(`select ${COLUMNS} from users where id = $1`, [id]);
  return r.rows[0];
}

export interface SignInProfile {
  workosUserId: string;
  email: string;
  name: string;
  admin: boolean;
}

/** Create the row on first sign-in; keep email in step with WorkOS afterwards. */
export async function upsertUserOnSignIn(q: Queryable, p: SignInProfile): Promise<{ user: User; created: boolean }> {
  const r = await q.query<User & { created: boolean }>(
    `insert into users (workos_user_id, email, name, role) values ($1, $2, $3, $4)
     on conflict (workos_user_id) do update set email = excluded.email,
       role = case when excluded.role = 'admin' then 'admin' else users.role end, updated_at = now()
     returning ${COLUMNS}, (xmax = 0) as created`,
    [p.workosUserId, p.email, p.name.slice(0, 100), p.admin ? "admin" : "user"],
  );
  const { created, ...user } = r.rows[0];
  return { user, created };
}

export interface UserSettings {
  name?: string;
  timeZone?: string;
  quietStart?: string | null;
  quietEnd?: string | null;
  monthlyBudgetCents?: number | null;
}

export async function updateUserSettings(q: Queryable, id: string, s: UserSettings): Promise<User> {
  const r = await q.query<User>(
    `update users set
       name = coalesce($2, name),
       time_zone = coalesce($3, time_zone),
       quiet_start = case when $4::boolean then $5::time else quiet_start end,
       quiet_end = case when $4::boolean then $6::time else quiet_end end,
       monthly_budget_cents = case when $7::boolean then $8::integer else monthly_budget_cents end,
       updated_at = now()
     where id = $1 returning ${COLUMNS}`,
    [
      id,
      s.name ?? null,
      s.timeZone ?? null,
      s.quietStart !== undefined,
      s.quietStart ?? null,
      s.quietEnd ?? null,
      s.monthlyBudgetCents !== undefined,
      s.monthlyBudgetCents ?? null,
    ],
  );
  return r.rows[0];
}

/** Deletes the account and, by cascade, everything it owns. */
export async function deleteUser(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query("delete from users where id = $1", [id]);
  return (r.rowCount ?? 0) > 0;
}
