import type { MemoryItem } from "../prompt.ts";
import type { Queryable } from "./pool.ts";

export interface MemoryContext {
  summary: string | null;
  items: MemoryItem[];
}

/** What the persona remembers about this caller: the latest summary and the memory items. */
export async function loadMemoryContext(q: Queryable, userId: string, personaId: string): Promise<MemoryContext> {
  const [s, m] = await Promise.all([
    q.query<{ summary: string }>("select summary from call_summaries where user_id = $1 and persona_id = $2 order by created_at desc limit 1", [userId, personaId]),
    q.query<MemoryItem>(
      `select kind, text, to_char(due_date, 'YYYY-MM-DD') as "dueDate", updated_at as "updatedAt" from memories where user_id = $1 and persona_id = $2 order by updated_at desc limit 50`,
      [userId, personaId],
    ),
  ]);
  return { summary: s.rows[0]?.summary ?? null, items: m.rows };
}
