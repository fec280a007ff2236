import type { Request } from 'express';
import { unmatchedRoute } from '../metrics.js';

/** The route template for metrics and logs; never the raw path, so label values stay bounded. */
export function routeLabel(req: Request): string {
  const path: unknown = req.route?.path;
  if (typeof path === 'string') return path;
  // Mounted middleware (the docs) rewrites req.path; originalUrl keeps the whole path.
  if (req.originalUrl.startsWith('/docs')) return '/docs/*';
  return unmatchedRoute;
}
