import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app.js';
import { fetchOpenApiDocument } from '../../app/registry/openapi-fetch.js';
import { sample, testApp, testDeps } from '../support/app-deps.js';
import { answer, hang, type LocalServer, startLocalServer } from '../support/local-server.js';
import { freePort } from '../support/net.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function registryApp(env: Record<string, string> = {}) {
  const built = testApp({ env: { SERVICE_ROLE: 'registry', REGISTRY_REQUEST_TIMEOUT_MS: '1000', ...env } });
  cleanups.push(() => built.deps.registry!.checker.stop());
  return built;
}

async function server(handler: Parameters<typeof startLocalServer>[0]): Promise<LocalServer> {
  const s = await startLocalServer(handler);
  cleanups.push(() => s.close());
  return s;
}

const registration = (base: string, tags: string[] = ['sample-api']) => ({
  url: base,
  healthUrl: `${base}/health/ready`,
  openapiUrl: `${base}/openapi.json`,
  tags,
});

describe('registry API', () => {
  it('when a service registers, then it is listed with its tags and turns healthy, and registering again replaces it', async () => {
    const svc = await server(answer(200, { openapi: '3.1.0' }));
    const { app, deps } = registryApp();

    const created = await request(app)
      .put('/registry/services/orders')
      .send(registration(svc.url))
      .expect(201);
    expect(created.body).toMatchObject({ name: 'orders', url: svc.url, tags: ['sample-api'] });
    expect(created.body).not.toHaveProperty('generation');
    // The new registration is checked at once, not a whole interval later.
    await expect
      .poll(async () => (await request(app).get('/registry/services/orders')).body.health.status)
      .toBe('healthy');

    const replaced = await request(app)
      .put('/registry/services/orders')
      .send(registration(svc.url, ['sample-api', 'v2']))
      .expect(200);
    expect(replaced.body.tags).toEqual(['sample-api', 'v2']);
    // Same healthUrl: health survives a refresh.
    expect(replaced.body.health.status).toBe('healthy');
    const list = await request(app).get('/registry/services').expect(200);
    expect(list.body.services.map((s: { name: string }) => s.name)).toEqual(['orders']);
    expect(deps.logs.some((l) => l.msg === 'service registered' && l.service === 'orders')).toBe(true);
  });

  it('when listing by tag, then only services carrying it are returned, by name', async () => {
    const { app } = registryApp();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    await request(app)
      .put('/registry/services/b-crawler')
      .send(registration(base, ['crawler', 'dirty']))
      .expect(201);
    await request(app)
      .put('/registry/services/a-crawler')
      .send(registration(base, ['crawler']))
      .expect(201);
    await request(app)
      .put('/registry/services/cleaner')
      .send(registration(base, ['clean']))
      .expect(201);

    const crawlers = await request(app).get('/registry/services?tag=crawler').expect(200);
    const none = await request(app).get('/registry/services?tag=nobody').expect(200);

    expect(crawlers.body.services.map((s: { name: string }) => s.name)).toEqual(['a-crawler', 'b-crawler']);
    expect(none.body.services).toEqual([]);
    const bad = await request(app).get('/registry/services?tag=%20bad%20').expect(400);
    expect(bad.body.invalidParams[0]).toMatchObject({ name: 'tag', in: 'query' });
  });

  it.each([
    ['url', { url: 'ftp://example.com' }],
    ['url', { url: '/relative/path' }],
    ['healthUrl', { healthUrl: 'not a url' }],
    ['openapiUrl', { openapiUrl: 'javascript:alert(1)' }],
    ['tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
    ['tags.0', { tags: ['has space'] }],
    ['(root)', { extra: 'field' }],
  ])('when the registration has a bad %s, then 400 names that field', async (field, patch) => {
    const { app, deps } = registryApp();
    const body = { ...registration('http://127.0.0.1:1'), ...patch };

    const res = await request(app).put('/registry/services/svc').send(body).expect(400);

    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.invalidParams[0]).toMatchObject({ name: field, in: 'body' });
    // An unknown field is reported at the root, by name in the reason.
    if (field === '(root)') expect(res.body.invalidParams[0].reason).toContain('"extra"');
    expect(deps.registry!.store.size).toBe(0);
  });

  it('when the name is not a DNS label or a required field is missing, then 400 names it', async () => {
    const { app } = registryApp();
    const upper = await request(app)
      .put('/registry/services/Orders')
      .send(registration('http://x'))
      .expect(400);
    expect(upper.body.invalidParams[0]).toMatchObject({ name: 'name', in: 'path' });
    const missing = await request(app).put('/registry/services/orders').send({ url: 'http://x' }).expect(400);
    expect(missing.body.invalidParams[0]).toMatchObject({ name: 'healthUrl', in: 'body' });
  });

  it('when the body is malformed JSON or not JSON, then 400 or 415 and nothing is registered', async () => {
    const { app, deps } = registryApp();
    const malformed = await request(app)
      .put('/registry/services/svc')
      .set('content-type', 'application/json')
      .send('{"url": "http://x",')
      .expect(400);
    expect(malformed.body.detail).toBe('the body is not valid JSON');
    await request(app)
      .put('/registry/services/svc')
      .set('content-type', 'text/plain')
      .send('url=x')
      .expect(415);
    expect(deps.registry!.store.size).toBe(0);
  });

  it('when a service is deregistered, then it is gone, and a second delete or get is a 404 naming it', async () => {
    const { app } = registryApp();
    await request(app).put('/registry/services/svc').send(registration('http://127.0.0.1:1')).expect(201);

    await request(app).delete('/registry/services/svc').expect(204);

    const again = await request(app).delete('/registry/services/svc').expect(404);
    expect(again.body.detail).toBe("no service named 'svc' is registered");
    await request(app).get('/registry/services/svc').expect(404);
    await request(app).get('/registry/services/svc/openapi').expect(404);
  });

  it('when the registry is full, then a new name gets 409 and an existing one can still refresh', async () => {
    const { app } = registryApp({ REGISTRY_MAX_SERVICES: '1' });
    await request(app).put('/registry/services/one').send(registration('http://127.0.0.1:1')).expect(201);

    const full = await request(app)
      .put('/registry/services/two')
      .send(registration('http://127.0.0.1:1'))
      .expect(409);

    expect(full.body.detail).toBe('the registry already holds its maximum of 1 services');
    await request(app).put('/registry/services/one').send(registration('http://127.0.0.1:2')).expect(200);
  });
});

describe('registry writes need the service token', () => {
  it('when SERVICE_TOKEN is set, then PUT and DELETE without it are 401, with a wrong one 403, and reads stay open', async () => {
    const { app, deps } = registryApp({ SERVICE_TOKEN: 'shared-secret' });
    const body = registration('http://127.0.0.1:1');

    const missing = await request(app).put('/registry/services/svc').send(body).expect(401);
    const wrong = await request(app)
      .put('/registry/services/svc')
      .set('X-Service-Token', 'guess')
      .send(body)
      .expect(403);
    // A bearer token is not a service token.
    await request(app)
      .put('/registry/services/svc')
      .set('Authorization', 'Bearer shared-secret')
      .send(body)
      .expect(401);
    expect(deps.registry!.store.size).toBe(0);
    await request(app)
      .put('/registry/services/svc')
      .set('X-Service-Token', 'shared-secret')
      .send(body)
      .expect(201);
    await request(app).get('/registry/services/svc').expect(200);
    await request(app).delete('/registry/services/svc').expect(401);
    await request(app).delete('/registry/services/svc').set('X-Service-Token', 'nope').expect(403);
    await request(app).delete('/registry/services/svc').set('X-Service-Token', 'shared-secret').expect(204);

    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body.detail).toContain('service token');
    expect(wrong.body.detail).toBe('the service token is wrong');
  });
});

describe('registry OpenAPI relay', () => {
  it('when the service serves its document, then the registry returns it as is', async () => {
    const doc = { openapi: '3.1.0', info: { title: 'orders', version: '1' }, paths: { '/api/orders': {} } };
    const svc = await server(answer(200, doc));
    const { app } = registryApp();
    await request(app).put('/registry/services/orders').send(registration(svc.url)).expect(201);

    const res = await request(app).get('/registry/services/orders/openapi').expect(200);

    expect(res.body).toEqual(doc);
    expect(svc.requests.some((r) => r.url === '/openapi.json')).toBe(true);
  });

  it.each([
    ['answers 500', 502, async () => (await server(answer(500))).url, /answered 500/],
    ['answers HTML', 502, async () => (await server((_q, r) => r.end('<html>'))).url, /did not answer JSON/],
    ['refuses connections', 502, async () => `http://127.0.0.1:${await freePort()}`, /ECONNREFUSED/],
    ['hangs', 504, async () => (await server(hang)).url, /no answer within 1000 ms/],
  ])('when the service %s, then %i problem+json names it', async (_what, status, base, detail) => {
    const { app } = registryApp();
    await request(app)
      .put('/registry/services/orders')
      .send(registration(await base()))
      .expect(201);

    const res = await request(app).get('/registry/services/orders/openapi').expect(status);

    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.service).toBe('orders');
    expect(res.body.detail).toMatch(/^service 'orders': /);
    expect(res.body.detail).toMatch(detail);
  });

  it('when the document is larger than the relay bound, then 502 instead of buffering it', async () => {
    const svc = await server(answer(200, { padding: 'x'.repeat(4096) }));
    const { store } = registryApp().deps.registry!;
    const { service } = store.upsert('big', registration(svc.url));

    await expect(fetchOpenApiDocument(service, 1000, 1024)).rejects.toMatchObject({
      status: 502,
      message: expect.stringMatching(/document larger than 1024 bytes/),
    });
  });

  it('when the service registered no openapiUrl, then 404 says so', async () => {
    const { app } = registryApp();
    const { openapiUrl: _none, ...withoutDoc } = registration('http://127.0.0.1:1');
    await request(app).put('/registry/services/bare').send(withoutDoc).expect(201);

    const res = await request(app).get('/registry/services/bare/openapi').expect(404);

    expect(res.body.detail).toBe("service 'bare' registered no openapiUrl");
  });
});

describe('the registry role', () => {
  it('when running as the registry, then probes, metrics and docs are served but no business routes', async () => {
    const { app } = registryApp();
    await request(app).put('/registry/services/svc').send(registration('http://127.0.0.1:1')).expect(201);

    await request(app).get('/health/live').expect(200);
    await request(app).get('/api/info').expect(404);
    await request(app).get('/demo/slow').expect(404);
    const doc = await request(app).get('/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/registry/services',
        '/registry/services/{name}',
        '/registry/services/{name}/openapi',
      ]),
    );
    const metrics = await request(app).get('/metrics').expect(200);
    expect(sample(metrics.text, 'registry_services_registered')).toBe(1);
    expect(
      sample(metrics.text, 'http_requests_total', { route: '/registry/services/:name', status_code: '201' }),
    ).toBe(1);
  });

  it('when MANAGEMENT_PORT is set, then the registry role leaves /metrics to that port', async () => {
    const { app } = registryApp({ MANAGEMENT_PORT: '9464' });
    await request(app).get('/metrics').expect(404);
    await request(app).get('/registry/services').expect(200);
  });

  it('when the api role runs, then the registry routes do not exist', async () => {
    const { app } = testApp();
    await request(app).get('/registry/services').expect(404);
  });

  it('when the registry role is built without a directory, then createApp fails loudly', () => {
    const deps = testDeps();
    const config = { ...deps.config, service: { ...deps.config.service, role: 'registry' as const } };
    expect(() => createApp({ ...deps, config })).toThrow(/SERVICE_ROLE=registry needs deps.registry/);
  });
});
