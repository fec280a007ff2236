/**
 * Probes, scrapes and docs: traffic from machines, not users. Kept out of the
 * RED metrics and the access log by default, so a kubelet probing every second
 * cannot dilute a canary's success rate or drown its logs.
 */
export function isInfraPath(path: string): boolean {
  return (
    path === '/' ||
    path === '/metrics' ||
    path === '/openapi.json' ||
    path === '/favicon.ico' ||
    path.startsWith('/health/') ||
    path === '/docs' ||
    path.startsWith('/docs/')
  );
}

/**
 * Business routes: what users call and what canary analysis judges, and so
 * the only routes the fault profile touches.
 */
export function isBusinessRoute(path: string): boolean {
  return path.startsWith('/api/') || path.startsWith('/demo/');
}
