// WebSocket entry points of a call, forwarded to its CallSession:
//   /calls/:id/media — Twilio's media stream (the call's secret token is checked at "start")
//   /calls/:id/web   — a browser's web-call stream (the owner, same origin)
//   /calls/:id/live  — the owner's live view (transcript, latencies, hang-up)
// Browsers send cookies with a WebSocket handshake from any site, so the owner's sockets
// require the app's own Origin as well as the session.
import { Hono, type Context } from "hono";
import { getUserCall } from "../../core/db/calls.ts";
import { validateTwilioSignature } from "../../core/providers/twilio-signature.ts";
import { ROLE_HEADER } from "../../durable-objects/call-session/index.ts";
import type { AppEnv } from "../app-env.ts";
import { callStub } from "../calls/stubs.ts";
import { badRequest, forbidden, notFound, unauthorized } from "../errors.ts";
import { session } from "../middleware/session.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function forward(c: Context<AppEnv>, id: string, role: "media" | "live"): Promise<Response> {
  const req = new Request(c.req.raw);
  req.headers.set(ROLE_HEADER, role);
  return callStub(c.env, id).fetch(req);
}

function requireUpgrade(c: Context<AppEnv>): string {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw badRequest("websocket_required", "This endpoint takes a WebSocket.");
  const id = c.req.param("id") ?? "";
  if (!UUID.test(id)) throw notFound("Call");
  return id;
}

async function ownerCall(c: Context<AppEnv>, id: string) {
  if (c.req.header("origin") !== new URL(c.var.config.appUrl).origin) throw forbidden("forbidden_origin", "This socket must be opened by the Call Me Back app itself.");
  if (!c.var.user) throw unauthorized();
  const call = await getUserCall(c.var.db, c.var.user.id, id);
  if (!call) throw notFound("Call");
  return call;
}

export const callSockets = new Hono<AppEnv>()
  .get("/:id/media", async (c) => {
    const id = requireUpgrade(c);
    // Twilio signs the upgrade over the wss URL; when it does, the signature must match.
    const sig = c.req.header("x-twilio-signature");
    if (sig) {
      const url = `${c.var.config.appUrl.replace(/^http/, "ws")}/api/calls/${id}/media`;
      if (!(await validateTwilioSignature(c.var.config.twilio.authToken, sig, url))) throw forbidden("invalid_signature", "Twilio signature check failed.");
    }
    return forward(c, id, "media");
  })
  .get("/:id/web", session, async (c) => {
    const id = requireUpgrade(c);
    const call = await ownerCall(c, id);
    if (call.channel !== "web") throw badRequest("not_a_web_call", "This call is a phone call.");
    return forward(c, id, "media");
  })
  .get("/:id/live", session, async (c) => {
    const id = requireUpgrade(c);
    await ownerCall(c, id);
    return forward(c, id, "live");
  });
