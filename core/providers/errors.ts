export type ProviderName = "twilio" | "deepgram" | "cerebras" | "elevenlabs" | "workos" | "stripe";

/** A provider failed. `retryable` says whether trying again may help (network, 429, 5xx). */
export class ProviderError extends Error {
  readonly provider: ProviderName;
  readonly status?: number;
  readonly code?: string | number;
  readonly retryable: boolean;
  constructor(provider: ProviderName, message: string, opts: { status?: number; code?: string | number; retryable?: boolean } = {}) {
    super(`${provider}: ${message}`);
    this.name = "ProviderError";
    this.provider = provider;
    this.status = opts.status;
    this.code = opts.code;
    this.retryable = opts.retryable ?? (opts.status === undefined || opts.status === 429 || opts.status >= 500);
  }
}

/** Open an outbound WebSocket with headers (the WebSocket constructor can't send any on Workers). */
export async function connectWebSocket(provider: ProviderName, url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<WebSocket> {
  const httpUrl = url.replace(/^ws(s?):/, "http$1:");
  let res: Response;
  try {
    res = await fetch(httpUrl, { headers: { ...headers, Upgrade: "websocket" }, signal });
  } catch (e) {
    throw new ProviderError(provider, `cannot connect: ${(e as Error).message}`);
  }
  const ws = (res as Response & { webSocket?: WebSocket | null }).webSocket;
  if (res.status !== 101 || !ws) {
    const body = await res.text().catch(() => "");
    throw new ProviderError(provider, `upgrade refused (HTTP ${res.status}) ${body.slice(0, 200)}`, { status: res.status });
  }
  (ws as WebSocket & { accept(): void }).accept();
  return ws;
}
