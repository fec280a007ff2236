import type { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { docsSecurityHeaders } from '../http/security-headers.js';

/** `/` → `/docs`, an interactive reference over `/openapi.json`; assets come from the package, not a CDN. */
export function mountDocs(router: Router, document: object): void {
  router.get('/', (_req, res) => res.redirect(302, '/docs'));
  router.get('/openapi.json', (_req, res) => res.json(document));
  const options = { swaggerOptions: { url: '/openapi.json' }, customSiteTitle: 'sample-api' };
  router.use(
    '/docs',
    docsSecurityHeaders(),
    swaggerUi.serveFiles(undefined, options),
    swaggerUi.setup(undefined, options),
  );
}
