import convict from 'convict';
import { registerFormats } from './formats.js';
import { schema } from './schema.js';

registerFormats();

type Leaf = { readonly default: unknown };
type Values<S> = {
  -readonly [K in keyof S]: S[K] extends Leaf
    ? S[K]['default'] extends boolean
      ? boolean
      : S[K]['default'] extends number
        ? number
        : S[K] extends { readonly format: readonly (infer E)[] }
          ? E
          : string
    : Values<S[K]>;
};

/** The validated configuration of one process. */
export type Config = Values<typeof schema>;

/** A configuration value that failed validation; `message` is one line per bad key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function envNameOf(key: string): string | undefined {
  let node: unknown = schema;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return (node as { env?: string } | undefined)?.env;
}

/**
 * Reads configuration from an environment map (never from `process.env`
 * directly, so tests pass their own) and validates it strictly.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const config = convict(schema, { env: env as NodeJS.ProcessEnv, args: [] });
  try {
    config.validate({ allowed: 'strict' });
  } catch (error) {
    const lines = String((error as Error).message)
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const match = /^([\w.]+): (.*)$/.exec(line);
        if (!match) return line;
        const [, key = '', rest = ''] = match;
        const envName = envNameOf(key);
        // Convict leaves the value out when it is falsy (0, ""); the user still needs to see it.
        const value = rest.includes(': value was ')
          ? ''
          : `: value was ${JSON.stringify(config.get(key as never))}`;
        return `${key}${envName ? ` (${envName})` : ''}: ${rest}${value}`;
      });
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  return config.getProperties() as Config;
}
