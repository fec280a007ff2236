import type { Response } from 'express';
import { z } from 'zod';
import type { Config } from '../config/load.js';
import { etagOf, type ItemsService } from '../domain/items/items-service.js';
import { ValidationError } from '../errors.js';
import { type Endpoint, endpoint } from '../http/endpoint.js';
import { expectedVersion } from '../http/if-match.js';
import { intParam } from '../http/params.js';
import type { Item, ItemInput } from '../store/items-store.js';
import { currency, ItemParams, ifMatchDescription, json, textFields } from './items-schemas.js';

/** v2's shape change: money is `{amount, currency}` with a decimal string, never a float. */
const Money = z
  .object({
    amount: z
      .string({ error: 'must be a decimal string' })
      .regex(/^\d{1,13}(\.\d{1,2})?$/, {
        error: 'must be a decimal string with at most 2 decimals, like "12.50"',
      })
      .meta({ example: '12.50' }),
    currency,
  })
  .strict()
  .meta({ id: 'Money' });

const ItemV2 = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    price: Money,
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ItemV2' });

const centsToAmount = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const amountToCents = (amount: string) => {
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
};

export function toV2(item: Item) {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    price: { amount: centsToAmount(item.priceCents), currency: item.currency },
    version: item.version,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

/** Cursors are opaque to clients: base64url of a small versioned JSON. */
export function encodeCursor(after: number): string {
  return Buffer.from(JSON.stringify({ v: 1, after })).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      v?: unknown;
      after?: unknown;
    };
    if (parsed.v === 1 && Number.isSafeInteger(parsed.after) && (parsed.after as number) >= 0)
      return parsed.after as number;
  } catch {
    // falls through to the 400 below
  }
  throw new ValidationError([{ name: 'cursor', in: 'query', reason: 'is not a cursor this API issued' }]);
}

function sendItem(res: Response, status: number, item: Item): void {
  res
    .status(status)
    .set('ETag', etagOf(item))
    .json({ data: toV2(item) });
}

/** /api/v2/items: `{data, page}` envelope, cursor paging, price as Money. */
export function itemsV2Endpoints(itemsConfig: Config['items'], items: ItemsService): Endpoint[] {
  const Input = z
    .object({ ...textFields(itemsConfig), price: Money })
    .strict()
    .meta({ id: 'ItemInputV2' });
  const toInput = (body: z.output<typeof Input>): ItemInput => ({
    name: body.name,
    description: body.description,
    priceCents: amountToCents(body.price.amount),
    currency: body.price.currency,
  });
  const One = z.object({ data: ItemV2 }).meta({ id: 'ItemEnvelopeV2' });
  const Page = z
    .object({
      data: z.array(ItemV2),
      page: z.object({
        limit: z.number().int(),
        nextCursor: z
          .string()
          .nullable()
          .meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
      }),
    })
    .meta({ id: 'ItemPageV2' });
  const base = '/api/v2/items';
  const tags = ['items v2'];
  return [
    endpoint({
      method: 'get',
      path: base,
      summary:
        'v2: list items with cursor paging, in a `{data, page: {nextCursor}}` envelope; price is `{amount, currency}`.',
      tags,
      query: z.object({
        limit: intParam(1, itemsConfig.maxPageSize, 'Items per page.').default(itemsConfig.defaultPageSize),
        cursor: z.string().max(200, { error: 'is not a cursor this API issued' }).optional().meta({
          description: 'The `page.nextCursor` of the previous page; omit for the first.',
        }),
      }),
      responses: { 200: json(Page, 'A page of items') },
      async handle({ query }, _req, res) {
        const page = await items.listAfter(query.cursor ? decodeCursor(query.cursor) : 0, query.limit);
        res.json({
          data: page.items.map(toV2),
          page: { limit: query.limit, nextCursor: page.next === undefined ? null : encodeCursor(page.next) },
        });
      },
    }),
    endpoint({
      method: 'post',
      path: base,
      summary:
        'v2: create an item; the body carries `price: {amount: "12.50", currency}` instead of v1\u2019s priceCents.',
      tags,
      body: Input,
      responses: { 201: json(One, 'Created; Location names it', true) },
      async handle({ body }, _req, res) {
        const item = await items.create(toInput(body));
        res.location(`${base}/${item.id}`);
        sendItem(res, 201, item);
      },
    }),
    endpoint({
      method: 'get',
      path: `${base}/:id`,
      summary: 'v2: one item as `{data}`, with its ETag.',
      tags,
      params: ItemParams,
      responses: { 200: json(One, 'The item', true) },
      async handle({ params }, _req, res) {
        sendItem(res, 200, await items.get(params.id));
      },
    }),
    endpoint({
      method: 'put',
      path: `${base}/:id`,
      summary: 'v2: replace an item (If-Match required).',
      description: ifMatchDescription,
      tags,
      params: ItemParams,
      body: Input,
      responses: { 200: json(One, 'Updated; the ETag is the new version', true) },
      async handle({ params, body }, req, res) {
        sendItem(res, 200, await items.update(params.id, expectedVersion(req), toInput(body)));
      },
    }),
    endpoint({
      method: 'delete',
      path: `${base}/:id`,
      summary: 'v2: delete an item (If-Match required).',
      description: ifMatchDescription,
      tags,
      params: ItemParams,
      responses: { 204: { description: 'Deleted' } },
      async handle({ params }, req, res) {
        await items.delete(params.id, expectedVersion(req));
        res.status(204).end();
      },
    }),
  ];
}
