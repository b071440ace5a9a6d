// The money rules in words, from the numbers in core/pricing.ts: the billing page, the call
// form and the API all state the same sentences, so what people read is what the code does.
import { EXTENSION, formatCents, PER_MINUTE, WELCOME_GRANT_CENTS, type PricingModel } from "../pricing.ts";

export interface MoneyRule {
  id: "reserve" | "unanswered" | "early_end" | "extension" | "welcome" | "refunds" | "budget";
  text: string;
}

export function moneyRules(model: PricingModel): MoneyRule[] {
  const price = model === "per_minute" ? `${formatCents(PER_MINUTE.connectionCents)} to connect plus ${formatCents(PER_MINUTE.perMinuteCents)} a minute of the length you choose` : "the price of the length you choose";
  return [
    { id: "reserve", text: `Placing a call reserves ${price} from your balance. If the call is answered, that amount is charged.` },
    { id: "unanswered", text: "Unanswered, busy, voicemail or a call that can't be connected: the reservation is released in full and nothing is charged." },
    {
      id: "early_end",
      text: "A call that ends early — you hang up or say goodbye before the time is up — costs its full price; unused minutes are not refunded. If a call breaks on our side in its first half, it costs nothing.",
    },
    {
      id: "extension",
      text: `About a minute before the end you're offered ${EXTENSION.seconds / 60} more minutes for ${formatCents(EXTENSION.cents)}: say yes, or press the button on the live call page. It is charged once, even if you accept twice.`,
    },
    { id: "welcome", text: `Your first call is on us: new accounts start with ${formatCents(WELCOME_GRANT_CENTS)} of credit, no card needed.` },
    {
      id: "refunds",
      text: "A refunded or disputed payment takes its credits back. If that leaves your balance below zero, calls (scheduled ones too) are blocked until you top up.",
    },
    {
      id: "budget",
      text: "With a monthly budget set, a call or extension that would take this month's spending (the calendar month in your time zone) past it is refused — scheduled calls too.",
    },
  ];
}
