import type { Config } from "../core/config.ts";

/** Hono's typing for every route: the wrangler-generated bindings plus per-request values. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    config: Config;
  };
}
