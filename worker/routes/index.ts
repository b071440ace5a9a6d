// Every authenticated JSON resource, mounted on one OpenAPI app so /api/openapi.json lists
// them all (the tenant-isolation test walks that list).
import { jsonOnly } from "../middleware/content-type.ts";
import { sameOrigin } from "../middleware/origin.ts";
import { requireUser, session } from "../middleware/session.ts";
import { resource } from "../openapi.ts";
import { adminCalls } from "./admin-calls.ts";
import { adminMoney } from "./admin-money.ts";
import { checkout, plan } from "./billing-checkout.ts";
import { billing } from "./billing.ts";
import { calls } from "./calls.ts";
import { me } from "./me.ts";
import { memories } from "./memories.ts";
import { personas } from "./personas.ts";
import { phoneNumbers } from "./phone-numbers.ts";
import { schedules } from "./schedules.ts";
import { voices } from "./voices.ts";

export const api = resource();
api.use("*", sameOrigin, jsonOnly, session, requireUser);
api.route("/me", me);
api.route("/calls", calls);
api.route("/personas", personas);
api.route("/memories", memories);
api.route("/voices", voices);
api.route("/phone-numbers", phoneNumbers);
api.route("/schedules", schedules);
api.route("/admin/calls", adminCalls);
api.route("/billing", billing);
api.route("/billing/checkout", checkout);
api.route("/billing/plan", plan);
api.route("/admin/money", adminMoney);

export function openapiDocument(appUrl: string) {
  return api.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "Call Me Back API", version: "1.0.0", description: "Cookie-authenticated JSON API of the Call Me Back app." },
    servers: [{ url: `${appUrl}/api` }],
  });
}
