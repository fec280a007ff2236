import { schema } from './schema.js';

interface Leaf {
  readonly doc: string;
  readonly env: string;
  readonly default: unknown;
  readonly format: unknown;
  readonly sensitive?: boolean;
}

function leaves(node: object, prefix = ''): [string, Leaf][] {
  return Object.entries(node).flatMap(([key, value]) =>
    'doc' in value
      ? [[`${prefix}${key}`, value as Leaf] as [string, Leaf]]
      : leaves(value, `${prefix}${key}.`),
  );
}

function formatOf(format: unknown): string {
  if (Array.isArray(format)) return format.join(' \\| ');
  if (format === String) return 'string';
  return String(format);
}

/** The configuration reference as a Markdown table, rendered from the schema (README and `npm run config:doc`). */
export function renderConfigTable(): string {
  const rows = leaves(schema).map(([key, leaf]) => {
    const value = leaf.sensitive ? '(secret)' : JSON.stringify(leaf.default);
    return `| \`${leaf.env}\` | \`${key}\` | ${formatOf(leaf.format)} | \`${value}\` | ${leaf.doc} |`;
  });
  return ['| Variable | Key | Format | Default | Meaning |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}
