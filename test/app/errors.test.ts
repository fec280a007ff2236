import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app-deps.js';

const problem = /^application\/problem\+json/;

describe('errors are problem+json with the request ID', () => {
  it('when no route matches, then 404', async () => {
    const { app } = testApp();
    const res = await request(app).get('/no/such/thing').set('X-Request-ID', 'trace-404').expect(404);
    expect(res.headers['content-type']).toMatch(problem);
    expect(res.body).toEqual({
      type: 'urn:problem-type:canary-lab:not-found',
      title: 'Not found',
      status: 404,
      detail: 'no route for GET /no/such/thing',
      instance: '/no/such/thing',
      requestId: 'trace-404',
    });
  });

  it('when the method is wrong on a known route, then 405 with Allow', async () => {
    const { app } = testApp();
    const res = await request(app).delete('/api/info').expect(405);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(res.headers['content-type']).toMatch(problem);
    expect(res.body.detail).toBe('DELETE is not allowed here; use GET, HEAD, OPTIONS');
  });

  it('when OPTIONS is asked, then 204 lists the methods', async () => {
    const { app } = testApp();
    const res = await request(app).options('/admin/faults').expect(204);
    expect(res.headers.allow).toBe('GET, HEAD, PUT, OPTIONS');
  });

  it('when HEAD is asked of a GET route, then it answers without a body', async () => {
    const { app } = testApp();
    const res = await request(app).head('/api/version').expect(200);
    expect(res.text).toBeUndefined();
  });

  it('when the JSON body is malformed, then 400 says so', async () => {
    const { app } = testApp();
    const res = await request(app)
      .put('/admin/faults')
      .set('Content-Type', 'application/json')
      .send('{"errorRate": ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(problem);
    expect(res.body.detail).toBe('the body is not valid JSON');
  });

  it('when the body is over the limit, then 413', async () => {
    const { app } = testApp({ env: { BODY_LIMIT_BYTES: '64' } });
    const res = await request(app)
      .put('/admin/faults')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ errorRate: 0, pad: 'x'.repeat(100) }))
      .expect(413);
    expect(res.body).toMatchObject({
      title: 'Payload too large',
      detail: 'the body is larger than 64 bytes',
    });
  });

  it('when the body is not JSON, then 415', async () => {
    const { app } = testApp();
    const res = await request(app)
      .put('/admin/faults')
      .set('Content-Type', 'text/plain')
      .send('errorRate=1')
      .expect(415);
    expect(res.body.detail).toBe('send the body as application/json');
  });

  it('when the body has an unsupported charset or encoding, then 415', async () => {
    const { app } = testApp();
    await request(app)
      .put('/admin/faults')
      .set('Content-Type', 'application/json; charset=klingon')
      .send('{}')
      .expect(415);
    await request(app)
      .put('/admin/faults')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'zip')
      .send('{}')
      .expect(415);
  });

  it('when a path parameter is badly percent-encoded, then 400, not a crash', async () => {
    const { app } = testApp();
    const res = await request(app).get('/demo/status/%E0%A4%A').expect(400);
    expect(res.headers['content-type']).toMatch(problem);
  });

  it('when a handler fails unexpectedly, then 500 hides the cause and the access line keeps it', async () => {
    const { app, deps } = testApp({ env: { LOG_INFRA_ROUTES: 'true' } });
    // A readiness report that cannot be computed: the lifecycle throws synchronously.
    deps.lifecycle.readiness = () => {
      throw new Error('secret internals');
    };
    const res = await request(app).get('/health/ready').set('X-Request-ID', 'boom-1').expect(500);
    expect(res.body).toMatchObject({ status: 500, requestId: 'boom-1' });
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
    const line = deps.logs.find((l) => l.requestId === 'boom-1');
    expect(line).toMatchObject({ level: 'error', route: '/health/ready' });
    expect(JSON.stringify(line)).toContain('secret internals');
  });
});
