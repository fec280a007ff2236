import type { SqlExecutor } from './sql.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The schema, in order. Append only: a migration that ran somewhere is never
 * edited. Both adapters run exactly these statements.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create items',
    sql: `
      create table items (
        id uuid primary key,
        -- keyset position for cursor paging: insertion order, never reused
        seq bigint generated always as identity unique,
        name text not null,
        description text not null default '',
        price_cents bigint not null check (price_cents >= 0),
        currency char(3) not null,
        version integer not null default 1,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      -- names are unique whatever their case: "Mug" and "mug" are one item
      create unique index items_name_unique on items (lower(name));
    `,
  },
];

/** Any number; it only has to be the same in every process migrating this database. */
const migrationLockKey = 727_001;

/**
 * Applies pending migrations in one transaction under an advisory lock, so
 * replicas starting together migrate once. Returns the versions applied.
 */
export async function runMigrations(
  db: SqlExecutor,
  all: readonly Migration[] = migrations,
): Promise<number[]> {
  return db.transaction('migrate', async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [migrationLockKey]);
    await tx.query(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of all) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
