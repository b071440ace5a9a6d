// Buying credits through Stripe Checkout, the success page's status check, and the plan's
// cancellation. The success check fulfils too (same idempotent path as the webhook), so the
// credits show up even if the webhook is slow.
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { NoPlan, PlanAlreadyActive, setPlanCancellation, startCheckout } from "../../core/billing/checkout.ts";
import { syncCheckoutSession } from "../../core/billing/stripe-sync.ts";
import { balanceCents } from "../../core/db/credits.ts";
import { paymentBy } from "../../core/db/payments.ts";
import { currentSubscription } from "../../core/db/subscriptions.ts";
import { createStripe } from "../../core/providers/stripe.ts";
import type { AppEnv } from "../app-env.ts";
import { conflict, notFound } from "../errors.ts";
import { enforceRateLimit } from "../middleware/rate-limit.ts";
import { errorResponses, jsonBody, jsonResponse, resource, z } from "../openapi.ts";
import { CheckoutStatus, Plan } from "./billing-schemas.ts";

const StartCheckout = z.strictObject({ product: z.enum(["single", "pack", "plan"]) }).openapi("StartCheckout");
const SessionParam = z.object({ sessionId: z.string().regex(/^cs_[A-Za-z0-9_]{1,200}$/).openapi({ param: { name: "sessionId", in: "path" } }) });

export const checkout = resource()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["billing"],
      summary: "Start a Stripe Checkout for a product; answers the hosted page's URL",
      request: { body: jsonBody(StartCheckout) },
      responses: { 201: jsonResponse(z.object({ url: z.string(), paymentId: z.string() }), "Go to url (an open plan checkout is offered again)"), 409: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const { product } = c.req.valid("json");
      await enforceRateLimit(c.var.db, "checkout", c.var.user!.id);
      try {
        return c.json(await startCheckout(c.var.db, createStripe(c.var.config), c.var.user!, product, c.var.config.appUrl), 201);
      } catch (e) {
        if (e instanceof PlanAlreadyActive) throw conflict("plan_active", e.message);
        throw e;
      }
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{sessionId}",
      tags: ["billing"],
      summary: "Where a checkout stands (fulfils it when Stripe says it is paid)",
      request: { params: SessionParam },
      responses: { 200: jsonResponse(CheckoutStatus, "The payment"), ...errorResponses },
    }),
    async (c) => {
      const { sessionId } = c.req.valid("param");
      const db = c.var.db;
      const user = c.var.user!;
      let payment = await paymentBy(db, "session", sessionId);
      if (!payment || payment.userId !== user.id) throw notFound("Checkout");
      if (payment.status === "pending") payment = (await syncCheckoutSession({ db, stripe: createStripe(c.var.config) }, sessionId)) ?? payment;
      return c.json({ paymentId: payment.id, product: payment.product, status: payment.status, credits: payment.credits, balanceCents: await balanceCents(db, user.id) }, 200);
    },
  );

const planRoute = (action: "cancel" | "resume", summary: string) =>
  createRoute({ method: "post", path: `/${action}`, tags: ["billing"], summary, responses: { 200: jsonResponse(Plan, "The plan now"), ...errorResponses } });

async function changePlan(c: Context<AppEnv>, cancel: boolean) {
  try {
    await setPlanCancellation(c.var.db, createStripe(c.var.config), c.var.user!.id, cancel);
  } catch (e) {
    if (e instanceof NoPlan) throw notFound("Plan");
    throw e;
  }
  const plan = await currentSubscription(c.var.db, c.var.user!.id);
  if (!plan) throw notFound("Plan");
  return { status: plan.status, cancelAtPeriodEnd: plan.cancelAtPeriodEnd, currentPeriodEnd: plan.currentPeriodEnd ? new Date(plan.currentPeriodEnd).toISOString() : null };
}

export const plan = resource()
  .openapi(planRoute("cancel", "Cancel the monthly plan at the end of the paid period"), async (c) => c.json(await changePlan(c, true), 200))
  .openapi(planRoute("resume", "Keep the monthly plan after all (undo a cancellation)"), async (c) => c.json(await changePlan(c, false), 200));
