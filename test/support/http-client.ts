import http from 'node:http';

/** What became of one request, from the client's side. */
export interface Outcome {
  readonly path: string;
  /** `Date.now()` when the request was handed to the socket pool, and when it settled. */
  readonly sentAt: number;
  readonly endedAt: number;
  /** Whether it went out on a keep-alive socket that had already carried a request. */
  readonly reusedSocket: boolean;
  /** `Date.now()` when a new socket finished connecting; undefined on a reused socket. */
  readonly connectedAt?: number;
  readonly status?: number;
  /** The `Connection` response header. */
  readonly connection?: string;
  /** The whole body arrived: as long as Content-Length says, and valid JSON when it claims to be JSON. */
  readonly complete?: boolean;
  /** The error code (ECONNREFUSED, ECONNRESET…) when no complete response arrived. */
  readonly error?: string;
}

function isComplete(res: http.IncomingMessage, body: Buffer): boolean {
  const declared = res.headers['content-length'];
  if (declared !== undefined && Number(declared) !== body.length) return false;
  if (!res.complete) return false;
  if (String(res.headers['content-type']).includes('json')) {
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * One GET over node:http, never rejecting: connection failures become an
 * `error` code, so a load loop can count them instead of stopping.
 */
export function get(
  baseUrl: string,
  path: string,
  agent: http.Agent | false,
  timeoutMs = 5000,
): Promise<Outcome> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    let connectedAt: number | undefined;
    const req = http.get(new URL(path, baseUrl), { agent, timeout: timeoutMs });
    req.on('socket', (socket) => {
      if (socket.connecting) socket.once('connect', () => (connectedAt = Date.now()));
    });
    const settle = (
      fields: Omit<Outcome, 'path' | 'sentAt' | 'endedAt' | 'reusedSocket' | 'connectedAt'>,
    ): void => {
      if (settled) return;
      settled = true;
      resolve({ path, sentAt, endedAt: Date.now(), reusedSocket: req.reusedSocket, connectedAt, ...fields });
    };
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })),
    );
    req.on('error', (error: NodeJS.ErrnoException) => settle({ error: error.code ?? error.message }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error: NodeJS.ErrnoException) =>
        settle({ status: res.statusCode, error: error.code ?? error.message, complete: false }),
      );
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        settle({
          status: res.statusCode,
          connection: res.headers.connection,
          complete: isComplete(res, body),
        });
      });
    });
  });
}
