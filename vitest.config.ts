import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-plugin";

// Two kinds of tests, one `npm test`:
//  - node: pure logic, database (PGlite through the Neon driver), simulators driven by the
//    providers' official SDKs, and the web app's server-side modules;
//  - workers: the API worker and Durable Objects inside workerd, against a migrated PGlite
//    and the simulators, which the global setup starts on free ports.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/unit/**/*.test.ts", "test/db/**/*.test.ts", "test/sim/**/*.test.ts", "test/web/**/*.test.ts", "test/integration/**/*.test.ts"],
          globalSetup: ["test/setup/global-node.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
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
        },
      },
    ],
  },
});
