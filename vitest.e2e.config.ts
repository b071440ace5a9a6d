import { defineConfig } from "vitest/config";

// Browser tests: the whole product (PGlite, simulators, API worker in workerd, SvelteKit dev
// server) driven through Debian's Chromium with playwright-core.
export default defineConfig({
  test: {
    name: "e2e",
    environment: "node",
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
