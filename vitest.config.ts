import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-plugin";

// One `npm test`, three kinds of tests, run in two groups:
//  1. "node": pure logic, database (PGlite through the Neon driver), simulators driven by the
//     providers' official SDKs, and the web app's server-side modules. Some of these measure
//     the simulators' own timing, so they run first, on their own.
//  2. "workers" (the API worker and Durable Objects inside workerd via the vitest plugin) and
//     "integration" (whole calls through the real worker on a real port, against the
//     simulators). Calls happen in real time and mostly wait, so several files run at once.
const NODE_SUITES = ["test/unit/**/*.test.ts", "test/db/**/*.test.ts", "test/sim/**/*.test.ts", "test/web/**/*.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: NODE_SUITES,
          globalSetup: ["test/setup/global-node.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: "integration",
          environment: "node",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          maxWorkers: 4,
          sequence: { groupOrder: 2 },
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: inject("workerBindings") },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          globalSetup: ["test/setup/global-workers.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Same group as "integration", so the same worker count (vitest requires it).
          maxWorkers: 4,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
