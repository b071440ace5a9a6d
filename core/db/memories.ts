// What a persona remembers about one user: the memory items and the call summaries, always
// scoped by user × persona. Every function takes the user id from the session (or the
// call's own row), never from anything the model or a request body says.
import { MEMORY_LIMITS, type MemoryItem, type MemoryKind } from "../memory/types.ts";
import type { Queryable } from "./pool.ts";

export interface MemoryContext {
  summary: string | null;
  items: MemoryItem[];
}

export interface StoredMemory extends MemoryItem {
  id: string;
  origin: "call" | "user";
  sourceCallId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoredSummary {
  callId: string;
  summary: string;
  createdAt: string;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

const COLUMNS = `id, kind, text, to_char(due_date, 'YYYY-MM-DD') as "dueDate", origin, source_call_id as "sourceCallId",
  created_at as "createdAt", updated_at as "updatedAt"`;

type Row = Omit<StoredMemory, "createdAt" | "updatedAt"> & { createdAt: unknown; updatedAt: unknown };
const toMemory = (r: Row): StoredMemory => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });

/**
 * What a call's prompt starts from: the newest items, and the latest non-empty summary unless
 * the person has corrected or deleted items since it was written (it may repeat what they removed).
 */
export async function loadMemoryContext(q: Queryable, userId: string, personaId: string): Promise<MemoryContext> {
  const [s, m] = await Promise.all([
    q.query<{ summary: string }>(
      `select summary from call_summaries s where user_id = $1 and persona_id = $2 and summary <> ''
         and created_at > coalesce((select edited_at from memory_edits e where e.user_id = $1 and e.persona_id = $2), '-infinity')
       order by created_at desc limit 1`,
      [userId, personaId],
    ),
    listMemories(q, userId, personaId),
  ]);
  // Plain strings only: the context is stored in the CallSession and ranked by date strings.
  return { summary: s.rows[0]?.summary ?? null, items: m.map(({ kind, text, dueDate, updatedAt }) => ({ kind, text, dueDate, updatedAt })) };
}

export async function listMemories(q: Queryable, userId: string, personaId: string): Promise<StoredMemory[]> {
  const r = await q.query<Row>(`select ${COLUMNS} from memories where user_id = $1 and persona_id = $2 order by updated_at desc, id limit $3`, [
    userId,
    personaId,
    MEMORY_LIMITS.perPersona * 2,
  ]);
  return r.rows.map(toMemory);
}

export async function listSummaries(q: Queryable, userId: string, personaId: string, limit = 5): Promise<StoredSummary[]> {
  const r = await q.query<{ callId: string; summary: string; createdAt: unknown }>(
    `select call_id as "callId", summary, created_at as "createdAt" from call_summaries
     where user_id = $1 and persona_id = $2 and summary <> '' order by created_at desc limit $3`,
    [userId, personaId, limit],
  );
  return r.rows.map((x) => ({ ...x, createdAt: iso(x.createdAt) }));
}

export interface PersonaMemoryCount {
  personaId: string;
  personaName: string;
  items: number;
  summaries: number;
  lastUpdatedAt: string | null;
}

/** Every persona that remembers something about this user. */
export async function memoryOverview(q: Queryable, userId: string): Promise<PersonaMemoryCount[]> {
  const r = await q.query<{ personaId: string; personaName: string; items: number; summaries: number; lastUpdatedAt: unknown }>(
    `with m as (select persona_id, count(*)::int as n, max(updated_at) as at from memories where user_id = $1 group by persona_id),
          s as (select persona_id, count(*)::int as n, max(created_at) as at from call_summaries where user_id = $1 and summary <> '' group by persona_id)
     select p.id as "personaId", p.name as "personaName", coalesce(m.n, 0) as items, coalesce(s.n, 0) as summaries,
            greatest(m.at, s.at) as "lastUpdatedAt"
     from personas p left join m on m.persona_id = p.id left join s on s.persona_id = p.id
     where (m.n is not null or s.n is not null) and (p.owner_id is null or p.owner_id = $1)
     order by greatest(m.at, s.at) desc nulls last, p.name`,
    [userId],
  );
  return r.rows.map((x) => ({ ...x, lastUpdatedAt: x.lastUpdatedAt === null ? null : iso(x.lastUpdatedAt) }));
}

export interface MemoryInput {
  kind: MemoryKind;
  text: string;
  dueDate: string | null;
}

/** A person's own item; undefined when the persona's list is full. */
export async function addMemory(q: Queryable, userId: string, personaId: string, m: MemoryInput): Promise<StoredMemory | undefined> {
  const r = await q.query<Row>(
    `insert into memories (user_id, persona_id, kind, text, due_date, origin)
     select $1, $2, $3, $4, $5::date, 'user'
     where (select count(*) from memories where user_id = $1 and persona_id = $2) < $6
     returning ${COLUMNS}`,
    [userId, personaId, m.kind, m.text, m.dueDate, MEMORY_LIMITS.perPersona],
  );
  return r.rows[0] && toMemory(r.rows[0]);
}

const MARK_EDITED = `insert into memory_edits (user_id, persona_id, edited_at) select $2, $3, now() where exists (select 1 from changed)
  on conflict (user_id, persona_id) do update set edited_at = now()`;

/** An edit makes the item the person's own (it is then never pruned) and sets earlier summaries aside. */
export async function updateMemory(q: Queryable, userId: string, personaId: string, id: string, patch: Partial<MemoryInput>): Promise<StoredMemory | undefined> {
  const r = await q.query<Row>(
    `with changed as (
       update memories set
         kind = coalesce($4, kind),
         text = coalesce($5, text),
         due_date = case when $6::boolean then $7::date else due_date end,
         origin = 'user', updated_at = now()
       where id = $1 and user_id = $2 and persona_id = $3
       returning ${COLUMNS}),
     mark as (${MARK_EDITED})
     select * from changed`,
    [id, userId, personaId, patch.kind ?? null, patch.text ?? null, patch.dueDate !== undefined, patch.dueDate ?? null],
  );
  return r.rows[0] && toMemory(r.rows[0]);
}

export async function deleteMemory(q: Queryable, userId: string, personaId: string, id: string): Promise<boolean> {
  const r = await q.query<{ id: string }>(
    `with changed as (delete from memories where id = $1 and user_id = $2 and persona_id = $3 returning id), mark as (${MARK_EDITED}) select id from changed`,
    [id, userId, personaId],
  );
  return r.rows.length > 0;
}

/** "Forget everything": every item and every summary this persona keeps about the user. */
export async function forgetPersona(q: Queryable, userId: string, personaId: string): Promise<{ items: number; summaries: number }> {
  const r = await q.query<{ items: number; summaries: number }>(
    `with i as (delete from memories where user_id = $1 and persona_id = $2 returning 1),
          s as (delete from call_summaries where user_id = $1 and persona_id = $2 returning 1)
     select (select count(*) from i)::int as items, (select count(*) from s)::int as summaries`,
    [userId, personaId],
  );
  return r.rows[0];
}
