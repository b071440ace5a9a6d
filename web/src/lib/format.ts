// How the app writes dates, durations, statuses and money for people. Pure; used by pages.

export function formatDateTime(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC";
  }
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m ? `${m} min ${String(s).padStart(2, "0")} s` : `${s} s`;
}

const STATUS: Record<string, string> = {
  queued: "Queued",
  initiated: "Dialling",
  ringing: "Ringing",
  in_progress: "In progress",
  completed: "Ended",
  busy: "Busy",
  no_answer: "No answer",
  failed: "Failed",
  canceled: "Canceled",
};

export function statusLabel(status: string): string {
  return STATUS[status] ?? status;
}

const REASONS: Record<string, string> = {
  caller_hung_up: "you hung up",
  hung_up_in_app: "hung up in the app",
  time_limit: "time was up",
  goodbye: "said goodbye",
  caller_goodbye: "said goodbye",
  silence: "the line was silent",
  voicemail: "voicemail answered",
  no_media: "the line went silent",
  provider_error: "a problem on our side",
  dial_failed: "the call could not be placed",
  reconnect_limit: "the line kept dropping",
  account_deleted: "account deleted",
  web_not_joined: "the browser never joined",
  no_answer: "not answered",
  unknown_to_twilio: "the phone network lost the call",
  status_unknown: "the phone network never said what happened",
};

export function reasonLabel(reason: string | null | undefined): string {
  if (!reason) return "";
  return REASONS[reason] ?? reason.replace(/_/g, " ");
}

/** Provider costs are micro-dollars; show them to a tenth of a cent. */
export function formatMicroUsd(micro: number): string {
  return `$${(micro / 1_000_000).toFixed(micro < 10_000 ? 4 : 3)}`;
}
