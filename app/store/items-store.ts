/** An item as the store keeps it; both API versions are views of this. */
export interface Item {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Price in minor units (cents), so no float ever holds money. */
  readonly priceCents: number;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
  /** Starts at 1 and grows by one on every update: the ETag and the If-Match rule read it. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What a caller supplies on create and on a full update. */
export interface ItemInput {
  readonly name: string;
  readonly description: string;
  readonly priceCents: number;
  readonly currency: string;
}

/** `any` skips the version check (`If-Match: *`); a number must equal the stored version. */
export type ExpectedVersion = number | 'any';

export type CreateResult =
  | { readonly status: 'created'; readonly item: Item }
  | { readonly status: 'duplicate' };

export type WriteResult =
  | { readonly status: 'ok'; readonly item: Item }
  | { readonly status: 'missing' }
  | { readonly status: 'stale'; readonly current: Item }
  | { readonly status: 'duplicate' };

export type DeleteResult =
  | { readonly status: 'deleted' }
  | { readonly status: 'missing' }
  | { readonly status: 'stale'; readonly current: Item };

/** One page in insertion order; `after` is the position of the last item of the previous page. */
export interface Page {
  readonly items: readonly Item[];
  /** Position to pass as `after` for the next page; undefined on the last page. */
  readonly next?: number;
}

/**
 * The items store port. Adapters (PostgreSQL through pg, PGlite in-process)
 * run the same SQL and pass one contract suite (test/store/contract.ts).
 * Unreachable or slow databases surface as DatabaseUnavailableError.
 */
export interface ItemsStore {
  create(id: string, input: ItemInput): Promise<CreateResult>;
  get(id: string): Promise<Item | undefined>;
  /** Offset paging (API v1). */
  listByOffset(offset: number, limit: number): Promise<readonly Item[]>;
  /** Keyset paging (API v2): stable while items are added or removed. */
  listAfter(after: number, limit: number): Promise<Page>;
  /** Replaces the item's fields if its version matches; the version grows by one. */
  update(id: string, expected: ExpectedVersion, input: ItemInput): Promise<WriteResult>;
  delete(id: string, expected: ExpectedVersion): Promise<DeleteResult>;
  /** A cheap round trip (`select 1`) for readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
