// Twilio's REST error body {code, message, more_info, status} and the codes the simulator
// answers with. One error class so every handler maps failures in one place (index.ts).

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
  detail?: string;
}

export class TwilioError extends Error {
  readonly status: number;
  readonly code: number;
  readonly detail?: string;
  constructor(status: number, code: number, message: string, detail?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  body(): TwilioErrorBody {
    const b: TwilioErrorBody = { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
    if (this.detail) b.detail = this.detail;
    return b;
  }
}

export function errorBody(status: number, code: number, message: string): TwilioErrorBody {
  return new TwilioError(status, code, message).body();
}

// The real API answers a wrong Account SID / token with this exact body (message "Authenticate").
export const authError = () => new TwilioError(401, 20003, "Authenticate", "Your AccountSid or AuthToken was incorrect.");
export const notFound = (path: string) => new TwilioError(404, 20404, `The requested resource ${path} was not found`);
export const methodNotAllowed = () => new TwilioError(405, 20004, "Method not allowed");
