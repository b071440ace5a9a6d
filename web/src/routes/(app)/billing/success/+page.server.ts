// Back from Stripe Checkout. Asking the API for the checkout's status also fulfils it when
// Stripe says it's paid (the same idempotent path as the webhook), so the credits are there
// even if the webhook is still on its way.
import { error } from "@sveltejs/kit";
import { api } from "$lib/server/api.ts";
import type { PageServerLoad } from "./$types";

interface Status {
  paymentId: string;
  product: string;
  status: string;
  credits: number;
  balanceCents: number;
}

const isStatus = (v: unknown): v is Status => typeof v === "object" && v !== null && "status" in v && "balanceCents" in v && "credits" in v;

export const load: PageServerLoad = async (event) => {
  const id = event.url.searchParams.get("session_id") ?? "";
  if (!/^cs_[A-Za-z0-9_]{1,200}$/.test(id)) error(404, { message: "This checkout link isn't valid." });
  const r = await api(event).get(`/billing/checkout/${id}`);
  if (!r.ok) error(r.status === 404 ? 404 : 502, { message: r.status === 404 ? "We can't find this checkout." : r.message });
  if (!isStatus(r.data)) error(502, { message: "Unexpected answer from the billing service." });
  return { checkout: r.data };
};
