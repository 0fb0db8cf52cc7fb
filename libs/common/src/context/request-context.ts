import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What follows one unit of work (an HTTP request, a consumed message) through every await:
 * the correlation id that ties log lines across services together, and the message being handled.
 */
export interface RequestContext {
  correlationId: string;
  causationId?: string;
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
  correlationId(): string {
    return storage.getStore()?.correlationId ?? randomUUID();
  },
};

/** The header callers use to choose the correlation id; answered back on every response. */
export const CORRELATION_HEADER = 'x-request-id';
