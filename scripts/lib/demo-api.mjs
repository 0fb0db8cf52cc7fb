/**
 * What the demo-data loaders share: calls to the public API (JSON, an Idempotency-Key on every
 * POST), signing in as a demo account, and waiting for what arrives over Kafka a moment later.
 */
export const DEMO_PASSWORD = 'GoodLoop-demo-2026';
let keySeq = 0;

export async function call(base, method, path, { token, body } = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'POST' ? { 'idempotency-key': `demo-${Date.now()}-${keySeq++}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return json;
}

/** Signs in as `<who>@demo.goodloop.local`: the token and `GET /me`. */
export async function login(base, who) {
  const { accessToken } = await call(base, 'POST', '/auth/login', {
    body: { email: `${who}@demo.goodloop.local`, password: DEMO_PASSWORD },
  });
  const me = await call(base, 'GET', '/me', { token: accessToken });
  return { token: accessToken, me };
}

/** Calls `read` until `done(value)`; fails naming `what` after `timeoutMs`. */
export async function until(what, read, done, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`demo data: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
