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

// ——— the user's own personas and their per-user settings on any persona ———

export interface PersonaFields {
  name: string;
  tagline: string;
  systemPrompt: string;
  firstMessage: string;
  voiceId: string;
  language: string;
  temperature: number;
}

export async function countOwnPersonas(q: Queryable, userId: string): Promise<number> {
  const r = await q.query<{ n: number }>("select count(*)::int as n from personas where owner_id = $1", [userId]);
  return r.rows[0].n;
}

export async function createOwnPersona(q: Queryable, userId: string, id: string, f: PersonaFields): Promise<void> {
  await q.query(
    `insert into personas (id, owner_id, name, tagline, system_prompt, first_message, voice_id, language, temperature, category)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'custom')`,
    [id, userId, f.name, f.tagline, f.systemPrompt, f.firstMessage, f.voiceId, f.language, f.temperature],
  );
}

/** Only the owner's own persona changes; returns false when there is none. */
export async function updateOwnPersona(q: Queryable, userId: string, id: string, f: Partial<PersonaFields>): Promise<boolean> {
  const r = await q.query(
    `update personas set
       name = coalesce($3, name), tagline = coalesce($4, tagline), system_prompt = coalesce($5, system_prompt),
       first_message = coalesce($6, first_message), voice_id = coalesce($7, voice_id), language = coalesce($8, language),
       temperature = coalesce($9, temperature), updated_at = now()
     where id = $2 and owner_id = $1`,
    [userId, id, f.name ?? null, f.tagline ?? null, f.systemPrompt ?? null, f.firstMessage ?? null, f.voiceId ?? null, f.language ?? null, f.temperature ?? null],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function deleteOwnPersona(q: Queryable, userId: string, id: string): Promise<boolean> {
  const r = await q.query("delete from personas where id = $2 and owner_id = $1", [userId, id]);
  return (r.rowCount ?? 0) > 0;
}

export async function setFavourite(q: Queryable, userId: string, personaId: string, favourite: boolean): Promise<void> {
  await q.query(
    `insert into user_personas (user_id, persona_id, favourite) values ($1, $2, $3)
     on conflict (user_id, persona_id) do update set favourite = excluded.favourite`,
    [userId, personaId, favourite],
  );
}

/** The user's own prompt and voice for a persona; null clears that part. */
export async function setOverride(q: Queryable, userId: string, personaId: string, o: { systemPrompt: string | null; voiceId: string | null }): Promise<void> {
  await q.query(
    `insert into user_personas (user_id, persona_id, prompt_override, voice_override) values ($1, $2, $3, $4)
     on conflict (user_id, persona_id) do update set prompt_override = excluded.prompt_override, voice_override = excluded.voice_override`,
    [userId, personaId, o.systemPrompt, o.voiceId],
  );
}
