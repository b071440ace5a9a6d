import type { Pool } from "@neondatabase/serverless";
import type { Config } from "../core/config.ts";
import type { User } from "../core/db/users.ts";

/** Hono's typing for every route: the wrangler-generated bindings plus per-request values. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    config: Config;
    /** This request's database pool (closed after the response). */
    db: Pool;
    /** The signed-in person, when there is one. */
    user?: User;
    sessionId?: string;
  };
}
