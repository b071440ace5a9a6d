import { createServer } from "node:net";

/** Resolves when the port can be bound; rejects with a message naming what wanted it. */
export function assertPortFree(port: number, what: string, host = "127.0.0.1"): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === "EADDRINUSE" ? `port ${port} (${what}) is already in use — stop whatever holds it, or move ${what} with its *_PORT variable` : `port ${port} (${what}): ${e.message}`)),
    );
    s.listen(port, host, () => s.close(() => resolve()));
  });
}

export async function waitForHttp(url: string, timeoutMs: number, ok: (r: Response) => boolean = (r) => r.ok): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (ok(r)) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s (${last})`);
}
