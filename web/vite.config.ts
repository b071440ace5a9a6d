import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// One origin in development too: /api (HTTP and WebSocket) goes to `wrangler dev`.
const api = process.env.API_ORIGIN ?? "http://127.0.0.1:8787";

export default defineConfig({
  plugins: [sveltekit()],
  // Pre-bundle client dependencies that only some pages import: discovered late, they make the
  // dev server reload the page mid-session (a lost click in a browser test, a dropped call).
  optimizeDeps: { include: ["partysocket"] },
  // Tests give each dev server its own cache: servers sharing node_modules/.vite rewrite each
  // other's pre-bundled deps, and a page holding the old ones reloads mid-test.
  cacheDir: process.env.VITE_CACHE_DIR || undefined,
  server: {
    // Tests run the dev server over a working tree others may be editing: no live reloads there.
    hmr: process.env.WEB_HMR === "off" ? false : undefined,
    proxy: { "/api": { target: api, ws: true, changeOrigin: false } },
    fs: { allow: [".."] },
  },
  preview: { proxy: { "/api": { target: api, ws: true, changeOrigin: false } } },
});
