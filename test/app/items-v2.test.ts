import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../app/routes/items-v2.js';
import { runMigrations } from '../../app/store/migrations.js';
import { PgliteExecutor } from '../../app/store/pglite-executor.js';
import { SqlItemsStore } from '../../app/store/sql-items-store.js';
import { testItemsApp } from '../support/items-deps.js';

const mug = { name: 'Blue mug', description: 'holds tea', price: { amount: '12.50', currency: 'EUR' } };

describe('items API v2 (PGlite store)', () => {
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

  it('when created through v2, then the envelope carries Money and v1 shows the same item in cents', async () => {
    const { app } = testItemsApp(store);
    const created = await request(app).post('/api/v2/items').send(mug).expect(201);
    expect(created.body.data).toMatchObject({ ...mug, version: 1 });
    expect(created.headers.location).toBe(`/api/v2/items/${created.body.data.id}`);
    const v1 = await request(app).get(`/api/v1/items/${created.body.data.id}`).expect(200);
    expect(v1.body).toMatchObject({ priceCents: 1250, currency: 'EUR' });
    expect(v1.headers.etag).toBe(created.headers.etag);
    const v2 = await request(app).get(`/api/v2/items/${created.body.data.id}`).expect(200);
    expect(v2.body).toEqual({ data: created.body.data });
  });

  it('when an amount is malformed, then 400 names price.amount', async () => {
    const { app } = testItemsApp(store);
    const res = await request(app)
      .post('/api/v2/items')
      .send({ ...mug, price: { amount: '12.505', currency: 'EUR' } })
      .expect(400);
    expect(res.body.invalidParams[0]).toMatchObject({ name: 'price.amount', in: 'body' });
    const v1Shape = await request(app)
      .post('/api/v2/items')
      .send({ name: 'x', priceCents: 100, currency: 'EUR' })
      .expect(400);
    expect(v1Shape.body.invalidParams.map((p: { name: string }) => p.name)).toContain('price');
  });

  it('when paging with cursors, then every item comes once and the last page has no cursor', async () => {
    const { app } = testItemsApp(store);
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const [i, name] of names.entries())
      await request(app)
        .post('/api/v2/items')
        .send({ ...mug, name, price: { amount: `${i}.05`, currency: 'USD' } })
        .expect(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const res: request.Response = await request(app)
        .get('/api/v2/items')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(res.body.page.limit).toBe(2);
      seen.push(...res.body.data.map((i: { name: string }) => i.name));
      cursor = res.body.page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(names);
    const first = await request(app).get('/api/v2/items?limit=1').expect(200);
    expect(first.body.data[0].price).toEqual({ amount: '0.05', currency: 'USD' });
  });

  it('when a cursor was not issued by the API, then 400 names cursor', async () => {
    const { app } = testItemsApp(store);
    for (const cursor of [
      'garbage',
      Buffer.from('{"v":2,"after":1}').toString('base64url'),
      'x'.repeat(201),
    ]) {
      const res = await request(app).get('/api/v2/items').query({ cursor }).expect(400);
      expect(res.body.invalidParams[0]).toMatchObject({ name: 'cursor', in: 'query' });
    }
    await request(app)
      .get('/api/v2/items')
      .query({ cursor: encodeCursor(0) })
      .expect(200);
  });

  it('when updating and deleting through v2, then the same ETag rules hold', async () => {
    const { app } = testItemsApp(store);
    const { body } = await request(app).post('/api/v2/items').send(mug).expect(201);
    const url = `/api/v2/items/${body.data.id}`;
    await request(app).put(url).send(mug).expect(428);
    const res = await request(app)
      .put(url)
      .set('If-Match', '"1"')
      .send({ ...mug, price: { amount: '3', currency: 'GBP' } })
      .expect(200);
    expect(res.body.data).toMatchObject({ price: { amount: '3.00', currency: 'GBP' }, version: 2 });
    await request(app).delete(url).set('If-Match', '"1"').expect(412);
    await request(app).delete(url).set('If-Match', '"2"').expect(204);
  });

  it('when the OpenAPI document is read, then both versions and the shape change are described', async () => {
    const { app } = testItemsApp(store);
    const doc = (await request(app).get('/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/items', '/api/v1/items/{id}', '/api/v2/items', '/api/v2/items/{id}']),
    );
    expect(doc.paths['/api/v2/items'].post.summary).toMatch(/price: \{amount/);
    expect(doc.components.schemas.Money.properties.amount.type).toBe('string');
    expect(doc.components.schemas.ItemV1.properties.priceCents.type).toBe('integer');
  });
});
