const UNITS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};

/** Milliseconds of a Go duration string as Argo reads it (`30s`, `1m`, `1m30s`, `500ms`). */
export function parseGoDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`invalid duration "${text}": expected a Go duration such as 30s, 1m or 1m30s`);
  }
  return parts.reduce((ms, [, value, unit]) => ms + Number(value) * (UNITS[unit as string] as number), 0);
}
