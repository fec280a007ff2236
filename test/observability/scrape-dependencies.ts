import request from 'supertest';
import { createApp } from '../../app/app.js';
import { createItemCounters } from '../../app/domain/items/items-metrics.js';
import { ItemsService } from '../../app/domain/items/items-service.js';
import { openItemsStore } from '../../app/store/open-store.js';
import { testApp, testDeps } from '../support/app-deps.js';
import { startTestPostgres } from '../support/embedded-pg.js';
import { startLocalServer } from '../support/local-server.js';

const mug = { name: 'Blue mug', description: 'holds tea', priceCents: 1250, currency: 'EUR' };

/**
 * The API role with every dependency wired as startService wires it: the items
 * store on a real PostgreSQL (pool gauges exist only with DATABASE_URL) and an
 * upstream played by a local server that answers 503 once, then 200 (so one
 * retry). Drives item create, update and delete and one upstream call, then
 * returns /metrics.
 */
async function scrapeApiWithDependencies(): Promise<string> {
  const pg = await startTestPostgres();
  let n = 0;
  const upstream = await startLocalServer((_req, res) => {
    res.writeHead(n++ === 0 ? 503 : 200, { 'content-type': 'application/json' }).end('{}');
  });
  const deps = testDeps({
    env: { DATABASE_URL: pg.url, UPSTREAMS: `backend=${upstream.url}`, UPSTREAM_RETRIES: '2' },
    upstreams: true,
  });
  const opened = await openItemsStore(deps.config.database, deps.logger, deps.metrics.registry);
  try {
    const items = new ItemsService(opened.store, createItemCounters(deps.metrics.registry));
    const client = request(createApp({ ...deps, items }));
    const created = await client.post('/api/v1/items').send(mug).expect(201);
    const url = `/api/v1/items/${created.body.id}`;
    await client.put(url).set('If-Match', '"1"').send(mug).expect(200);
    await client.delete(url).set('If-Match', '"2"').expect(204);
    await client.get('/api/v1/upstream/backend/x').expect(200);
    return (await client.get('/metrics').expect(200)).text;
  } finally {
    await opened.store.close();
    await deps.upstreams?.client.close();
    await upstream.close();
    await pg.destroy();
  }
}

/** The registry role after one registration and one health-check round against a live service. */
async function scrapeRegistry(): Promise<string> {
  const service = await startLocalServer((_req, res) => res.writeHead(200).end());
  const { app, deps } = testApp({ env: { SERVICE_ROLE: 'registry' } });
  try {
    const client = request(app);
    await client
      .put('/registry/services/orders')
      .send({ url: service.url, healthUrl: `${service.url}/health/ready`, tags: ['sample-api'] })
      .expect((res) => expect2xx(res.status));
    await deps.registry?.checker.runRound();
    return (await client.get('/metrics').expect(200)).text;
  } finally {
    await deps.registry?.checker.stop();
    await service.close();
  }
}

function expect2xx(status: number): void {
  if (status < 200 || status > 299) throw new Error(`registration answered ${status}`);
}

/** /metrics of the API role with its dependencies and of the registry role, one text after the other. */
export async function scrapeDependencyApps(): Promise<string> {
  return `${await scrapeApiWithDependencies()}\n${await scrapeRegistry()}`;
}
