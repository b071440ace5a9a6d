// WorkOS error bodies. OAuth-style failures carry `error` + `error_description` (the SDK turns
// them into OauthException, whose `error` drives sealed-session refresh outcomes); API errors
// carry `message` (+ `code`), and every response has an X-Request-ID header.
import type { ServerResponse } from "node:http";
import { sendJson } from "../core/server.ts";
import { newId } from "./ids.ts";

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, status, body, { "x-request-id": newId("req").slice(4).toLowerCase(), ...headers });
}

export const oauthError = (error: string, description: string) => ({ error, error_description: description });

export const unauthorized = () => ({ message: "Unauthorized" });

export const notFound = (entity: string, id: string) => ({ code: "entity_not_found", entity_id: id, message: `${entity} not found: '${id}'.` });

export function errorForStatus(status: number, message: string): { message: string; code?: string } {
  if (status === 429) return { message: "Too many requests", code: "rate_limit_exceeded" };
  if (status >= 500) return { message: status === 503 ? "Service Unavailable" : "Internal Server Error" };
  return { message };
}
