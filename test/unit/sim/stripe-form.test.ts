import { describe, expect, it } from "vitest";
import { asMetadata, parseStripeForm } from "../../../sim/stripe/form.ts";
import { signPayload } from "../../../sim/stripe/signature.ts";
import { orderEvents } from "../../../sim/stripe/webhooks.ts";

describe("Stripe form encoding", () => {
  it("parses nested objects and indexed arrays as stripe-node sends them", () => {
    const body =
      "mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=2000&line_items[0][price_data][product_data][name]=Credits%20%21&line_items[0][quantity]=1" +
      "&line_items[1][price]=price_1&line_items[1][quantity]=2&metadata[userId]=user_123&success_url=https%3A%2F%2Fapp%2Fok%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D&expand[0]=line_items";
    expect(parseStripeForm(body)).toEqual({
      mode: "payment",
      line_items: [
        { price_data: { currency: "usd", unit_amount: "2000", product_data: { name: "Credits !" } }, quantity: "1" },
        { price: "price_1", quantity: "2" },
      ],
      metadata: { userId: "user_123" },
      success_url: "https://app/ok?session_id={CHECKOUT_SESSION_ID}",
      expand: ["line_items"],
    });
  });

  it("accepts a[]=x appends and percent-encoded brackets", () => {
    expect(parseStripeForm("expand[]=a&expand[]=b")).toEqual({ expand: ["a", "b"] });
    expect(parseStripeForm("metadata%5Bk%5D=v")).toEqual({ metadata: { k: "v" } });
  });

  it("treats an empty metadata value as removing the key", () => {
    expect(asMetadata(parseStripeForm("metadata[a]=&metadata[b]=2").metadata, { a: "1", c: "3" })).toEqual({ b: "2", c: "3" });
  });
});

describe("Stripe-Signature", () => {
  it("matches the reference vector", () => {
    expect(signPayload('{"id":"evt_test_1","object":"event"}', "whsec_test_secret", 1700000000)).toBe("t=1700000000,v1=29ab30b7065c11b28e53ac114fac5d6c492ed811a12d11ed2c2aad5bb4cf9809");
  });

  it("orders a batch for out-of-order delivery", () => {
    expect(orderEvents([1, 2, 3], "reverse")).toEqual([3, 2, 1]);
    expect(orderEvents([1, 2, 3], "shuffle").sort()).toEqual([1, 2, 3]);
  });
});
