import { DatabaseUnavailableError } from '../errors.js';
import type { ExpectedVersion, ItemInput, ItemsStore } from './items-store.js';

/**
 * The items store while it opens in the background. The service listens at
 * once, so the startup probe answers 503 instead of refusing connections and
 * liveness answers at all; until the real store is open (and migrated), item
 * routes answer 503 and the readiness check names the database.
 */
export class OpeningStore implements ItemsStore {
  #store: ItemsStore | undefined;
  #failure: unknown;
  readonly #opening: Promise<ItemsStore>;

  constructor(opening: Promise<ItemsStore>) {
    this.#opening = opening;
    opening.then(
      (store) => {
        this.#store = store;
      },
      (error: unknown) => {
        this.#failure = error;
      },
    );
  }

  #ready(): ItemsStore {
    if (this.#store) return this.#store;
    throw new DatabaseUnavailableError(
      this.#failure ? 'the items store failed to open' : 'the items store is still opening',
    );
  }

  async create(id: string, input: ItemInput) {
    return this.#ready().create(id, input);
  }
  async get(id: string) {
    return this.#ready().get(id);
  }
  async listByOffset(offset: number, limit: number) {
    return this.#ready().listByOffset(offset, limit);
  }
  async listAfter(after: number, limit: number) {
    return this.#ready().listAfter(after, limit);
  }
  async update(id: string, expected: ExpectedVersion, input: ItemInput) {
    return this.#ready().update(id, expected, input);
  }
  async delete(id: string, expected: ExpectedVersion) {
    return this.#ready().delete(id, expected);
  }
  async ping() {
    return this.#ready().ping();
  }
  /** Closes the store, waiting for it to finish opening first so nothing is left running. */
  async close() {
    const store = await this.#opening.catch(() => undefined);
    await store?.close();
  }
}
