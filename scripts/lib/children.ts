// Child processes with one prefixed line stream each, started in their own process group so
// that stopping kills grandchildren too (wrangler → workerd, vite → esbuild).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

const COLORS = [36, 35, 33, 32, 34, 31];
let nextColor = 0;

export function prefixer(name: string): (line: string) => void {
  const color = COLORS[nextColor++ % COLORS.length];
  const tag = process.stdout.isTTY ? `\x1b[${color}m[${name}]\x1b[0m` : `[${name}]`;
  return (line) => {
    if (line.trim()) process.stdout.write(`${tag} ${line}\n`);
  };
}

export interface Child {
  name: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startChild(name: string, cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Child {
  const proc = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const log = prefixer(name);
  createInterface({ input: proc.stdout! }).on("line", log);
  createInterface({ input: proc.stderr! }).on("line", log);
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return {
    name,
    proc,
    exited,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      killGroup(proc, "SIGTERM");
      const t = setTimeout(() => killGroup(proc, "SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
      killGroup(proc, "SIGKILL"); // stragglers in the group
    },
  };
}

function killGroup(proc: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (proc.pid) process.kill(-proc.pid, signal);
  } catch {
    /* already gone */
  }
}
