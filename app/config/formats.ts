import convict from 'convict';

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
    ratio: {
      validate(value: unknown) {
        if (typeof value !== 'number' || !(value >= 0 && value <= 1))
          throw new Error('must be a number from 0 to 1');
      },
      coerce: toNumber,
    },
  });
}
