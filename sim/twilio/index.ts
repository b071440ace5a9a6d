// Placeholder until the twilio simulator lands: answers every request with a 404.
import type { ProviderSim, SimContext } from "../core/types.ts";
import { sendJson } from "../core/server.ts";

export function createTwilioSim(ctx: SimContext): ProviderSim {
  return {
    name: ctx.name,
    handlers: {
      errorBody: (status, message) => ({ contentType: "application/json", body: JSON.stringify({ status, message }) }),
      request: (_req, res) => sendJson(res, 404, { message: "not implemented yet" }),
    },
    state: () => ({}),
    reset: () => {},
    control: {},
  };
}
