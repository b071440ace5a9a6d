// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      code?: string;
    }
    interface Locals {
      requestId?: string;
    }
    interface Platform {
      env?: { API?: Fetcher } & Record<string, unknown>;
      ctx?: ExecutionContext;
    }
  }
}
export {};
