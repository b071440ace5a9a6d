// The WorkOS client for a configured base URL (the real API or the local simulator).
import { WorkOS } from "@workos-inc/node";
import type { Config } from "../config.ts";

export function createWorkos(config: Pick<Config, "workos">): WorkOS {
  const base = new URL(config.workos.baseUrl);
  return new WorkOS(config.workos.apiKey, {
    clientId: config.workos.clientId,
    apiHostname: base.hostname,
    https: base.protocol === "https:",
    port: base.port ? Number(base.port) : undefined,
    // Sign-in paths retry on their own (see session.ts); keep each request short.
    maxRetries: 1,
    timeout: 10_000,
  });
}
