// The SvelteKit app in development mode for e2e tests, started the way `npm start` starts
// it: its own process in web/, private settings from the environment, /api proxied to the
// API worker.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "../../scripts/lib/children.ts";
import { ROOT } from "../../scripts/lib/local-env.ts";
import { waitForHttp } from "../../scripts/lib/ports.ts";

export async function startWeb(port: number, apiOrigin: string, env: Record<string, string>, twilioSimUrl: string): Promise<{ close(): Promise<void> }> {
  const pick = ["APP_URL", "DATABASE_URL", "WORKOS_BASE_URL", "WORKOS_API_KEY", "WORKOS_CLIENT_ID", "WORKOS_COOKIE_PASSWORD"];
  const child = startChild("web", join(ROOT, "node_modules", ".bin", "vite"), ["dev", "--host", "127.0.0.1", "--port", String(port), "--strictPort", "--logLevel", "warn"], {
    cwd: join(ROOT, "web"),
    env: { ...Object.fromEntries(pick.map((k) => [k, env[k]])), API_ORIGIN: apiOrigin, TWILIO_SIM_URL: twilioSimUrl, FORCE_COLOR: "0", WEB_HMR: "off", VITE_CACHE_DIR: join(tmpdir(), `cmb-vite-${process.pid}-${port}`) },
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);
  } catch (e) {
    await child.stop();
    throw e;
  }
  return { close: () => child.stop() };
}
