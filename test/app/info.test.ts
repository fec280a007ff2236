import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app-deps.js';

describe('version and info', () => {
  it('when asked, then /api/version reports the stamped build', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/version').expect(200);
    expect(res.body).toEqual({
      version: '1.2.3',
      commit: 'abc123def456',
      buildTime: '2026-11-22T00:00:00.000Z',
    });
  });

  it('when asked, then /api/info reports service, environment, pod, runtime and features', async () => {
    const { app, deps } = testApp({
      env: { SERVICE_NAME: 'checkout', APP_ENV: 'minikube', ADMIN_TOKEN: 't', DEMO_ENABLED: 'false' },
      random: () => 0.99,
    });
    deps.faults.set({ errorRate: 0.5, errorStatus: 500, latencyMs: 0, latencyJitterMs: 0 });
    const res = await request(app).get('/api/info').set('Authorization', 'Bearer t').expect(200);
    expect(res.body).toMatchObject({
      service: 'checkout',
      version: '1.2.3',
      commit: 'abc123def456',
      environment: 'minikube',
      hostname: 'pod-1',
      nodeVersion: process.version,
      features: {
        demoEndpoints: false,
        faultsActive: true,
        adminTokenRequired: true,
        managementPort: false,
      },
    });
    expect(res.body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });
});
