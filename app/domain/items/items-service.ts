import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../../errors.js';
import type { ExpectedVersion, Item, ItemInput, ItemsStore, Page } from '../../store/items-store.js';

/** Business counters (items_created_total…); a test or main supplies them. */
export interface ItemCounters {
  readonly created: { inc(): void };
  readonly updated: { inc(): void };
  readonly deleted: { inc(): void };
}

/** The strong ETag of a stored version: both API versions use it. */
export function etagOf(item: Pick<Item, 'version'>): string {
  return `"${item.version}"`;
}

/**
 * The items use cases, free of HTTP. Writes to an existing item need the
 * version the caller last saw (If-Match): without it the write is refused
 * (428), with an old one it loses (412), so no update is ever silently lost.
 */
export class ItemsService {
  constructor(
    private readonly store: ItemsStore,
    private readonly counters: ItemCounters,
    private readonly newId: () => string = randomUUID,
  ) {}

  async create(input: ItemInput): Promise<Item> {
    const result = await this.store.create(this.newId(), input);
    if (result.status === 'duplicate') throw duplicate(input.name);
    this.counters.created.inc();
    return result.item;
  }

  async get(id: string): Promise<Item> {
    const item = await this.store.get(id);
    if (!item) throw missing(id);
    return item;
  }

  listByOffset(offset: number, limit: number): Promise<readonly Item[]> {
    return this.store.listByOffset(offset, limit);
  }

  listAfter(after: number, limit: number): Promise<Page> {
    return this.store.listAfter(after, limit);
  }

  async update(id: string, expected: ExpectedVersion | undefined, input: ItemInput): Promise<Item> {
    const result = await this.store.update(id, required(expected, 'update'), input);
    switch (result.status) {
      case 'ok':
        this.counters.updated.inc();
        return result.item;
      case 'missing':
        throw missing(id);
      case 'stale':
        throw stale(id, result.current);
      case 'duplicate':
        throw duplicate(input.name);
    }
  }

  async delete(id: string, expected: ExpectedVersion | undefined): Promise<void> {
    const result = await this.store.delete(id, required(expected, 'delete'));
    if (result.status === 'missing') throw missing(id);
    if (result.status === 'stale') throw stale(id, result.current);
    this.counters.deleted.inc();
  }
}

function required(expected: ExpectedVersion | undefined, action: string): ExpectedVersion {
  if (expected === undefined)
    throw new PreconditionRequiredError(
      `send If-Match with the item's ETag to ${action} it (or If-Match: * to ${action} whatever version is current)`,
    );
  return expected;
}

const missing = (id: string) => new NotFoundError(`no item with id ${id}`);
const duplicate = (name: string) => new ConflictError(`an item named '${name}' already exists`);
const stale = (id: string, current: Item) =>
  new PreconditionFailedError(
    `item ${id} is at version ${current.version}: someone else changed it; read it again and retry`,
    etagOf(current),
  );
