import { NotFoundError } from '../errors.js';
import type { RegistryDeps } from './registry-deps.js';
import type { RegisteredService, Registration } from './store.js';

/** Registers (or refreshes) a service and checks it at once, so it need not wait a whole round. */
export function registerService(
  deps: RegistryDeps,
  name: string,
  registration: Registration,
): { created: boolean; service: RegisteredService } {
  const result = deps.store.upsert(name, registration);
  deps.checker.checkSoon(name);
  return result;
}

/** One registered service, or a 404 naming it. */
export function findService(deps: RegistryDeps, name: string): RegisteredService {
  const service = deps.store.get(name);
  if (!service) throw new NotFoundError(`no service named '${name}' is registered`);
  return service;
}

/** Deregisters a service; a 404 when it was not registered. */
export function deregisterService(deps: RegistryDeps, name: string): void {
  if (!deps.store.remove(name)) throw new NotFoundError(`no service named '${name}' is registered`);
}
