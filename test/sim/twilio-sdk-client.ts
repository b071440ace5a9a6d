// twilio-node, unmodified, pointed at the simulator through its documented `httpClient`
// option: a RequestClient that only swaps the api/verify.twilio.com origin for the sim's.
import twilio from "twilio";
import type IRequestClient from "twilio/lib/base/RequestClient";

export function simTwilioClient(simUrl: string, accountSid: string, authToken: string): twilio.Twilio {
  class SimRequestClient extends twilio.RequestClient {
    override request<TData>(opts: IRequestClient.RequestOptions<TData>) {
      return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/(api|verify)\.twilio\.com/, simUrl) });
    }
  }
  return twilio(accountSid, authToken, { httpClient: new SimRequestClient() });
}
