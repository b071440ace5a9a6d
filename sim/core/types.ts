import type { ProviderName, SimCredentials, SimUrls } from "../config.ts";
import type { Faults } from "./faults.ts";
import type { Latency } from "./latency.ts";
import type { Recorder } from "./recorder.ts";
import type { SimHandlers } from "./server.ts";

export interface ControlInput {
  // Control bodies are whatever JSON the test sent; each route validates its own.
  body: Record<string, unknown>;
  query: URLSearchParams;
}

export type ControlRoute = (input: ControlInput) => unknown | Promise<unknown>;

/** What each provider module gives the orchestrator. */
export interface ProviderSim {
  name: ProviderName;
  handlers: SimHandlers;
  /** JSON-able state for GET /state and GET /{name}/state on the control port. */
  state(): unknown;
  /** Forget recorded state and scenarios (open sockets stay open). */
  reset(): void;
  /** Scenario and inspection routes, mounted at /{name}/{route} on the control port (GET or POST). */
  control: Record<string, ControlRoute>;
  close?(): Promise<void>;
}

export interface SimContext {
  name: ProviderName;
  latency: Latency;
  faults: Faults;
  recorder: Recorder;
  credentials: SimCredentials;
  /** Base URLs of every simulator (valid once all listen). */
  urls(): SimUrls;
}
