import { errorToResponse } from "./error-response";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler so that anything it throws becomes a JSON error with a stable code. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorToResponse(error, { method: request.method, path: new URL(request.url).pathname });
    }
  };
}
