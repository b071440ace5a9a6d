// The hosted AuthKit page, simulated: type any email and name, press Continue. Works without
// JavaScript (a plain form POST), every input has a visible label.

import { escapeHtml } from "../core/html.ts";

const STYLE = `body{font-family:system-ui,sans-serif;background:#f6f6f8;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0002;width:min(360px,90vw)}
label{display:block;margin:1rem 0 .25rem;font-weight:600}input{width:100%;padding:.6rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.5rem;width:100%;padding:.7rem;font-size:1rem;background:#6363f1;color:#fff;border:0;border-radius:6px;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #1a1aa8;outline-offset:2px}
.note{color:#555;font-size:.85rem}.error{color:#b00020}`;

export interface SignInView {
  requestId: string;
  signUp: boolean;
  email?: string;
  name?: string;
  error?: string;
}

export function signInPage(v: SignInView): string {
  const title = v.signUp ? "Create your account" : "Sign in";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · AuthKit (simulated)</title><style>${STYLE}</style></head>
<body><main>
<h1>${title}</h1>
<p class="note">Local WorkOS AuthKit simulator: any email signs in, no password or code needed.</p>
${v.error ? `<p class="error" role="alert">${escapeHtml(v.error)}</p>` : ""}
<form method="post" action="/sign-in">
<input type="hidden" name="request" value="${escapeHtml(v.requestId)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(v.email ?? "")}">
<label for="name">Name</label>
<input id="name" name="name" type="text" autocomplete="name" value="${escapeHtml(v.name ?? "")}">
<button type="submit">Continue</button>
</form>
</main></body></html>`;
}

export function messagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · AuthKit (simulated)</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p role="status">${escapeHtml(message)}</p></main></body></html>`;
}
