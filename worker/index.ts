// The API worker: the Hono app plus the Durable Object classes it hosts.
import { app } from "./app.ts";
import { scheduled } from "./scheduled.ts";

export { CallSession } from "../durable-objects/call-session/index.ts";
export { UserAgenda } from "../durable-objects/user-agenda/index.ts";

export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Env>;
