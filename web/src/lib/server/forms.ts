// Form actions in one shape: read fields as text, call the API, and turn its error into
// `fail(status, { error, fields })` that the page shows next to the right inputs.
import { fail, type ActionFailure } from "@sveltejs/kit";
import type { ApiResult } from "./api.ts";

export interface FormError {
  /** The message for the whole form (shown in an alert). */
  message: string;
  code: string;
  /** Per-field messages, keyed by the API's field path ("name", "systemPrompt"). */
  fields: Record<string, string>;
}

export type FormFailure = ActionFailure<{ error: FormError; values: Record<string, string> }>;

/**
 * A text field as typed. Browsers submit a textarea's line breaks as CRLF whatever the user
 * typed, so CRLF becomes LF; nothing else is touched (no trimming: text round-trips exactly).
 */
export function text(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === "string" ? v.replace(/\r\n/g, "\n") : "";
}

/** A field that may be left empty: undefined when blank. */
export function optionalText(data: FormData, name: string): string | undefined {
  const v = text(data, name);
  return v === "" ? undefined : v;
}

export function checkbox(data: FormData, name: string): boolean {
  const v = data.get(name);
  return v === "on" || v === "true" || v === "1";
}

/** The API's error as form feedback, with the submitted values so the form keeps them. */
export function apiFailure(r: Extract<ApiResult, { ok: false }>, values: Record<string, string> = {}): FormFailure {
  const fields: Record<string, string> = {};
  const issues = typeof r.details === "object" && r.details !== null && "issues" in r.details ? r.details.issues : undefined;
  if (Array.isArray(issues)) {
    for (const i of issues) {
      if (typeof i === "object" && i !== null && "path" in i && "message" in i && typeof i.path === "string" && typeof i.message === "string" && i.path && !fields[i.path]) {
        fields[i.path] = i.message;
      }
    }
  }
  const status = r.status >= 400 && r.status < 600 ? r.status : 400;
  return fail(status, { error: { message: r.message, code: r.code, fields }, values });
}

/** A failure the page itself detected (before calling the API). */
export function formFailure(status: number, message: string, fields: Record<string, string> = {}, values: Record<string, string> = {}): FormFailure {
  return fail(status, { error: { message, code: "invalid_request", fields }, values });
}
