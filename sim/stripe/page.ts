// The hosted Checkout page at /c/pay/{session id}: GET shows it, POST is the Pay or Cancel
// button. Pay completes the session and goes to success_url with {CHECKOUT_SESSION_ID}
// filled in; Cancel goes to cancel_url. Both answer 303 so the browser GETs the next page.
import type { ServerResponse } from "node:http";
import type { SimRequest } from "../core/server.ts";
import { cancelTarget, completeSession, expireSession, successTarget } from "./checkout.ts";
import { checkoutPage, closedPage } from "./checkout-page.ts";
import { StripeApiError } from "./errors.ts";
import { nowSeconds } from "./ids.ts";
import type { StripeStore } from "./store.ts";

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": String(Buffer.byteLength(body)) }).end(body);
}

function seeOther(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, "content-length": "0" }).end();
}

export function handleCheckoutPage(req: SimRequest, res: ServerResponse, store: StripeStore): void {
  const id = decodeURIComponent(req.path.slice("/c/pay/".length).split("/")[0]);
  const s = store.sessions.get(id);
  if (!s) return html(res, 404, closedPage("Page not found", "This checkout link is not valid."));
  if (s.status === "open" && s.expires_at <= nowSeconds()) expireSession(store, id);
  if (s.status === "expired") return html(res, 410, closedPage("Session expired", "This checkout session has expired. Return to the site and try again."));
  if (s.status === "complete") return html(res, 200, closedPage("Already paid", "This checkout session is complete."));

  if (req.method === "GET") return html(res, 200, checkoutPage(s, store.lineItems.get(id) ?? []));
  if (req.method !== "POST") return html(res, 405, closedPage("Not allowed", "Use the buttons on the page."));

  const form = new URLSearchParams(req.body);
  if (form.get("action") === "cancel") {
    const target = cancelTarget(store, id);
    return target ? seeOther(res, target) : html(res, 200, closedPage("Payment cancelled", "You can close this page."));
  }
  const email = form.get("email")?.trim() || null;
  const name = form.get("name")?.trim() || null;
  try {
    const done = completeSession(store, id, { email, name });
    const target = successTarget(done);
    return target ? seeOther(res, target) : html(res, 200, closedPage("Payment complete", "Thanks! You can close this page."));
  } catch (e) {
    if (e instanceof StripeApiError) return html(res, 400, closedPage("Payment failed", e.message));
    throw e;
  }
}
