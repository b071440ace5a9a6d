// A local webhook endpoint for the Stripe simulator's deliveries: records each POST with its
// raw body and signature; `answer` decides the status (and may delay) per request.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  body: string;
  signature: string;
  at: number;
  type: string;
  eventId: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  answer: (r: Received, n: number) => number | Promise<number>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const rx: Receiver = { url: "", received: [], answer: () => 200, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const parsed = JSON.parse(body) as { id: string; type: string };
      const r: Received = { body, signature: String(req.headers["stripe-signature"] ?? ""), at: Date.now(), type: parsed.type, eventId: parsed.id };
      rx.received.push(r);
      const status = await rx.answer(r, rx.received.length);
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  rx.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stripe/webhook`;
  rx.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return rx;
}

/** Submit the hosted checkout page's form the way a browser would. */
export async function submitCheckout(pageUrl: string, action: "pay" | "cancel", fields: Record<string, string> = {}): Promise<Response> {
  const html = await (await fetch(pageUrl)).text();
  const formAction = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!formAction) throw new Error("no form on the checkout page");
  return fetch(new URL(formAction, pageUrl), { method: "POST", body: new URLSearchParams({ email: "payer@example.com", name: "Pat Payer", ...fields, action }), redirect: "manual" });
}
