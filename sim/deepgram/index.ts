// Deepgram simulator: live transcription on /v1/listen (Nova protocol). Speech vs silence comes
// from the audio's energy, the words from the caller's kind-1 watermark.
import { randomUUID } from "node:crypto";
import { sendJson, type SimRequest, type UpgradeDecision } from "../core/server.ts";
import type { ProviderSim, SimContext } from "../core/types.ts";
import { ListenSocket, type StreamStats } from "./listen-socket.ts";
import { parseListenParams } from "./params.ts";
import { TextMemory } from "./text-memory.ts";

const MAX_CLOSED = 500;

/** Deepgram's error body; on a failed upgrade the message also rides in the dg-error header. */
function dgError(status: number, errCode: string, errMsg: string) {
  const requestId = randomUUID();
  return {
    status,
    body: JSON.stringify({ err_code: errCode, err_msg: errMsg, request_id: requestId }),
    headers: { "dg-error": errMsg, "dg-request-id": requestId },
  };
}

/** The key from `Authorization: Token <key>` or the browser form `Sec-WebSocket-Protocol: token, <key>`. */
function apiKey(req: SimRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === "string") {
    const m = /^(?:token|bearer)\s+(.+)$/i.exec(auth.trim());
    return m ? m[1] : undefined;
  }
  const proto = req.headers["sec-websocket-protocol"];
  if (typeof proto === "string") {
    const parts = proto.split(",").map((s) => s.trim());
    const i = parts.findIndex((p) => p.toLowerCase() === "token" || p.toLowerCase() === "bearer");
    if (i >= 0 && parts[i + 1]) return parts[i + 1];
  }
  return undefined;
}

export function createDeepgramSim(ctx: SimContext): ProviderSim {
  const open = new Set<ListenSocket>();
  const memory = new TextMemory();
  let closed: StreamStats[] = [];

  async function upgrade(req: SimRequest): Promise<UpgradeDecision> {
    if (req.path !== "/v1/listen") {
      const e = dgError(404, "NOT_FOUND", `Not found: ${req.path}`);
      return { reject: e.status, body: e.body, headers: e.headers };
    }
    await ctx.latency.delay("deepgram.connect");
    if (apiKey(req) !== ctx.credentials.deepgram.apiKey) {
      const e = dgError(401, "INVALID_AUTH", "Invalid credentials.");
      return { reject: e.status, body: e.body, headers: e.headers };
    }
    const parsed = parseListenParams(req.url.searchParams);
    if (!parsed.ok) {
      const e = dgError(400, "Bad Request", parsed.message);
      return { reject: e.status, body: e.body, headers: e.headers };
    }
    return {
      accept: (socket) => {
        const s = new ListenSocket(socket, parsed.params, ctx.latency, memory);
        open.add(s);
        socket.ws.on("close", () => {
          open.delete(s);
          closed.push(s.stats);
          if (closed.length > MAX_CLOSED) closed.shift();
        });
      },
    };
  }

  return {
    name: ctx.name,
    handlers: {
      errorBody: (status, message) => {
        const e = dgError(status, status >= 500 ? "INTERNAL_SERVER_ERROR" : "Bad Request", message);
        return { contentType: "application/json", body: e.body, headers: e.headers };
      },
      request: (req, res) => {
        const e = dgError(404, "NOT_FOUND", `The local Deepgram simulator serves only the /v1/listen WebSocket (got ${req.method} ${req.path}).`);
        sendJson(res, e.status, JSON.parse(e.body), e.headers);
      },
      upgrade,
    },
    state: () => ({ streams: [...open].map((s) => s.stats), closedStreams: closed }),
    reset: () => {
      closed = [];
    },
    control: {
      streams: () => ({ open: [...open].map((s) => s.stats), closed }),
    },
  };
}
