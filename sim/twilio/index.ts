// The Twilio simulator: REST (Calls, Messages, Verify v2) with Basic auth, outbound calls
// whose callee is a handset (sim/handset), signed webhooks, TwiML, and Media Streams dialled
// to the product. Control routes: control-routes.ts.
import type { ProviderSim, SimContext } from "../core/types.ts";
import { Phones } from "../handset/phones.ts";
import { isE164 } from "./format.ts";
import { Calls } from "./calls.ts";
import { callSummary, createControlRoutes } from "./control-routes.ts";
import { errorBody } from "./errors.ts";
import { handleRest } from "./rest-router.ts";
import { Outbox } from "./sms.ts";
import { Verify } from "./verify.ts";
import { Webhooks } from "./webhooks.ts";

export function createTwilioSim(ctx: SimContext): ProviderSim {
  const { accountSid, authToken, fromNumber, verifyServiceSid } = ctx.credentials.twilio;
  const phones = new Phones();
  const webhooks = new Webhooks(() => authToken);
  const outbox = new Outbox(phones);
  const verify = new Verify({ accountSid, serviceSid: verifyServiceSid, from: fromNumber, outbox });
  const calls = new Calls({ accountSid, authToken: () => authToken, webhooks, latency: ctx.latency, phones });
  return {
    name: ctx.name,
    handlers: {
      errorBody: (status, message) => ({
        contentType: "application/json",
        body: JSON.stringify(errorBody(status, status === 404 ? 20404 : status >= 500 ? 20500 : status, message)),
      }),
      request: (req, res) => handleRest(req, res, { accountSid, authToken, latency: ctx.latency, calls, verify, outbox, webhooks }),
      upgrade: (req) => {
        if (req.path !== "/handset") return { reject: 404, body: JSON.stringify(errorBody(404, 20404, `The requested resource ${req.path} was not found`)) };
        const number = req.url.searchParams.get("number");
        if (!isE164(number)) return { reject: 400, body: JSON.stringify({ error: "number must be E.164, e.g. /handset?number=%2B15551234567" }) };
        return { accept: (socket) => phones.accept(number, socket, calls) };
      },
    },
    state: () => ({
      calls: calls.list().map((c) => callSummary(c)),
      sms: outbox.records,
      verifications: verify.state(),
      handsets: phones.state(),
      webhooks: webhooks.records.length,
    }),
    reset: () => {
      calls.reset();
      outbox.records = [];
      webhooks.records = [];
      verify.reset();
      phones.reset();
    },
    control: createControlRoutes({ calls, phones, webhooks, outbox, verify }),
    close: async () => calls.shutdown(),
  };
}
