// The simulators' control API, for tests and benchmarks.
export function control(url: string) {
  const call = async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${url}${path}`, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    if (!r.ok) throw new Error(`control ${method} ${path} → ${r.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    get: <T = unknown>(path: string) => call<T>("GET", path),
    post: <T = unknown>(path: string, body: unknown = {}) => call<T>("POST", path, body),
    del: <T = unknown>(path: string) => call<T>("DELETE", path),
  };
}
