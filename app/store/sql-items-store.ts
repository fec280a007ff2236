import type {
  CreateResult,
  DeleteResult,
  ExpectedVersion,
  Item,
  ItemInput,
  ItemsStore,
  Page,
  WriteResult,
} from './items-store.js';
import type { SqlExecutor } from './sql.js';

interface ItemRow {
  id: string;
  seq: string | number;
  name: string;
  description: string;
  price_cents: string | number;
  currency: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, seq, name, description, price_cents, currency, version, created_at, updated_at';

function toItem(row: ItemRow): Item {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    priceCents: Number(row.price_cents),
    currency: row.currency,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** SQLSTATE 23505: a unique index said no. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

/**
 * The items store over plain SQL. Optimistic concurrency lives in the UPDATE's
 * WHERE clause (`version = $n`), so two writers holding the same version cannot
 * both win, whatever the isolation level.
 */
export class SqlItemsStore implements ItemsStore {
  constructor(private readonly db: SqlExecutor) {}

  async create(id: string, input: ItemInput): Promise<CreateResult> {
    try {
      const { rows } = await this.db.query<ItemRow>(
        'items.create',
        `insert into items (id, name, description, price_cents, currency)
         values ($1, $2, $3, $4, $5) returning ${columns}`,
        [id, input.name, input.description, input.priceCents, input.currency],
      );
      return { status: 'created', item: toItem(rows[0] as ItemRow) };
    } catch (error) {
      if (isUniqueViolation(error)) return { status: 'duplicate' };
      throw error;
    }
  }

  async get(id: string): Promise<Item | undefined> {
    const { rows } = await this.db.query<ItemRow>('items.get', `select ${columns} from items where id = $1`, [
      id,
    ]);
    return rows[0] ? toItem(rows[0]) : undefined;
  }

  async listByOffset(offset: number, limit: number): Promise<readonly Item[]> {
    const { rows } = await this.db.query<ItemRow>(
      'items.list',
      `select ${columns} from items order by seq limit $1 offset $2`,
      [limit, offset],
    );
    return rows.map(toItem);
  }

  async listAfter(after: number, limit: number): Promise<Page> {
    // One extra row tells whether another page exists without a count query.
    const { rows } = await this.db.query<ItemRow>(
      'items.list',
      `select ${columns} from items where seq > $1 order by seq limit $2`,
      [after, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return rows.length > limit && last
      ? { items: page.map(toItem), next: Number(last.seq) }
      : { items: page.map(toItem) };
  }

  async update(id: string, expected: ExpectedVersion, input: ItemInput): Promise<WriteResult> {
    let rows: ItemRow[];
    try {
      ({ rows } = await this.db.query<ItemRow>(
        'items.update',
        `update items set name = $3, description = $4, price_cents = $5, currency = $6,
           version = version + 1, updated_at = now()
         where id = $1 and ($2::integer is null or version = $2)
         returning ${columns}`,
        [
          id,
          expected === 'any' ? null : expected,
          input.name,
          input.description,
          input.priceCents,
          input.currency,
        ],
      ));
    } catch (error) {
      if (isUniqueViolation(error)) return { status: 'duplicate' };
      throw error;
    }
    if (rows[0]) return { status: 'ok', item: toItem(rows[0]) };
    return this.missingOrStale(id);
  }

  async delete(id: string, expected: ExpectedVersion): Promise<DeleteResult> {
    const { rowCount } = await this.db.query(
      'items.delete',
      'delete from items where id = $1 and ($2::integer is null or version = $2)',
      [id, expected === 'any' ? null : expected],
    );
    if (rowCount > 0) return { status: 'deleted' };
    return this.missingOrStale(id);
  }

  async ping(): Promise<void> {
    await this.db.query('ping', 'select 1');
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private async missingOrStale(
    id: string,
  ): Promise<{ status: 'missing' } | { status: 'stale'; current: Item }> {
    const current = await this.get(id);
    return current ? { status: 'stale', current } : { status: 'missing' };
  }
}
