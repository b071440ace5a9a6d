import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// One origin in development too: /api (HTTP and WebSocket) goes to `wrangler dev`.
const api = process.env.API_ORIGIN ?? "http://127.0.0.1:8787";

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: { "/api": { target: api, ws: true, changeOrigin: false } },
    fs: { allow: [".."] },
  },
  preview: { proxy: { "/api": { target: api, ws: true, changeOrigin: false } } },
});
