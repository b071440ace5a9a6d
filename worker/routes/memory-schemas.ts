// Request and response shapes for what personas remember. A memory's text is checked with
// the same rules the prompt applies (core/memory/edit-rules.ts) and stored on one line.
import type { StoredMemory } from "../../core/db/memories.ts";
import { memoryTextProblem } from "../../core/memory/edit-rules.ts";
import { MEMORY_KINDS } from "../../core/memory/types.ts";
import { unstorableText } from "../../core/personas/rules.ts";
import { z } from "../openapi.ts";

export const MemorySchema = z
  .object({
    id: z.string(),
    kind: z.enum(MEMORY_KINDS),
    text: z.string(),
    dueDate: z.string().nullable(),
    origin: z.enum(["call", "user"]),
    sourceCallId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Memory");

export const publicMemory = (m: StoredMemory) => ({
  id: m.id,
  kind: m.kind,
  text: m.text,
  dueDate: m.dueDate,
  origin: m.origin,
  sourceCallId: m.sourceCallId,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

export const SummarySchema = z.object({ callId: z.string(), summary: z.string(), createdAt: z.string() }).openapi("CallSummary");

export const PersonaMemory = z
  .object({ persona: z.object({ id: z.string(), name: z.string() }), summaries: z.array(SummarySchema), items: z.array(MemorySchema) })
  .openapi("PersonaMemory");

export const MemoryOverview = z
  .object({
    personas: z.array(z.object({ personaId: z.string(), personaName: z.string(), items: z.number().int(), summaries: z.number().int(), lastUpdatedAt: z.string().nullable() })),
  })
  .openapi("MemoryOverview");

const MemoryText = z.string().superRefine((s, ctx) => {
  const problem = unstorableText(s) ?? memoryTextProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
const DueDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD").nullable();

export const NewMemory = z.strictObject({ kind: z.enum(MEMORY_KINDS).default("fact"), text: MemoryText, dueDate: DueDate.default(null) }).openapi("NewMemory");

export const MemoryUpdate = z
  .strictObject({ kind: z.enum(MEMORY_KINDS).optional(), text: MemoryText.optional(), dueDate: DueDate.optional() })
  .refine((b) => b.kind !== undefined || b.text !== undefined || b.dueDate !== undefined, { message: "change at least one of kind, text, dueDate" })
  .openapi("MemoryUpdate");

export const PersonaParam = z.object({ personaId: z.string().regex(/^[a-z0-9_-]{3,64}$/, "not a persona id").openapi({ param: { name: "personaId", in: "path" } }) });
export const ItemParams = PersonaParam.extend({ itemId: z.uuid().openapi({ param: { name: "itemId", in: "path" } }) });
