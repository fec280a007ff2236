import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations } from '../../app/store/migrations.js';
import { PgliteExecutor } from '../../app/store/pglite-executor.js';
import { SqlItemsStore } from '../../app/store/sql-items-store.js';
import { sample } from '../support/app-deps.js';
import { testItemsApp } from '../support/items-deps.js';

const mug = { name: 'Blue mug', description: 'holds tea', priceCents: 1250, currency: 'EUR' };

describe('items API v1 (PGlite store)', () => {
  let db: PgliteExecutor;
  let store: SqlItemsStore;
  beforeAll(async () => {
    db = await PgliteExecutor.open('');
    await runMigrations(db);
    store = new SqlItemsStore(db);
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.query('test', 'truncate items');
  });

  it('when an item is created, then 201 with Location and ETag, and get returns the same', async () => {
    const { app } = testItemsApp(store);
    const created = await request(app).post('/api/v1/items').send(mug).expect(201);
    expect(created.body).toMatchObject({ ...mug, version: 1 });
    expect(created.headers.location).toBe(`/api/v1/items/${created.body.id}`);
    expect(created.headers.etag).toBe('"1"');
    const got = await request(app).get(`/api/v1/items/${created.body.id}`).expect(200);
    expect(got.body).toEqual(created.body);
    expect(got.headers.etag).toBe('"1"');
  });

  it('when the body is bad, then 400 problem+json names the field', async () => {
    const { app } = testItemsApp(store);
    const res = await request(app)
      .post('/api/v1/items')
      .send({ ...mug, priceCents: 12.5 })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.invalidParams).toEqual([
      { name: 'priceCents', in: 'body', reason: 'must be a whole number of cents' },
    ]);
    const long = await request(app)
      .post('/api/v1/items')
      .send({ ...mug, name: 'x'.repeat(101) })
      .expect(400);
    expect(long.body.detail).toBe("body field 'name': must be at most 100 characters");
    const extra = await request(app)
      .post('/api/v1/items')
      .send({ ...mug, price: { amount: '1.00', currency: 'EUR' } })
      .expect(400);
    expect(extra.body.detail).toMatch(/price/);
  });

  it('when the name is taken in another case, then 409', async () => {
    const { app } = testItemsApp(store);
    await request(app).post('/api/v1/items').send(mug).expect(201);
    const res = await request(app)
      .post('/api/v1/items')
      .send({ ...mug, name: 'BLUE MUG' })
      .expect(409);
    expect(res.body).toMatchObject({ status: 409, detail: "an item named 'BLUE MUG' already exists" });
  });

  it('when the id is unknown or malformed, then 404 or 400 naming id', async () => {
    const { app } = testItemsApp(store);
    await request(app).get('/api/v1/items/5f0c6f8e-2b7a-4c1e-9d3a-1b2c3d4e5f60').expect(404);
    const bad = await request(app).get('/api/v1/items/nope').expect(400);
    expect(bad.body.invalidParams[0]).toMatchObject({ name: 'id', in: 'path' });
  });

  it('when updating, then If-Match is required (428), a stale one loses (412) and a current one wins', async () => {
    const { app, deps } = testItemsApp(store);
    const { body } = await request(app).post('/api/v1/items').send(mug).expect(201);
    const url = `/api/v1/items/${body.id}`;
    const none = await request(app).put(url).send(mug).expect(428);
    expect(none.body.detail).toMatch(/If-Match/);
    const updated = await request(app)
      .put(url)
      .set('If-Match', '"1"')
      .send({ ...mug, priceCents: 1300 })
      .expect(200);
    expect(updated.body).toMatchObject({ priceCents: 1300, version: 2 });
    expect(updated.headers.etag).toBe('"2"');
    const stale = await request(app).put(url).set('If-Match', '"1"').send(mug).expect(412);
    expect(stale.body).toMatchObject({ currentEtag: '"2"' });
    const weak = await request(app).put(url).set('If-Match', 'W/"2"').send(mug).expect(400);
    expect(weak.body.invalidParams[0]).toMatchObject({ name: 'If-Match', in: 'header' });
    await request(app).put(url).set('If-Match', '*').send(mug).expect(200);
    await request(app)
      .post('/api/v1/items')
      .send({ ...mug, name: 'Red mug' })
      .expect(201);
    const renamed = await request(app)
      .put(url)
      .set('If-Match', '*')
      .send({ ...mug, name: 'red MUG' })
      .expect(409);
    expect(renamed.body.detail).toBe("an item named 'red MUG' already exists");
    const metrics = (await request(app).get('/metrics')).text;
    expect(sample(metrics, 'items_created_total')).toBe(2);
    expect(sample(metrics, 'items_updated_total')).toBe(2);
    expect(deps.items).toBeDefined();
  });

  it('when deleting, then If-Match rules apply and the item is gone', async () => {
    const { app } = testItemsApp(store);
    const { body } = await request(app).post('/api/v1/items').send(mug).expect(201);
    const url = `/api/v1/items/${body.id}`;
    await request(app).delete(url).expect(428);
    await request(app).delete(url).set('If-Match', '"7"').expect(412);
    await request(app).delete(url).set('If-Match', '"1"').expect(204);
    await request(app).get(url).expect(404);
    await request(app).delete(url).set('If-Match', '*').expect(404);
    await request(app).put(url).set('If-Match', '*').send(mug).expect(404);
    expect(sample((await request(app).get('/metrics')).text, 'items_deleted_total')).toBe(1);
  });

  it('when listing, then a bare array pages by offset within the configured bound', async () => {
    const { app } = testItemsApp(store, { env: { ITEMS_MAX_PAGE_SIZE: '5' } });
    for (const name of ['a', 'b', 'c'])
      await request(app)
        .post('/api/v1/items')
        .send({ ...mug, name })
        .expect(201);
    const res = await request(app).get('/api/v1/items?limit=2&offset=1').expect(200);
    expect(res.body.map((i: { name: string }) => i.name)).toEqual(['b', 'c']);
    const tooMany = await request(app).get('/api/v1/items?limit=6').expect(400);
    expect(tooMany.body.invalidParams[0]).toMatchObject({ name: 'limit', reason: 'must be at most 5' });
  });
});
