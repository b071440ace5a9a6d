// Personas through the real worker: system + own, editing rules, overrides, favourites,
// voices and previews, and text that round-trips byte for byte with limits stated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInClient, type Api } from "../helpers/api-client.ts";
import { control } from "../helpers/control.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
let api: Api;
beforeAll(async () => {
  stack = await startStack();
  api = await signedInClient(stack.appUrl, "personas@example.com");
});
afterAll(() => stack?.close());

interface Persona {
  id: string;
  system: boolean;
  name: string;
  tagline: string;
  systemPrompt: string;
  firstMessage: string;
  voiceId: string;
  language: string;
  temperature: number;
  favourite: boolean;
  override: { systemPrompt: string | null; voiceId: string | null };
}

const WEIRD = `Say "hi"! Then \\escape\\ {braces} {{double}} $1 %s \`tick\` <b>tags</b> 😀👩‍👩‍👧 שלום עולם مرحبا \u200f\r\nnew line\ttab`;

function tenKb(): string {
  const unit = `Line with ! " \\ { } 😀 שלום — `;
  let s = "";
  while (new TextEncoder().encode(s).length < 10_240) s += unit;
  return s;
}

async function create(body: Record<string, unknown>): Promise<Persona> {
  return api.json<Persona>("/personas", { method: "POST", body: { voiceId: "EXAVITQu4vr4xnSDxMaL", firstMessage: "Hello!", systemPrompt: "Be kind.", name: "Test", ...body } });
}

describe("personas", () => {
  it("lists the system personas with their voices and categories", async () => {
    const { personas } = await api.json<{ personas: Persona[] }>("/personas");
    expect(personas.filter((p) => p.system).map((p) => p.id).sort()).toEqual(["alex_001", "brad_001", "sarah_001"]);
  });

  it("stores any text byte-exact, including a 10 KB prompt", async () => {
    const prompt = tenKb();
    const p = await create({ name: "Ünïcødé 😀 \"Q\" !", tagline: WEIRD.slice(0, 120), systemPrompt: prompt, firstMessage: WEIRD });
    const read = await api.json<Persona>(`/personas/${p.id}`);
    expect(read.systemPrompt).toBe(prompt);
    expect(read.firstMessage).toBe(WEIRD);
    expect(read.name).toBe("Ünïcødé 😀 \"Q\" !");
    expect(read.tagline).toBe(WEIRD.slice(0, 120));
    const raw = await (await api.get(`/personas/${p.id}`)).text();
    expect(raw).toContain(JSON.stringify(WEIRD));
  });

  it("states and enforces limits, unknown fields and unstorable text", async () => {
    const long = await api.post("/personas", { name: "x".repeat(61), systemPrompt: "p", firstMessage: "f", voiceId: "EXAVITQu4vr4xnSDxMaL" });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { message: string } }).error.message).toMatch(/Name is limited to 60 characters \(this one has 61\)/);
    // 60 emoji are 60 characters (120 UTF-16 units): allowed.
    const emoji = await create({ name: "😀".repeat(60) });
    expect(emoji.name).toBe("😀".repeat(60));
    const extra = await api.post("/personas", { name: "n", systemPrompt: "p", firstMessage: "f", voiceId: "EXAVITQu4vr4xnSDxMaL", admin: true });
    expect(extra.status).toBe(400);
    const nul = await api.post("/personas", { name: "a\u0000b", systemPrompt: "p", firstMessage: "f", voiceId: "EXAVITQu4vr4xnSDxMaL" });
    expect(nul.status).toBe(400);
    const surrogate = await api.post("/personas", { name: "a\ud800b", systemPrompt: "p", firstMessage: "f", voiceId: "EXAVITQu4vr4xnSDxMaL" });
    expect(surrogate.status).toBe(400);
    const voice = await api.post("/personas", { name: "n", systemPrompt: "p", firstMessage: "f", voiceId: "NoSuchVoice123" });
    expect(voice.status).toBe(400);
    expect(((await voice.json()) as { error: { code: string } }).error.code).toBe("unknown_voice");
    const blank = await api.post("/personas", { name: "   ", systemPrompt: "p", firstMessage: "f", voiceId: "EXAVITQu4vr4xnSDxMaL" });
    expect(blank.status).toBe(400);
    const malformed = await fetch(`${stack.appUrl}/api/personas`, { method: "POST", headers: { cookie: api.cookie, origin: api.origin, "content-type": "application/json" }, body: '{"name": "x",' });
    expect(malformed.status).toBe(400);
  });

  it("edits and deletes your own persona but not a system one", async () => {
    const p = await create({ name: "Mine" });
    const edited = await api.json<Persona>(`/personas/${p.id}`, { method: "PATCH", body: { name: "Mine 2", temperature: 1.25, language: "he" } });
    expect(edited).toMatchObject({ name: "Mine 2", temperature: 1.25, language: "he", systemPrompt: "Be kind." });
    expect((await api.patch("/personas/brad_001", { name: "Bradley" })).status).toBe(403);
    expect((await api.del("/personas/brad_001")).status).toBe(403);
    expect((await api.patch(`/personas/${p.id}`, { temperature: 0.123 })).status).toBe(400);
    expect((await api.del(`/personas/${p.id}`)).status).toBe(200);
    expect((await api.get(`/personas/${p.id}`)).status).toBe(404);
  });

  it("overrides a system persona's prompt and voice for this user only", async () => {
    const o = await api.json<Persona>("/personas/sarah_001/override", { method: "PUT", body: { systemPrompt: WEIRD, voiceId: "21m00Tcm4TlvDq8ikWAM" } });
    expect(o.override).toEqual({ systemPrompt: WEIRD, voiceId: "21m00Tcm4TlvDq8ikWAM" });
    const other = await signedInClient(stack.appUrl, "personas-other@example.com");
    expect((await other.json<Persona>("/personas/sarah_001")).override).toEqual({ systemPrompt: null, voiceId: null });
    const voiceOnly = await api.json<Persona>("/personas/sarah_001/override", { method: "PUT", body: { voiceId: null } });
    expect(voiceOnly.override).toEqual({ systemPrompt: WEIRD, voiceId: null });
    const reset = await api.json<Persona>("/personas/sarah_001/override", { method: "DELETE" });
    expect(reset.override).toEqual({ systemPrompt: null, voiceId: null });
  });

  it("keeps favourites first", async () => {
    await api.json("/personas/alex_001/favourite", { method: "PUT", body: { favourite: true } });
    const { personas } = await api.json<{ personas: Persona[] }>("/personas");
    expect(personas[0]).toMatchObject({ id: "alex_001", favourite: true });
    await api.json("/personas/alex_001/favourite", { method: "PUT", body: { favourite: false } });
    expect((await api.json<Persona>("/personas/alex_001")).favourite).toBe(false);
  });

  it("lists voices and previews one as WAV, synthesised once", async () => {
    const { voices } = await api.json<{ voices: Array<{ voiceId: string; name: string }> }>("/voices");
    expect(voices.map((v) => v.voiceId)).toContain("EXAVITQu4vr4xnSDxMaL");
    const before = (await control(stack.sims.urls.control).get<unknown[]>("/elevenlabs/generations")).length;
    const a = await api.get("/voices/21m00Tcm4TlvDq8ikWAM/preview");
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toBe("audio/wav");
    const bytes = new Uint8Array(await a.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe("RIFF");
    expect(bytes.length).toBeGreaterThan(16_000);
    const b = await api.get("/voices/21m00Tcm4TlvDq8ikWAM/preview");
    expect(new Uint8Array(await b.arrayBuffer())).toEqual(bytes);
    const after = (await control(stack.sims.urls.control).get<unknown[]>("/elevenlabs/generations")).length;
    expect(after - before).toBe(1);
    expect((await api.get("/voices/NoSuchVoice/preview")).status).toBe(404);
  });
});
