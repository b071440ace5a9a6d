// `npm run sim`: start every simulator, print one JSON line of their URLs once all listen,
// stop cleanly on SIGINT/SIGTERM.
import { startSimulators } from "./index.ts";

const profile = process.env.SIM_PROFILE === "published" ? "published" : "zero";
try {
  const sims = await startSimulators({ profile });
  process.stdout.write(JSON.stringify(sims.urls) + "\n");
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sims.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (e) {
  process.stderr.write(`sim: ${(e as Error).message}\n`);
  process.exit(1);
}
