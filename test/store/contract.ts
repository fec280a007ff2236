import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ItemInput } from '../../app/store/items-store.js';
import { runMigrations } from '../../app/store/migrations.js';
import type { SqlExecutor } from '../../app/store/sql.js';
import { SqlItemsStore } from '../../app/store/sql-items-store.js';

const mug: ItemInput = { name: 'Blue mug', description: 'holds tea', priceCents: 1250, currency: 'EUR' };

/**
 * The one contract every items-store adapter passes. Each adapter's test file
 * calls it with a way to open its executor; the suite migrates and truncates.
 */
export function itemsStoreContract(adapter: string, open: () => Promise<SqlExecutor>): void {
  describe(`items store contract: ${adapter}`, () => {
    let db: SqlExecutor;
    let store: SqlItemsStore;

    beforeAll(async () => {
      db = await open();
      store = new SqlItemsStore(db);
      expect(await runMigrations(db)).toEqual([1]);
    });
    afterAll(() => store?.close());
    beforeEach(async () => {
      await db.query('test', 'truncate items');
    });

    it('when migrations run again, then nothing is applied twice', async () => {
      expect(await runMigrations(db)).toEqual([]);
      const { rows } = await db.query<{ version: number }>('test', 'select version from schema_migrations');
      expect(rows).toEqual([{ version: 1 }]);
    });

    it('when an item is created, then get returns it at version 1 with its timestamps', async () => {
      const id = randomUUID();
      const created = await store.create(id, mug);
      expect(created).toMatchObject({ status: 'created', item: { id, ...mug, version: 1 } });
      const got = await store.get(id);
      expect(got).toEqual(created.status === 'created' ? created.item : undefined);
      expect(got?.createdAt).toBeInstanceOf(Date);
      expect(await store.get(randomUUID())).toBeUndefined();
    });

    it('when a name is taken in any case, then create and update report a duplicate', async () => {
      await store.create(randomUUID(), mug);
      expect(await store.create(randomUUID(), { ...mug, name: 'BLUE MUG' })).toEqual({ status: 'duplicate' });
      const other = randomUUID();
      await store.create(other, { ...mug, name: 'Red mug' });
      expect(await store.update(other, 1, mug)).toEqual({ status: 'duplicate' });
    });

    it('when the version matches, then update replaces the fields and bumps the version', async () => {
      const id = randomUUID();
      await store.create(id, mug);
      const result = await store.update(id, 1, { ...mug, priceCents: 999 });
      expect(result).toMatchObject({ status: 'ok', item: { priceCents: 999, version: 2 } });
      expect(await store.update(id, 'any', mug)).toMatchObject({ status: 'ok', item: { version: 3 } });
    });

    it('when the version is stale or the item missing, then update and delete say which', async () => {
      const id = randomUUID();
      await store.create(id, mug);
      await store.update(id, 1, mug);
      expect(await store.update(id, 1, mug)).toMatchObject({ status: 'stale', current: { version: 2 } });
      expect(await store.delete(id, 1)).toMatchObject({ status: 'stale', current: { version: 2 } });
      expect(await store.update(randomUUID(), 1, mug)).toEqual({ status: 'missing' });
      expect(await store.delete(id, 2)).toEqual({ status: 'deleted' });
      expect(await store.get(id)).toBeUndefined();
      expect(await store.delete(id, 'any')).toEqual({ status: 'missing' });
    });

    it('when paging, then offset and keyset pages cover every item once, in creation order', async () => {
      const names = Array.from({ length: 7 }, (_, i) => `item ${i}`);
      for (const name of names) await store.create(randomUUID(), { ...mug, name });
      expect((await store.listByOffset(2, 3)).map((i) => i.name)).toEqual(['item 2', 'item 3', 'item 4']);
      const seen: string[] = [];
      let after = 0;
      for (let guard = 0; guard < 10; guard++) {
        const page = await store.listAfter(after, 3);
        seen.push(...page.items.map((i) => i.name));
        // An item added mid-way lands after the cursor: it is neither skipped nor repeated.
        if (guard === 0) await store.create(randomUUID(), { ...mug, name: 'late' });
        if (page.next === undefined) break;
        after = page.next;
      }
      expect(seen).toEqual([...names, 'late']);
    });

    it('when many writers hold the same version, then exactly one update wins', async () => {
      const id = randomUUID();
      await store.create(id, mug);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.update(id, 1, { ...mug, priceCents: i })),
      );
      const winners = results.filter((r) => r.status === 'ok');
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === 'stale')).toHaveLength(7);
      expect(await store.get(id)).toMatchObject({ version: 2, priceCents: winners[0]?.item.priceCents });
    });

    it('when pinged, then it answers', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
