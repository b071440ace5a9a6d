// Shared by the simulator tests: start every simulator on free ports and talk to the control API.
import { type Simulators, type StartOptions, startSimulators } from "../../sim/index.ts";

export interface Harness extends Simulators {
  control<T = unknown>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T>;
}

export async function startHarness(opts: StartOptions = {}): Promise<Harness> {
  const sims = await startSimulators({ ephemeral: true, ...opts });
  return {
    ...sims,
    async control<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
      const res = await fetch(sims.urls.control + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await res.json()) as T;
      if (!res.ok) throw new Error(`control ${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
  };
}

/** Poll until `check` returns a value (not undefined), or fail after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, ms = 5000, label = "condition"): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Read an SSE body into its `data:` payloads. */
export async function sseData(res: Response): Promise<string[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => e.replace(/^data: /, ""));
}
