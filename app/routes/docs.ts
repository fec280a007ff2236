import express, { type Router } from 'express';
import { docsSecurityHeaders } from '../http/security-headers.js';

/**
 * `/` → `/docs`, an interactive reference over `/openapi.json`; assets come
 * from the package, not a CDN. The document and Swagger UI are built on the
 * first request for either, not at start-up: together they were ~150 ms of the
 * cold start (README, "Performance") that a pod serving traffic never needs.
 */
export function mountDocs(router: Router, buildDocument: () => Promise<object>): void {
  let document: Promise<object> | undefined;
  const documentOnce = () => {
    document ??= buildDocument();
    return document;
  };
  let ui: Promise<Router> | undefined;
  const uiOnce = () => {
    ui ??= import('swagger-ui-express').then(({ default: swaggerUi }) => {
      const options = { swaggerOptions: { url: '/openapi.json' }, customSiteTitle: 'sample-api' };
      const docs = express.Router();
      docs.use(swaggerUi.serveFiles(undefined, options), swaggerUi.setup(undefined, options));
      return docs;
    });
    return ui;
  };
  router.get('/', (_req, res) => res.redirect(302, '/docs'));
  router.get('/openapi.json', async (_req, res) => {
    res.json(await documentOnce());
  });
  router.use('/docs', docsSecurityHeaders(), async (req, res, next) => {
    (await uiOnce())(req, res, next);
  });
}
