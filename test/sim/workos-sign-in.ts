// Drives the simulated AuthKit page the way a browser would, with plain fetch: follow the
// authorize redirect, read the form, submit it, and return where AuthKit sends the user back.
export async function signInThroughPage(authorizeUrl: string, email: string, name = "Ada Lovelace"): Promise<URL> {
  const start = await fetch(authorizeUrl, { redirect: "manual" });
  if (start.status !== 302) throw new Error(`authorize answered ${start.status}: ${await start.text()}`);
  const pageUrl = new URL(start.headers.get("location") ?? "", authorizeUrl);
  const html = await (await fetch(pageUrl)).text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const hidden = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]] as [string, string]);
  if (!action) throw new Error("no form on the sign-in page");
  const form = new URLSearchParams([...hidden, ["email", email], ["name", name]]);
  const done = await fetch(new URL(action, pageUrl), { method: "POST", body: form, redirect: "manual" });
  if (done.status !== 302) throw new Error(`sign-in answered ${done.status}`);
  return new URL(done.headers.get("location") ?? "");
}
