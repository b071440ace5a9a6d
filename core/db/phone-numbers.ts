import type { Queryable } from "./pool.ts";

export interface PhoneNumber {
  id: string;
  userId: string;
  e164: string;
  country: string;
  label: string | null;
  verifiedAt: string | null;
  createdAt: string;
}

const COLUMNS = `id, user_id as "userId", e164, country, label, verified_at as "verifiedAt", created_at as "createdAt"`;

export async function listPhoneNumbers(q: Queryable, userId: string): Promise<PhoneNumber[]> {
  const r = await q.query<PhoneNumber>(`select ${COLUMNS} from phone_numbers where user_id = $1 order by created_at`, [userId]);
  return r.rows;
}

export async function getUserPhoneNumber(q: Queryable, userId: string, id: string): Promise<PhoneNumber | undefined> {
  const r = await q.query<PhoneNumber>(`select ${COLUMNS} from phone_numbers where user_id = $1 and id = $2`, [userId, id]);
  return r.rows[0];
}

/** Adds the number (unverified) or returns the existing row for this user. */
export async function addPhoneNumber(q: Queryable, userId: string, e164: string, country: string, label: string | null): Promise<PhoneNumber> {
  const r = await q.query<PhoneNumber>(
    `insert into phone_numbers (user_id, e164, country, label) values ($1, $2, $3, $4)
     on conflict (user_id, e164) do update set label = coalesce(excluded.label, phone_numbers.label)
     returning ${COLUMNS}`,
    [userId, e164, country, label],
  );
  return r.rows[0];
}

export async function markVerified(q: Queryable, userId: string, id: string): Promise<PhoneNumber | undefined> {
  const r = await q.query<PhoneNumber>(`update phone_numbers set verified_at = coalesce(verified_at, now()) where user_id = $1 and id = $2 returning ${COLUMNS}`, [userId, id]);
  return r.rows[0];
}

export async function deletePhoneNumber(q: Queryable, userId: string, id: string): Promise<boolean> {
  const r = await q.query("delete from phone_numbers where user_id = $1 and id = $2", [userId, id]);
  return (r.rowCount ?? 0) > 0;
}

export async function countPhoneNumbers(q: Queryable, userId: string): Promise<number> {
  const r = await q.query<{ n: number }>("select count(*)::int as n from phone_numbers where user_id = $1", [userId]);
  return r.rows[0].n;
}
