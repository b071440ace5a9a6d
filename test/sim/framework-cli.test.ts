// `npm run sim` (node sim/main.ts): one JSON line with the seven URLs within 10 s, a clean exit
// on SIGINT and SIGTERM that frees every port, and a named error when a port is taken.
import { type ChildProcess, spawn } from "node:child_process";
import { type Server, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NAMES = ["twilio", "deepgram", "cerebras", "elevenlabs", "workos", "stripe", "control"] as const;

async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    servers.push(s);
    ports.push((s.address() as { port: number }).port);
  }
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });

function startSim(ports: number[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  NAMES.forEach((n, i) => (env[`SIM_${n.toUpperCase()}_PORT`] = String(ports[i])));
  const child = spawn(process.execPath, ["sim/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function firstLine(read: () => string, within: number): Promise<string> {
  const until = Date.now() + within;
  while (!read().includes("\n")) {
    if (Date.now() > until) throw new Error(`no line within ${within} ms; got ${JSON.stringify(read())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return read();
}

describe.each(["SIGINT", "SIGTERM"] as const)("npm run sim, stopped with %s", (signal) => {
  it("prints exactly one JSON line with the seven URLs within 10 s, then exits 0 and frees its ports", async () => {
    const ports = await freePorts(NAMES.length);
    const sim = startSim(ports);
    const t0 = Date.now();
    try {
      await firstLine(sim.stdout, 10_000);
      expect(Date.now() - t0).toBeLessThan(10_000);
      await new Promise((r) => setTimeout(r, 200));
      const lines = sim.stdout().split("\n").filter(Boolean);
      expect(lines).toHaveLength(1);
      const urls = JSON.parse(lines[0]) as Record<string, string>;
      expect(Object.keys(urls).sort()).toEqual([...NAMES].sort());
      NAMES.forEach((n, i) => expect(urls[n]).toBe(`http://127.0.0.1:${ports[i]}`));
      expect(await (await fetch(`${urls.control}/health`)).json()).toEqual({ ok: true });
      expect((await fetch(`${urls.cerebras}/v1/tcp_warming`)).status).toBe(200);
    } finally {
      sim.child.kill(signal);
    }
    expect(await sim.exit).toBe(0);
    for (const p of ports) expect(await canListen(p)).toBe(true);
  }, 20_000);
});

describe("npm run sim with a port already taken", () => {
  it("exits non-zero and names the simulator and the port", async () => {
    const ports = await freePorts(NAMES.length);
    const blocker = createServer();
    const taken = ports[NAMES.indexOf("cerebras")];
    await new Promise<void>((r) => blocker.listen(taken, "127.0.0.1", () => r()));
    try {
      const sim = startSim(ports);
      const code = await Promise.race([sim.exit, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000))]);
      if (code === "timeout") sim.child.kill("SIGKILL");
      expect(code).not.toBe(0);
      expect(code).not.toBe("timeout");
      expect(sim.stderr()).toContain(`simulator "cerebras": port ${taken} is already in use`);
      expect(sim.stdout()).toBe("");
      // Everything it had started is closed again.
      for (const p of ports.filter((p) => p !== taken)) expect(await canListen(p)).toBe(true);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 20_000);
});
