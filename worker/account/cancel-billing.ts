// Account deletion, billing's part: a plan that keeps renewing would keep charging a card
// whose account — and credits — are gone. Ended at Stripe before the rows cascade away.
import { cancelPlansNow } from "../../core/billing/checkout.ts";
import { createStripe } from "../../core/providers/stripe.ts";
import type { AccountDeletionHook } from "./deletion-hooks.ts";

export const cancelBilling: AccountDeletionHook = {
  name: "cancel the monthly plan",
  run: ({ config, db, userId }) => cancelPlansNow(db, createStripe(config), userId),
};
