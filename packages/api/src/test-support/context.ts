// Test support: the one place tests assemble a procedure's context, so a change of its shape is made here once.
import type { Actor } from '@liandong/domain';
import type { ApiContext, HttpBridge } from '../context';
import { createCaller } from '../root';
import { createServices, type ServiceDeps, type Services } from '../services';

const built = new WeakMap<ServiceDeps, Services>();

/** The services over these dependencies, built once per `deps` object (pass the same object to share them). */
export function servicesFor(deps: ServiceDeps): Services {
  let services = built.get(deps);
  if (!services) {
    services = createServices(deps);
    built.set(deps, services);
  }
  return services;
}

export interface ContextOptions {
  http?: HttpBridge;
  sessionId?: string | null;
  /** Services to use instead of the built ones, e.g. a plan service whose measures only record what was started. */
  services?: Partial<Services>;
}

/**
 * The context a request of `actor` (null: nobody signed in) gets, as the host builds it: the services
 * over `deps` (a database, a Temporal client, the task queue a test worker serves).
 */
export function contextFor(deps: ServiceDeps, actor: Actor | null, options: ContextOptions = {}): ApiContext {
  const services = options.services ? { ...servicesFor(deps), ...options.services } : servicesFor(deps);
  return { services, actor, sessionId: options.sessionId ?? null, ...(options.http ? { http: options.http } : {}) };
}

/** `appRouter.createCaller` for one person. */
export function callerFor(deps: ServiceDeps, actor: Actor | null, options: ContextOptions = {}) {
  return createCaller(contextFor(deps, actor, options));
}
