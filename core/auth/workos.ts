// The WorkOS client for a configured base URL (the real API or the local simulator).
import { WorkOS } from "@workos-inc/node";
import type { Config } from "../config.ts";

// One client per configuration for the life of the isolate: the client holds the JWKS used to
// verify session tokens, so a fresh one per request meant a JWKS download on every request.
// It keeps no open connection, only that key cache, so sharing it across requests is safe.
const clients = new Map<string, WorkOS>();

export function createWorkos(config: Pick<Config, "workos">): WorkOS {
  const key = `${config.workos.baseUrl}|${config.workos.clientId}|${config.workos.apiKey}`;
  let client = clients.get(key);
  if (!client) {
    client = newClient(config);
    clients.set(key, client);
  }
  return client;
}

function newClient(config: Pick<Config, "workos">): WorkOS {
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
