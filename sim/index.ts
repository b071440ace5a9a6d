// Starts every provider simulator on loopback plus the control API, and returns their URLs.
// Used by `npm run sim`, `npm start`, the test setups and the benchmarks.
import type { AddressInfo } from "node:net";
import { PROVIDERS, portFromEnv, simCredentials, type ProviderName, type SimUrls } from "./config.ts";
import { createControlServer, type ControlDeps } from "./core/control.ts";
import { Faults } from "./core/faults.ts";
import { Latency, type ProfileName } from "./core/latency.ts";
import { Recorder } from "./core/recorder.ts";
import { startSimServer } from "./core/server.ts";
import type { ProviderSim, SimContext } from "./core/types.ts";
import { createTwilioSim } from "./twilio/index.ts";
import { createDeepgramSim } from "./deepgram/index.ts";
import { createCerebrasSim } from "./cerebras/index.ts";
import { createElevenLabsSim } from "./elevenlabs/index.ts";
import { createWorkosSim } from "./workos/index.ts";
import { createStripeSim } from "./stripe/index.ts";

const FACTORIES: Record<ProviderName, (ctx: SimContext) => ProviderSim> = {
  twilio: createTwilioSim,
  deepgram: createDeepgramSim,
  cerebras: createCerebrasSim,
  elevenlabs: createElevenLabsSim,
  workos: createWorkosSim,
  stripe: createStripeSim,
};

export interface StartOptions {
  /** Port per simulator; 0 = any free port. Defaults come from SIM_<NAME>_PORT or DEFAULT_PORTS. */
  ports?: Partial<Record<ProviderName | "control", number>>;
  /** Use free ports everywhere (tests). */
  ephemeral?: boolean;
  profile?: ProfileName;
  host?: string;
}

export interface Simulators {
  urls: SimUrls;
  close(): Promise<void>;
}

export async function startSimulators(opts: StartOptions = {}): Promise<Simulators> {
  const host = opts.host ?? "127.0.0.1";
  const portOf = (n: ProviderName | "control") => opts.ports?.[n] ?? (opts.ephemeral ? 0 : portFromEnv(n));
  const latency = new Latency(opts.profile ?? "zero");
  const credentials = simCredentials();
  const urls = {} as SimUrls;
  const sims: ControlDeps["sims"] = new Map();
  const started: Array<() => Promise<void>> = [];
  try {
    for (const name of PROVIDERS) {
      const faults = new Faults();
      const recorder = new Recorder();
      const ctx: SimContext = { name, latency, faults, recorder, credentials, urls: () => urls };
      const sim = FACTORIES[name](ctx);
      const running = await startSimServer({ name, latency, faults, recorder, host, port: portOf(name) }, sim.handlers).catch((e: NodeJS.ErrnoException) => {
        throw portError(name, portOf(name), e);
      });
      started.push(async () => {
        await sim.close?.();
        await running.close();
      });
      urls[name] = running.url;
      sims.set(name, { sim, running, faults, recorder });
    }
    const control = createControlServer({ latency, defaultProfile: opts.profile ?? "zero", sims });
    await new Promise<void>((resolve, reject) => {
      control.once("error", (e: NodeJS.ErrnoException) => reject(portError("control", portOf("control"), e)));
      control.listen(portOf("control"), host, () => resolve());
    });
    started.push(
      () =>
        new Promise<void>((r) => {
          control.closeAllConnections();
          control.close(() => r());
        }),
    );
    urls.control = `http://${host}:${(control.address() as AddressInfo).port}`;
  } catch (e) {
    for (const stop of started.reverse()) await stop().catch(() => {});
    throw e;
  }
  return {
    urls,
    async close() {
      for (const stop of started.reverse()) await stop().catch(() => {});
    },
  };
}

function portError(name: string, port: number, e: NodeJS.ErrnoException): Error {
  if (e.code === "EADDRINUSE") return new Error(`simulator "${name}": port ${port} is already in use (set SIM_${name.toUpperCase()}_PORT to move it)`);
  return e;
}
