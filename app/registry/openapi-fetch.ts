import { NotFoundError, RegisteredServiceError } from '../errors.js';
import type { RegisteredService } from './store.js';

/** Largest OpenAPI document the registry relays; a bigger one is a 502, not an out-of-memory. */
export const maxOpenApiBytes = 5 * 1024 * 1024;

async function readBounded(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await body.cancel().catch(() => {});
      throw new Error(`document larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Fetches a registered service's OpenAPI document on a caller's behalf, so one
 * address answers "what can each service do" (PicoAPI's introspection). Every
 * failure names the service: no answer in time is a 504, anything else a 502.
 */
export async function fetchOpenApiDocument(
  service: RegisteredService,
  timeoutMs: number,
  maxBytes = maxOpenApiBytes,
): Promise<unknown> {
  if (!service.openapiUrl) throw new NotFoundError(`service '${service.name}' registered no openapiUrl`);
  const url = service.openapiUrl;
  const signal = AbortSignal.timeout(timeoutMs);
  let text: string;
  try {
    const response = await fetch(url, {
      signal,
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegisteredServiceError(service.name, 'bad-gateway', `${url} answered ${response.status}`);
    }
    text = await readBounded(response.body, maxBytes);
  } catch (error) {
    if (error instanceof RegisteredServiceError) throw error;
    if (signal.aborted) {
      throw new RegisteredServiceError(
        service.name,
        'timeout',
        `${url} gave no answer within ${timeoutMs} ms`,
      );
    }
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const reason = String(cause?.code ?? cause?.message ?? (error as Error).message);
    throw new RegisteredServiceError(service.name, 'bad-gateway', `${url} failed: ${reason}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RegisteredServiceError(service.name, 'bad-gateway', `${url} did not answer JSON`);
  }
}
