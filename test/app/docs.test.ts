import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app-deps.js';

describe('API reference', () => {
  it('when / is opened, then it redirects to the docs', async () => {
    const { app } = testApp();
    await request(app).get('/').expect(302).expect('Location', '/docs');
  });

  it('when /docs is opened, then Swagger UI is served from the package over /openapi.json', async () => {
    const { app } = testApp();
    const page = await request(app).get('/docs/').expect(200);
    expect(page.text).toContain('swagger-ui');
    const init = await request(app).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('/openapi.json');
    await request(app).get('/docs/swagger-ui-bundle.js').expect(200);
  });

  it('when /openapi.json is fetched, then it is OpenAPI 3.1 describing every mounted endpoint', async () => {
    const { app } = testApp();
    const doc = (await request(app).get('/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'sample-api', version: '1.2.3' });
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/admin/faults',
      '/api/info',
      '/api/version',
      '/demo/cpu',
      '/demo/error',
      '/demo/memory',
      '/demo/slow',
      '/demo/status/{code}',
      '/health/live',
      '/health/ready',
      '/health/ready/disable',
      '/health/ready/enable',
      '/health/startup',
      '/metrics',
    ]);
    expect(doc.components.schemas.Problem.properties.requestId).toBeDefined();
    expect(doc.paths['/api/info'].get.responses['4XX'].content['application/problem+json']).toBeDefined();
  });

  it('when bounds come from config, then the document shows them', async () => {
    const { app } = testApp({ env: { DEMO_MAX_DELAY_MS: '1234' } });
    const doc = (await request(app).get('/openapi.json')).body;
    const ms = doc.paths['/demo/slow'].get.parameters.find((p: { name: string }) => p.name === 'ms');
    expect(ms).toMatchObject({ in: 'query', required: false, schema: { maximum: 1234, minimum: 0 } });
    const code = doc.paths['/demo/status/{code}'].get.parameters[0];
    expect(code).toMatchObject({
      in: 'path',
      required: true,
      schema: { type: 'integer', minimum: 200, maximum: 599 },
    });
    expect(doc.paths['/admin/faults'].put.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/FaultProfileInput',
    });
  });

  it('when the docs page is served, then security headers are set and x-powered-by is not', async () => {
    const { app } = testApp();
    const res = await request(app).get('/docs/');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});
