import adapter from "@sveltejs/adapter-cloudflare";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ config: "wrangler.toml" }),
    alias: { $core: "../core", $sim: "../sim" },
    // Forms post to the app's own origin only (SvelteKit's CSRF check on form actions).
    csrf: { trustedOrigins: [] },
  },
};
