import { AsyncLocalStorage } from "node:async_hooks";

/** What every log line written while a request is handled carries about that request. */
export type RequestContext = { requestId: string };

// On globalThis: the bundler may give each route its own copy of this module, and the logger (possibly another
// copy) must see the context the route wrapper entered.
const globalForContext = globalThis as unknown as { __chatbotRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (globalForContext.__chatbotRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** Runs fn, and everything it starts (streams, saves after the response), inside the request's context. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
