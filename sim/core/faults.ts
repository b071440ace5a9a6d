// Fault injection, armed through the control API and consumed by the simulators at the
// points where a real provider fails: accepting a connection, answering a request, and
// in the middle of a stream.

export type FaultMode =
  | "5xx" //      answer an HTTP request (or a WebSocket upgrade) with the provider's 5xx body
  | "hang" //     accept, then never answer (until the client gives up)
  | "slow" //     answer, but only after `delayMs`
  | "drop" //     close the socket / cut the stream after `afterMessages` or `afterMs`
  | "refuse"; //  destroy the TCP connection at once, as if nothing listened

export interface FaultSpec {
  mode: FaultMode;
  /** Only requests whose path contains this substring (default: any). */
  match?: string;
  /** Apply this many times, then disarm (default 1; 0 = until cleared). */
  count?: number;
  /** 0..1 chance each opportunity takes it (default 1). */
  probability?: number;
  /** slow: added delay (default 2000). */
  delayMs?: number;
  /** drop: cut after this many outbound messages (default 1) ... */
  afterMessages?: number;
  /** ... or after this long (takes precedence when set). */
  afterMs?: number;
  /** 5xx: status code (default 500). */
  status?: number;
}

export interface ArmedFault extends FaultSpec {
  id: number;
  used: number;
}

const MODES: readonly FaultMode[] = ["5xx", "hang", "slow", "drop", "refuse"];

export class Faults {
  private armed: ArmedFault[] = [];
  private nextId = 1;
  /** Every fault that fired, for tests to read back. */
  readonly fired: Array<{ id: number; mode: FaultMode; path: string; at: number }> = [];

  arm(spec: FaultSpec): ArmedFault {
    if (!MODES.includes(spec.mode)) throw new Error(`unknown fault mode "${String(spec.mode)}" (known: ${MODES.join(", ")})`);
    const f: ArmedFault = { count: 1, probability: 1, ...spec, id: this.nextId++, used: 0 };
    this.armed.push(f);
    return f;
  }

  clear(): void {
    this.armed = [];
  }

  list(): ArmedFault[] {
    return this.armed.map((f) => ({ ...f }));
  }

  /**
   * Take the first armed fault of one of `modes` that matches `path`, if any.
   * A simulator calls this at each opportunity: on connect with ["refuse"], on a request
   * with ["5xx","hang","slow"], when a stream starts with ["drop"].
   */
  take(path: string, modes: readonly FaultMode[]): ArmedFault | undefined {
    for (const f of this.armed) {
      if (!modes.includes(f.mode)) continue;
      if (f.match && !path.includes(f.match)) continue;
      if ((f.probability ?? 1) < 1 && Math.random() >= (f.probability ?? 1)) continue;
      f.used++;
      if (f.count && f.used >= f.count) this.armed.splice(this.armed.indexOf(f), 1);
      this.fired.push({ id: f.id, mode: f.mode, path, at: Date.now() });
      return { ...f };
    }
    return undefined;
  }
}
