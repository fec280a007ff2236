import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import type { ItemsStore } from '../../app/store/items-store.js';
import { runMigrations } from '../../app/store/migrations.js';
import { OpeningStore } from '../../app/store/opening-store.js';
import { PgliteExecutor } from '../../app/store/pglite-executor.js';
import { SqlItemsStore } from '../../app/store/sql-items-store.js';
import { testItemsApp } from '../support/items-deps.js';

const mug = { name: 'Blue mug', description: 'holds tea', priceCents: 1250, currency: 'EUR' };

describe('items store opening in the background', () => {
  const executors: PgliteExecutor[] = [];
  afterAll(() => Promise.all(executors.map((e) => e.close())));

  it('when the store is still opening, then item routes answer 503 and then serve once it is open', async () => {
    let open!: (store: ItemsStore) => void;
    const store = new OpeningStore(new Promise((resolve) => (open = resolve)));
    const { app, deps } = testItemsApp(store);
    deps.lifecycle.addCheck({ name: 'database', required: true, check: () => store.ping() });

    const early = await request(app).get('/api/v1/items').expect(503);
    expect(early.body).toMatchObject({ detail: 'the items store is still opening', dependency: 'database' });
    expect(early.headers['retry-after']).toBe('1');
    expect((await request(app).get('/health/ready').expect(503)).body.failing).toEqual(['database']);

    const executor = await PgliteExecutor.open('');
    executors.push(executor);
    await runMigrations(executor);
    open(new SqlItemsStore(executor));
    await new Promise((resolve) => setImmediate(resolve));

    const created = await request(app).post('/api/v1/items').send(mug).expect(201);
    await request(app).get(`/api/v1/items/${created.body.id}`).expect(200);
    await request(app).get('/health/ready').expect(200);
  });

  it('when the store fails to open, then item routes say so and close does not throw', async () => {
    const store = new OpeningStore(Promise.reject(new Error('initdb failed')));
    await new Promise((resolve) => setImmediate(resolve));
    const { app } = testItemsApp(store);
    const res = await request(app).get('/api/v1/items').expect(503);
    expect(res.body.detail).toBe('the items store failed to open');
    await expect(store.close()).resolves.toBeUndefined();
  });
});
