import type { Dispatcher } from 'undici';
import { UpstreamFailure, type UpstreamResponse } from './failures.js';
import { isTransientStatus } from './retry-policy.js';

export interface AttemptRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface AttemptLimits {
  readonly attemptTimeoutMs: number;
  readonly maxResponseBytes: number;
  /** Aborts when the whole call's deadline passes (or the caller gives up). */
  readonly callSignal: AbortSignal;
}

async function readCapped(body: Dispatcher.ResponseData['body'], max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * One request on the upstream's pool, bounded by the attempt timeout and the
 * call's deadline (one AbortSignal covers connect, headers and body). Answers
 * with 2xx-4xx are returned; everything else throws an UpstreamFailure.
 */
export async function attempt(
  pool: Dispatcher,
  request: AttemptRequest,
  limits: AttemptLimits,
): Promise<Omit<UpstreamResponse, 'attempts'>> {
  const signal = AbortSignal.any([limits.callSignal, AbortSignal.timeout(limits.attemptTimeoutMs)]);
  try {
    const response = await pool.request({
      method: request.method as Dispatcher.HttpMethod,
      path: request.path,
      headers: request.headers,
      body: request.body ?? null,
      signal,
    });
    const body = await readCapped(response.body, limits.maxResponseBytes);
    if (!body) {
      throw new UpstreamFailure(
        'invalid_response',
        false,
        `response larger than ${limits.maxResponseBytes} bytes`,
        response.statusCode,
      );
    }
    const status = response.statusCode;
    if (status >= 500) {
      throw new UpstreamFailure('server_error', isTransientStatus(status), `answered ${status}`, status);
    }
    const contentType = response.headers['content-type'];
    return { status, contentType: typeof contentType === 'string' ? contentType : undefined, body };
  } catch (error) {
    if (error instanceof UpstreamFailure) throw error;
    if (signal.aborted) throw new UpstreamFailure('timeout', true, 'no answer in time');
    const code = (error as { code?: unknown }).code;
    throw new UpstreamFailure('connection_error', true, `connection failed (${String(code ?? error)})`);
  }
}
