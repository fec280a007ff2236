import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { isInfraPath } from './infra-paths.js';
import { routeLabel } from './route-label.js';

function levelFor(_req: IncomingMessage, res: ServerResponse, error?: Error) {
  if (error || res.statusCode >= 500) return 'error' as const;
  if (res.statusCode >= 400) return 'warn' as const;
  return 'info' as const;
}

/**
 * One access line per request (method, route, status, duration, request ID),
 * and `req.log`, a child logger that stamps the request ID on every other line.
 */
export function accessLog(logger: Logger, options: { readonly logInfraRoutes: boolean }) {
  return pinoHttp({
    logger,
    genReqId: (req) => req.id,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    autoLogging: {
      ignore: (req) => !options.logInfraRoutes && isInfraPath((req as Request).path ?? req.url ?? ''),
    },
    customLogLevel: levelFor,
    customSuccessMessage: (req, res) => `${req.method} ${routeLabel(req as Request)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeLabel(req as Request)} ${res.statusCode}`,
    customSuccessObject: (req, _res, value) => ({ ...value, route: routeLabel(req as Request) }),
    customErrorObject: (req, _res, _error, value) => ({ ...value, route: routeLabel(req as Request) }),
    serializers: {
      req: (req) => ({
        method: req.method,
        url: req.url,
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
  });
}
