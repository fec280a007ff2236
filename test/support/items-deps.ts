import { createApp } from '../../app/app.js';
import { createItemCounters } from '../../app/domain/items/items-metrics.js';
import { ItemsService } from '../../app/domain/items/items-service.js';
import type { ItemsStore } from '../../app/store/items-store.js';
import { type TestDeps, type TestDepsOptions, testDeps } from './app-deps.js';

/** testDeps plus the items use cases over a real store, as startService wires them (counters in the app's registry). */
export function testItemsApp(store: ItemsStore, options: TestDepsOptions = {}) {
  const base = testDeps(options);
  const deps: TestDeps = {
    ...base,
    items: new ItemsService(store, createItemCounters(base.metrics.registry)),
  };
  return { deps, app: createApp(deps) };
}
