import type { Response } from 'express';
import { z } from 'zod';
import type { Config } from '../config/load.js';
import { etagOf, type ItemsService } from '../domain/items/items-service.js';
import { type Endpoint, endpoint } from '../http/endpoint.js';
import { expectedVersion } from '../http/if-match.js';
import { intParam } from '../http/params.js';
import type { Item } from '../store/items-store.js';
import { currency, ItemParams, ifMatchDescription, json, textFields } from './items-schemas.js';

const ItemV1 = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    priceCents: z.number().int().meta({ description: 'Price in minor units (cents).' }),
    currency: z.string(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ItemV1' });

/** v1 shape: flat, price as an integer number of cents. */
export function toV1(item: Item) {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    priceCents: item.priceCents,
    currency: item.currency,
    version: item.version,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

function sendItem(res: Response, status: number, item: Item): void {
  res.status(status).set('ETag', etagOf(item)).json(toV1(item));
}

/** /api/v1/items: plain JSON, offset paging, flat price in cents. */
export function itemsV1Endpoints(itemsConfig: Config['items'], items: ItemsService): Endpoint[] {
  const Input = z
    .object({
      ...textFields(itemsConfig),
      priceCents: z
        .number({ error: 'must be a whole number of cents' })
        .int({ error: 'must be a whole number of cents' })
        .min(0, { error: 'must be at least 0' })
        .max(Number.MAX_SAFE_INTEGER, { error: 'is too large' }),
      currency,
    })
    .strict()
    .meta({ id: 'ItemInputV1' });
  const base = '/api/v1/items';
  const tags = ['items v1'];
  return [
    endpoint({
      method: 'get',
      path: base,
      summary: 'v1: list items in creation order (offset paging; the body is a bare array).',
      tags,
      query: z.object({
        limit: intParam(1, itemsConfig.maxPageSize, 'Items per page.').default(itemsConfig.defaultPageSize),
        offset: intParam(0, Number.MAX_SAFE_INTEGER, 'Items to skip.').default(0),
      }),
      responses: { 200: json(z.array(ItemV1), 'A page of items') },
      async handle({ query }, _req, res) {
        res.json((await items.listByOffset(query.offset, query.limit)).map(toV1));
      },
    }),
    endpoint({
      method: 'post',
      path: base,
      summary: 'v1: create an item. A name already taken (any case) is a 409.',
      tags,
      body: Input,
      responses: { 201: json(ItemV1, 'Created; Location names it', true) },
      async handle({ body }, _req, res) {
        const item = await items.create(body);
        res.location(`${base}/${item.id}`);
        sendItem(res, 201, item);
      },
    }),
    endpoint({
      method: 'get',
      path: `${base}/:id`,
      summary: 'v1: one item, with its ETag.',
      tags,
      params: ItemParams,
      responses: { 200: json(ItemV1, 'The item', true) },
      async handle({ params }, _req, res) {
        sendItem(res, 200, await items.get(params.id));
      },
    }),
    endpoint({
      method: 'put',
      path: `${base}/:id`,
      summary: 'v1: replace an item (If-Match required).',
      description: ifMatchDescription,
      tags,
      params: ItemParams,
      body: Input,
      responses: { 200: json(ItemV1, 'Updated; the ETag is the new version', true) },
      async handle({ params, body }, req, res) {
        sendItem(res, 200, await items.update(params.id, expectedVersion(req), body));
      },
    }),
    endpoint({
      method: 'delete',
      path: `${base}/:id`,
      summary: 'v1: delete an item (If-Match required).',
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
