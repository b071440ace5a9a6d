// Errors the API answers with. Handlers throw these; app.onError maps every error to
// {"error":{"code","message"}} in one place, so a client never sees a stack or a 5xx for
// something it did wrong.
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details?: unknown;
  constructor(status: ContentfulStatusCode, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new ApiError(400, code, message, details);
export const unauthorized = (message = "Sign in to continue.") => new ApiError(401, "unauthorized", message);
export const forbidden = (code: string, message: string) => new ApiError(403, code, message);
export const notFound = (what = "Resource") => new ApiError(404, "not_found", `${what} not found.`);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);
export const paymentRequired = (code: string, message: string) => new ApiError(402, code, message);
export const tooManyRequests = (message: string, retryAfterSeconds?: number) =>
  new ApiError(429, "rate_limited", message, retryAfterSeconds === undefined ? undefined : { retryAfterSeconds });
export const unavailable = (code: string, message: string) => new ApiError(503, code, message);
