// Cerebras error bodies. HTTP errors are flat objects (not OpenAI's {"error":{…}} envelope);
// mid-stream errors are an SSE data object {"error":{…},"status_code":N} that the SDK turns
// into an APIError of that status.

export interface CerebrasError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export const wrongApiKey = (): CerebrasError => ({ message: "Wrong API Key", type: "invalid_request_error", param: "api_key", code: "wrong_api_key" });

/** FastAPI's HTTPBearer answer when the Authorization header is absent. */
export const notAuthenticated = () => ({ detail: "Not authenticated" });

export const modelNotFound = (model: string): CerebrasError => ({
  message: `Model ${model} does not exist or you do not have access to it.`,
  type: "not_found_error",
  param: "model",
  code: "model_not_found",
});

export const validationError = (message: string, param = "validation_error"): CerebrasError => ({
  message,
  type: "invalid_request_error",
  param,
  code: "wrong_api_format",
});

export const rateLimited = (kind: "requests" | "tokens"): CerebrasError =>
  kind === "requests"
    ? { message: "Requests per minute limit exceeded - too many requests sent.", type: "too_many_requests_error", param: "quota", code: "request_quota_exceeded" }
    : { message: "Tokens per minute limit exceeded - too many tokens processed.", type: "too_many_requests_error", param: "quota", code: "token_quota_exceeded" };

export function errorForStatus(status: number, message: string): CerebrasError {
  if (status === 429) return rateLimited("requests");
  if (status === 503) return { message: "Service temporarily unavailable, please retry.", type: "server_error", param: null, code: "service_unavailable" };
  if (status >= 500) return { message, type: "server_error", param: null, code: "internal_server_error" };
  if (status === 404) return { message, type: "not_found_error", param: null, code: "not_found" };
  return { message, type: "invalid_request_error", param: null, code: null };
}

export const streamError = (status: number, message: string) => ({
  error: { message, type: status >= 500 ? "server_error" : "invalid_request_error", code: status >= 500 ? "internal_server_error" : null, param: null, id: null },
  status_code: status,
});
