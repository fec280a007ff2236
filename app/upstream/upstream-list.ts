/** One named neighbour this service may call. */
export interface UpstreamTarget {
  /** A DNS-label-like name: the `:name` of the proxy route and the `upstream` metric label. */
  readonly name: string;
  /** Absolute http(s) base URL; request paths are appended to its path. */
  readonly url: string;
}

const namePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Parses UPSTREAMS: a comma-separated list of `name=url`
 * (`catalog=http://catalog:8080,users=http://users`). Throws a message naming
 * the bad entry, so convict's start-up error shows what to fix. An empty text
 * is an empty list. The names are a fixed, operator-chosen set, which is what
 * keeps the `upstream` metric label bounded.
 */
export function parseUpstreams(text: string): UpstreamTarget[] {
  const targets: UpstreamTarget[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq).trim() : '';
    const url = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (!namePattern.test(name))
      throw new Error(`entry '${entry}': expected name=url with a lower-case DNS-label name`);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {}
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol))
      throw new Error(`entry '${entry}': '${url}' is not an absolute http(s) URL`);
    if (targets.some((t) => t.name === name)) throw new Error(`upstream '${name}' is named twice`);
    targets.push({ name, url: url.replace(/\/+$/, '') });
  }
  return targets;
}
