-- Who wrote a memory item: the post-call summary ('call') or the person on the memory page
-- ('user', which an edit also makes it). Only call-written items are pruned when a persona's
-- list is over its limit, so nothing a person wrote or corrected disappears on its own.
alter table memories add column origin text not null default 'call' check (origin in ('call', 'user'));

-- Memories link to the call they came from; deleting a call sets the link to null, which
-- wants an index on the referencing column.
create index memories_source_call_idx on memories (source_call_id) where source_call_id is not null;
