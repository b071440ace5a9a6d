import type { Queryable } from "./pool.ts";

export interface Persona {
  id: string;
  ownerId: string | null;
  name: string;
  tagline: string;
  systemPrompt: string;
  firstMessage: string;
  voiceId: string;
  language: string;
  model: string | null;
  temperature: number;
  category: string;
  createdAt: string;
  updatedAt: string;
}

/** A persona as one user sees it: their override applied, their favourite flag and usage. */
export interface UserPersona extends Persona {
  favourite: boolean;
  promptOverride: string | null;
  voiceOverride: string | null;
  callsCount: number;
  secondsTotal: number;
  lastCalledAt: string | null;
}

const COLUMNS = `p.id, p.owner_id as "ownerId", p.name, p.tagline, p.system_prompt as "systemPrompt", p.first_message as "firstMessage",
  p.voice_id as "voiceId", p.language, p.model, p.temperature::float8 as temperature, p.category, p.created_at as "createdAt", p.updated_at as "updatedAt",
  coalesce(up.favourite, false) as favourite, up.prompt_override as "promptOverride", up.voice_override as "voiceOverride",
  coalesce(up.calls_count, 0) as "callsCount", coalesce(up.seconds_total, 0) as "secondsTotal", up.last_called_at as "lastCalledAt"`;

/** System personas and the user's own; nobody else's. */
export async function listPersonas(q: Queryable, userId: string): Promise<UserPersona[]> {
  const r = await q.query<UserPersona>(
    `select ${COLUMNS} from personas p left join user_personas up on up.persona_id = p.id and up.user_id = $1
     where p.owner_id is null or p.owner_id = $1
     order by coalesce(up.favourite, false) desc, p.owner_id nulls first, p.name`,
    [userId],
  );
  return r.rows;
}

export async function getPersonaForUser(q: Queryable, userId: string, personaId: string): Promise<UserPersona | undefined> {
  const r = await q.query<UserPersona>(
    `select ${COLUMNS} from personas p left join user_personas up on up.persona_id = p.id and up.user_id = $1
     where p.id = $2 and (p.owner_id is null or p.owner_id = $1)`,
    [userId, personaId],
  );
  return r.rows[0];
}

/** What a call uses: the override when the user set one. */
export function effectivePersona(p: UserPersona): { prompt: string; voiceId: string } {
  return { prompt: p.promptOverride ?? p.systemPrompt, voiceId: p.voiceOverride ?? p.voiceId };
}

export async function recordPersonaUsage(q: Queryable, userId: string, personaId: string, seconds: number): Promise<void> {
  await q.query(
    `insert into user_personas (user_id, persona_id, calls_count, seconds_total, last_called_at) values ($1, $2, 1, $3, now())
     on conflict (user_id, persona_id) do update set calls_count = user_personas.calls_count + 1, seconds_total = user_personas.seconds_total + $3, last_called_at = now()`,
    [userId, personaId, Math.max(0, Math.round(seconds))],
  );
}
