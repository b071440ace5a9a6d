// Stripe's error envelope {"error":{type, code?, param?, message, doc_url?, request_log_url?}}
// and the one error class the handlers throw, so a route can simply `throw` a Stripe error.

export type StripeErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

export class StripeApiError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code?: string;
  readonly param?: string;
  constructor(status: number, type: StripeErrorType, message: string, opts: { code?: string; param?: string } = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = opts.code;
    this.param = opts.param;
  }

  body(requestId: string) {
    const error: Record<string, string> = { type: this.type, message: this.message };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}`;
    }
    if (this.param) error.param = this.param;
    error.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}?t=${Math.floor(Date.now() / 1000)}`;
    return { error };
  }
}

export const missingParam = (param: string) => new StripeApiError(400, "invalid_request_error", `Missing required param: ${param}.`, { code: "parameter_missing", param });

export const invalidParam = (param: string, message: string) => new StripeApiError(400, "invalid_request_error", message, { code: "parameter_invalid_empty", param });

export const unknownParam = (param: string) => new StripeApiError(400, "invalid_request_error", `Received unknown parameter: ${param}`, { code: "parameter_unknown", param });

/** A missing object: 404 when it is the one in the URL, 400 when a parameter names it. */
export const noSuch = (what: string, id: string, param = "id") =>
  new StripeApiError(param === "id" ? 404 : 400, "invalid_request_error", `No such ${what}: '${id}'`, { code: "resource_missing", param });

export const badKey = (key: string) =>
  new StripeApiError(401, "invalid_request_error", `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`);

export const noKey = () =>
  new StripeApiError(
    401,
    "invalid_request_error",
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
  );

export const unrecognizedUrl = (method: string, path: string) =>
  new StripeApiError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`);
