// See https://svelte.dev/docs/kit/types#app.d.ts
import type { User } from "$core/db/users.ts";
import type { PageSession } from "$lib/server/session.ts";

declare global {
  namespace App {
    interface Error {
      code?: string;
    }
    interface Locals {
      /** The signed-in person (set by hooks.server.ts from the sealed session cookie). */
      user?: User;
      /** Their session, for API calls made on their behalf. */
      session?: PageSession;
    }
    interface Platform {
      env?: { API?: Fetcher } & Record<string, unknown>;
      ctx?: ExecutionContext;
    }
  }
}
export {};
