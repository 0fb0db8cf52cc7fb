import { api, gatewayTestConfig, startGateway } from './support/gateway-test-kit';
import type { INestApplication } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>';

describe('gateway serving the web app', () => {
  let app: INestApplication;
  let scratch: string;
  let dist: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'goodloop-web-'));
    // Under a dot folder, as a checkout in ~/.local or the test builds in .local/ are: the page
    // shell must still be served (an absolute path there reads as a dotfile to `send`).
    dist = join(scratch, '.build', 'dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log("goodloop")');
    app = await startGateway(gatewayTestConfig('static', { WEB_DIST_DIR: dist }));
  });

  afterAll(async () => {
    await app?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('answers page URLs with index.html and files as they are', async () => {
    for (const path of ['/', '/some/page', '/activities/0190a4a0-0000-7000-8000-000000000001']) {
      const res = await api(app).get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toBe(INDEX);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
    const asset = await api(app).get('/assets/app-abc123.js').expect(200);
    expect(asset.text).toBe('console.log("goodloop")');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('keeps /api to the API: unknown routes are 404 in the JSON error shape', async () => {
    const res = await api(app).get('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/v1/nope' });
    await api(app).post('/some/page').expect(404);
  });

  it('publishes the OpenAPI document with bearer auth', async () => {
    const doc = await api(app).get('/api/docs-json').expect(200);
    expect(doc.body.info.title).toBe('GoodLoop API');
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/me',
        '/api/v1/orgs/{id}/members',
        '/api/v1/activities',
        '/api/v1/me/wallet',
        '/api/v1/health',
      ]),
    );
    expect(doc.body.components.schemas.RegisterDto.required).toEqual(
      expect.arrayContaining(['email', 'password', 'displayName']),
    );
    await api(app).get('/api/docs').expect(200);
  });
});

describe('gateway without a web build', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startGateway(gatewayTestConfig('static'));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('says so on pages instead of failing', async () => {
    const res = await api(app).get('/').expect(200);
    expect(res.text).toContain('The web app is not built yet');
    await api(app).get('/api/v1/nope').expect(404);
  });
});
