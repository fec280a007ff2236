/** A query Prometheus could not answer (unreachable, bad PromQL, unsupported result type). */
export class PrometheusQueryError extends Error {
  override readonly name = 'PrometheusQueryError';
}

/** One instant-vector sample. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** What an instant query returned, in the two shapes Argo's Prometheus provider accepts. */
export type InstantResult =
  | { readonly type: 'vector'; readonly samples: readonly Sample[] }
  | { readonly type: 'scalar'; readonly value: number };

interface ApiResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: unknown };
}

/** Prometheus writes sample values as strings: "NaN", "+Inf", "0.95". */
function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** Runs an instant query (`/api/v1/query`), optionally at time `at`. */
export async function instantQuery(baseUrl: string, query: string, at?: Date): Promise<InstantResult> {
  const params = new URLSearchParams({ query });
  if (at) params.set('time', String(at.getTime() / 1000));
  let body: ApiResponse;
  try {
    const response = await fetch(`${baseUrl}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: params,
      signal: AbortSignal.timeout(10_000),
    });
    body = (await response.json()) as ApiResponse;
  } catch (error) {
    throw new PrometheusQueryError(`query failed: ${(error as Error).message}`);
  }
  if (body.status !== 'success' || !body.data) {
    throw new PrometheusQueryError(`query failed: ${body.error ?? 'no data in response'}`);
  }
  const { resultType, result } = body.data;
  if (resultType === 'vector') {
    const samples = (result as { metric: Record<string, string>; value: [number, string] }[]).map((s) => ({
      labels: s.metric,
      value: parseValue(s.value[1]),
    }));
    return { type: 'vector', samples };
  }
  if (resultType === 'scalar') return { type: 'scalar', value: parseValue((result as [number, string])[1]) };
  // Argo's provider rejects range vectors and strings the same way.
  throw new PrometheusQueryError(`Prometheus metric type not supported: ${resultType}`);
}
