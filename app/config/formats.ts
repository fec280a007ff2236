import convict from 'convict';
import { parseUpstreams } from '../upstream/upstream-list.js';

/**
 * Strict formats. Convict's built-ins coerce loosely (`parseInt('12abc')` is 12,
 * and any boolean string but "false" is true); these keep a malformed string as
 * it is so validation rejects it and the error shows the value the user typed.
 */
const intPattern = /^-?\d+$/;
const numberPattern = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function toInt(value: unknown): unknown {
  return typeof value === 'string' && intPattern.test(value.trim()) ? Number(value) : value;
}

function toNumber(value: unknown): unknown {
  return typeof value === 'string' && numberPattern.test(value.trim()) ? Number(value) : value;
}

function intRange(min: number, max: number) {
  return (value: unknown): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(
        max === Number.MAX_SAFE_INTEGER
          ? `must be an integer of at least ${min}`
          : `must be an integer from ${min} to ${max}`,
      );
    }
  };
}

const booleans: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

/**
 * Registers the strict formats in convict's process-wide format table. Calling
 * it again only re-registers the same functions.
 */
export function registerFormats(): void {
  convict.addFormats({
    'strict-boolean': {
      validate(value: unknown) {
        if (typeof value !== 'boolean') throw new Error('must be true or false');
      },
      coerce: (value: string) => booleans[value.trim().toLowerCase()] ?? value,
    },
    'tcp-port': { validate: intRange(0, 65535), coerce: toInt },
    'non-negative-int': { validate: intRange(0, Number.MAX_SAFE_INTEGER), coerce: toInt },
    'positive-int': { validate: intRange(1, Number.MAX_SAFE_INTEGER), coerce: toInt },
    'http-error-status': { validate: intRange(400, 599), coerce: toInt },
    // Empty (the feature is off) or an absolute http(s) URL: a typo fails at start-up, not at the first call.
    'optional-http-url': {
      validate(value: unknown) {
        if (value === '') return;
        let url: URL | undefined;
        try {
          url = new URL(String(value));
        } catch {}
        if (typeof value !== 'string' || !url || !['http:', 'https:'].includes(url.protocol))
          throw new Error('must be empty or an absolute http(s) URL');
      },
    },
    // UPSTREAMS: `name=url,…`; a bad entry fails at start-up, naming the entry.
    'upstream-list': {
      validate(value: unknown) {
        if (typeof value !== 'string') throw new Error('must be a comma-separated list of name=url');
        parseUpstreams(value);
      },
    },
    // An absolute http(s) URL that must be set (the OTLP collector).
    'upstream-url': {
      validate(value: unknown) {
        let ok = false;
        try {
          ok =
            typeof value === 'string' && !value.includes(',') && parseUpstreams(`url=${value}`).length === 1;
        } catch {}
        if (!ok) throw new Error('must be an absolute http(s) URL');
      },
    },
    ratio: {
      validate(value: unknown) {
        if (typeof value !== 'number' || !(value >= 0 && value <= 1))
          throw new Error('must be a number from 0 to 1');
      },
      coerce: toNumber,
    },
  });
}
