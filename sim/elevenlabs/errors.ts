// ElevenLabs' HTTP error bodies: {"detail": {type, code, message, status, request_id}} (status is
// the legacy mirror of code), and FastAPI's 422 list for request validation.
import { randomBytes } from "node:crypto";

export interface ApiError {
  status: number;
  body: unknown;
}

export function detail(status: number, type: string, code: string, message: string, legacyStatus = code): ApiError {
  return { status, body: { detail: { type, code, message, status: legacyStatus, request_id: randomBytes(16).toString("hex") } } };
}

export const ERR = {
  missingKey: () => detail(401, "authentication_error", "unauthorized", "Neither authorization header nor xi-api-key received, please provide one.", "needs_authorization"),
  invalidKey: () => detail(401, "authentication_error", "unauthorized", "Invalid API key", "invalid_api_key"),
  voiceNotFound: (id: string) => detail(404, "not_found", "voice_not_found", `A voice with voice_id '${id}' was not found.`),
  modelNotFound: (id: string) => detail(400, "validation_error", "model_not_found", `A model with model_id '${id}' was not found.`),
  outputFormat: (code: string, message: string) => detail(400, "validation_error", code, message),
  emptyText: () => detail(400, "validation_error", "empty_text", "Text must not be empty."),
  notFound: () => ({ status: 404, body: { detail: "Not Found" } }),
  server: (status: number, message: string) => detail(status, "internal_error", "internal_error", message),
};

/** FastAPI/pydantic validation error (runs before authentication on the real service). */
export function validation(loc: Array<string | number>, type: string, msg: string, input: unknown): ApiError {
  return { status: 422, body: { detail: [{ type, loc, msg, input: input ?? null }] } };
}
