// Runs before `npm start`, `npm test` and friends on whatever Node is on the machine
// (often 20): installs dependencies when they are missing or older than package-lock.json,
// so a fresh clone needs nothing but Node and npm. The project's own Node 22 (the `node`
// package) then comes first on PATH for every npm script.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const marker = join(root, "node_modules", ".package-lock.json");
const lock = join(root, "package-lock.json");
const node22 = join(root, "node_modules", ".bin", "node");

const stale = !existsSync(marker) || !existsSync(node22) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  console.log("[setup] installing dependencies (npm ci)…");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
