import { Counter, type Registry } from 'prom-client';
import type { ItemCounters } from './items-service.js';

/**
 * Business counters for the dependencies dashboard's "item writes" panel; a
 * canary whose writes drop to zero while requests succeed shows up there.
 */
export function createItemCounters(registry: Registry): ItemCounters {
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  return {
    created: counter('items_created_total', 'Items created (answered 201).'),
    updated: counter('items_updated_total', 'Items updated (answered 200).'),
    deleted: counter('items_deleted_total', 'Items deleted (answered 204).'),
  };
}
