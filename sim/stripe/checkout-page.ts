// The hosted Checkout page, simulated: the line items and total, Pay and Cancel. A plain form
// (works without JavaScript); buttons and inputs carry visible labels. Pay comes first in the
// form so that Enter pays; CSS shows Cancel on the left as Stripe does.
import { escapeHtml } from "../core/html.ts";
import type { CheckoutSession, LineItem } from "./objects.ts";

// ISO 4217 currencies Stripe treats as zero-decimal.
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

export function formatAmount(amount: number, currency: string): string {
  const zero = ZERO_DECIMAL.has(currency.toLowerCase());
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(zero ? amount : amount / 100);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f6f9fc;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0002;width:min(440px,92vw)}
table{width:100%;border-collapse:collapse}td,th{padding:.4rem 0;text-align:left}td:last-child,th:last-child{text-align:right}
tfoot th{border-top:1px solid #ccc;font-size:1.1rem}label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input{width:100%;padding:.55rem;font-size:1rem;box-sizing:border-box}.actions{display:flex;flex-direction:row-reverse;gap:.75rem;margin-top:1.5rem}
button{flex:1;padding:.7rem;font-size:1rem;border-radius:6px;cursor:pointer;border:1px solid #635bff}
.pay{background:#635bff;color:#fff}.cancel{background:#fff;color:#635bff}
button:focus-visible,input:focus-visible{outline:3px solid #0a2540;outline-offset:2px}.note{color:#555;font-size:.85rem}`;

export function checkoutPage(s: CheckoutSession, items: LineItem[]): string {
  const currency = s.currency ?? "usd";
  const every = (li: LineItem) => (li.price.recurring ? ` per ${li.price.recurring.interval_count > 1 ? `${li.price.recurring.interval_count} ` : ""}${li.price.recurring.interval}` : "");
  const rows = items
    .map((li) => `<tr><td>${escapeHtml(li.description)} × ${li.quantity}</td><td>${formatAmount(li.amount_total, currency)}${every(li)}</td></tr>`)
    .join("\n");
  const total = s.mode === "setup" ? "" : `<tfoot><tr><th scope="row">Total due today</th><th>${formatAmount(s.amount_total ?? 0, currency)}</th></tr></tfoot>`;
  const email = s.customer_details?.email ?? s.customer_email ?? "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Checkout (simulated Stripe)</title><style>${STYLE}</style></head>
<body><main>
<h1>${s.mode === "subscription" ? "Subscribe" : s.mode === "setup" ? "Save your card" : "Pay"}</h1>
<p class="note">Local Stripe Checkout simulator (test mode): no card needed.</p>
<table aria-label="Order summary"><thead><tr><th scope="col">Item</th><th scope="col">Amount</th></tr></thead>
<tbody>${rows}</tbody>${total}</table>
<form method="post" action="/c/pay/${escapeHtml(s.id)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" value="${escapeHtml(email)}">
<label for="name">Name on card</label>
<input id="name" name="name" type="text" autocomplete="cc-name" value="">
<div class="actions">
<button class="pay" type="submit" name="action" value="pay">Pay</button>
<button class="cancel" type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</div>
</form>
</main></body></html>`;
}

export function closedPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p role="status">${escapeHtml(message)}</p></main></body></html>`;
}
