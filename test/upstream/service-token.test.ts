import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { answer } from '../support/local-server.js';
import { proxyApp, upstreamServer } from './harness.js';

describe('X-Service-Token on internal endpoints', () => {
  it('when SERVICE_TOKEN is set and no token comes, then 401', async () => {
    const { app } = proxyApp('http://127.0.0.1:9', { SERVICE_TOKEN: 's3cret' });
    const res = await request(app).get('/internal/upstreams').expect(401);
    expect(res.body).toMatchObject({
      type: 'urn:problem-type:canary-lab:unauthorized',
      detail: 'this internal endpoint needs the service token',
    });
  });

  it('when the token is wrong (even a Bearer of the right one), then 403', async () => {
    const { app } = proxyApp('http://127.0.0.1:9', { SERVICE_TOKEN: 's3cret' });
    const wrong = await request(app)
      .get('/internal/upstreams')
      .set('X-Service-Token', 's3cret-not')
      .expect(403);
    expect(wrong.body.detail).toBe('the service token is wrong');
    // Only X-Service-Token counts: a user's bearer token forwarded by mistake never passes as a service's.
    await request(app).get('/internal/upstreams').set('Authorization', 'Bearer s3cret').expect(401);
  });

  it('when the token is right, then 200 lists the upstreams and their breakers', async () => {
    const server = await upstreamServer(answer(503));
    const { app } = proxyApp(server.url, {
      SERVICE_TOKEN: 's3cret',
      UPSTREAM_RETRIES: '0',
      UPSTREAM_BREAKER_THRESHOLD: '1',
      UPSTREAMS: `backend=${server.url},spare=${server.url}`,
    });
    await request(app).get('/api/v1/upstream/backend/x').expect(503);

    const res = await request(app).get('/internal/upstreams').set('X-Service-Token', 's3cret').expect(200);

    expect(res.body).toEqual({
      upstreams: [
        { name: 'backend', breaker: 'open', retryAfterSeconds: 10 },
        { name: 'spare', breaker: 'closed' },
      ],
    });
  });

  it('when SERVICE_TOKEN is empty, then internal endpoints are open (local demos) and no token is sent', async () => {
    const { app } = proxyApp('http://127.0.0.1:9');
    await request(app).get('/internal/upstreams').expect(200);
  });

  it('when the admin token guards /admin, then it still accepts Bearer and X-Admin-Token (shared token guard)', async () => {
    const { app } = proxyApp('http://127.0.0.1:9', { ADMIN_TOKEN: 'adm' });
    await request(app).get('/admin/faults').expect(401);
    await request(app).get('/admin/faults').set('Authorization', 'Bearer adm').expect(200);
    await request(app).get('/admin/faults').set('X-Admin-Token', 'adm').expect(200);
    await request(app).get('/admin/faults').set('X-Admin-Token', 'nope').expect(403);
  });
});
