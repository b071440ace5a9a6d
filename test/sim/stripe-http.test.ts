// The Stripe simulator over plain HTTP: auth, form parsing and validation errors,
// idempotency, expansion, and the hosted page's Cancel path and expiry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./sim-harness.ts";
import { submitCheckout } from "./stripe-receiver.ts";

let h: Harness;
const KEY = "sk_test_sim_stripe_key_000000000000";

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control("POST", "/reset");
  await h.control("POST", "/stripe/webhook", { url: "" }); // nothing listens in these tests
});

const api = (method: string, path: string, form?: string, headers: Record<string, string> = {}) =>
  fetch(`${h.urls.stripe}${path}`, { method, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded", ...headers }, body: form });
const SESSION =
  "mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=499&line_items[0][price_data][product_data][name]=5-minute%20call&line_items[0][quantity]=2" +
  "&success_url=http%3A%2F%2Fapp.test%2Fok%3Fid%3D%7BCHECKOUT_SESSION_ID%7D&cancel_url=http%3A%2F%2Fapp.test%2Fcancel";

describe("auth and errors", () => {
  it("answers a missing or wrong key with 401 in Stripe's error envelope", async () => {
    const none = await fetch(`${h.urls.stripe}/v1/customers`);
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatchObject({ type: "invalid_request_error", message: expect.stringContaining("You did not provide an API key") });
    const wrong = await api("GET", "/v1/customers", undefined, { authorization: "Bearer sk_test_wrong_key_123456" });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toMatch(/^Invalid API Key provided: sk_test_\*+3456$/);
    const basic = await fetch(`${h.urls.stripe}/v1/customers`, { headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString("base64")}` } });
    expect(basic.status).toBe(200);
    expect(basic.headers.get("request-id")).toMatch(/^req_/);
  });

  it("validates Checkout parameters like Stripe", async () => {
    const cases: Array<[string, number, object]> = [
      ["line_items[0][price]=price_x&line_items[0][quantity]=1", 400, { code: "parameter_missing", param: "mode" }],
      ["mode=payment", 400, { code: "parameter_missing", param: "line_items" }],
      ["mode=payment&line_items[0][price]=price_missing&line_items[0][quantity]=1", 400, { code: "resource_missing", param: "line_items[0][price]" }],
      ["mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=5&line_items[0][price_data][product_data][name]=x", 400, { param: "line_items[0][quantity]" }],
      ["mode=payment&bogus=1", 400, { code: "parameter_unknown", param: "bogus" }],
      [
        "mode=subscription&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=5&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1",
        400,
        { message: expect.stringContaining("recurring price") },
      ],
    ];
    for (const [form, status, error] of cases) {
      const res = await api("POST", "/v1/checkout/sessions", form);
      expect(res.status, form).toBe(status);
      expect((await res.json()).error, form).toMatchObject({ type: "invalid_request_error", ...error });
    }
    const unknown = await api("GET", "/v1/nope");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toContain("Unrecognized request URL (GET: /v1/nope)");
  });
});

describe("idempotency", () => {
  it("replays the first answer for the same key and parameters, refuses different ones", async () => {
    const a = await api("POST", "/v1/customers", "email=a%40example.com", { "idempotency-key": "key-1" });
    const b = await api("POST", "/v1/customers", "email=a%40example.com", { "idempotency-key": "key-1" });
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect(await b.json()).toEqual(await a.json());
    const c = await api("POST", "/v1/customers", "email=b%40example.com", { "idempotency-key": "key-1" });
    expect(c.status).toBe(400);
    expect((await c.json()).error.type).toBe("idempotency_error");
    expect((await api("GET", "/v1/customers").then((r) => r.json())).data).toHaveLength(1);
  });
});

describe("Checkout Sessions", () => {
  it("computes totals, expands line_items and lists them", async () => {
    const s = await (await api("POST", "/v1/checkout/sessions", `${SESSION}&expand[0]=line_items`)).json();
    expect(s).toMatchObject({ amount_subtotal: 998, amount_total: 998, currency: "usd", status: "open", payment_intent: null, ui_mode: "hosted" });
    expect(s.line_items).toMatchObject({ object: "list", data: [{ object: "item", quantity: 2, amount_total: 998, price: { unit_amount: 499, type: "one_time" } }] });
    expect(s.expires_at - s.created).toBe(24 * 3600);
    const items = await (await api("GET", `/v1/checkout/sessions/${s.id}/line_items`)).json();
    expect(items.data).toHaveLength(1);
    const plain = await (await api("GET", `/v1/checkout/sessions/${s.id}`)).json();
    expect(plain.line_items).toBeUndefined();
    expect((await api("GET", `/v1/checkout/sessions/${s.id}?expand[]=nonsense`)).status).toBe(400);
  });

  it("shows the line items and total with labelled Pay and Cancel buttons", async () => {
    const s = await (await api("POST", "/v1/checkout/sessions", SESSION)).json();
    const html = await (await fetch(s.url)).text();
    expect(html).toContain("5-minute call × 2");
    expect(html).toContain("$9.98");
    expect(html).toMatch(/<button class="pay" type="submit" name="action" value="pay">Pay<\/button>/);
    expect(html).toMatch(/<button class="cancel"[^>]*>Cancel<\/button>/);
    expect(html).toMatch(/<label for="email">Email<\/label>/);
  });

  it("sends Cancel to cancel_url and leaves the session open", async () => {
    const s = await (await api("POST", "/v1/checkout/sessions", SESSION)).json();
    const res = await submitCheckout(s.url, "cancel");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://app.test/cancel");
    expect((await (await api("GET", `/v1/checkout/sessions/${s.id}`)).json()).status).toBe("open");
  });

  it("expires a session through the API and the control route, with checkout.session.expired", async () => {
    const s = await (await api("POST", "/v1/checkout/sessions", SESSION)).json();
    const expired = await (await api("POST", `/v1/checkout/sessions/${s.id}/expire`)).json();
    expect(expired).toMatchObject({ status: "expired", url: null });
    expect((await fetch(s.url)).status).toBe(410);
    expect((await api("POST", `/v1/checkout/sessions/${s.id}/expire`)).status).toBe(400);
    const t = await (await api("POST", "/v1/checkout/sessions", SESSION)).json();
    await h.control("POST", "/stripe/expire-session", { session: t.id });
    const events = await (await api("GET", "/v1/events?type=checkout.session.expired")).json();
    expect(events.data.map((e: { data: { object: { id: string } } }) => e.data.object.id)).toEqual([t.id, s.id]);
    expect(events.data[1].request.id).toMatch(/^req_/);
  });

  it("refuses a refund larger than what is left", async () => {
    const s = await (await api("POST", "/v1/checkout/sessions", SESSION)).json();
    await h.control("POST", "/stripe/pay-session", { session: s.id, email: "p@example.com" });
    const pi = (await (await api("GET", `/v1/checkout/sessions/${s.id}`)).json()).payment_intent;
    const res = await api("POST", "/v1/refunds", `payment_intent=${pi}&amount=5000`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "amount_too_large", param: "amount" });
  });
});
