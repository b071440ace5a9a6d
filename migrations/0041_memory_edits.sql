-- When a person last corrected or deleted what a persona remembers about them. A call summary
-- written before that moment may still mention what they removed, so the next call's prompt
-- uses only summaries written after it (the items themselves carry what remains).
create table memory_edits (
  user_id    uuid not null references users(id) on delete cascade,
  persona_id text not null references personas(id) on delete cascade,
  edited_at  timestamptz not null default now(),
  primary key (user_id, persona_id)
);
