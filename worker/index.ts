// The API worker: the Hono app plus the Durable Object classes it hosts.
import { app } from "./app.ts";

export { CallSession } from "../durable-objects/call-session/index.ts";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
