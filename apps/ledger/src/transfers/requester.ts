import type { UserContext } from '@goodloop/common';
import type { CommandOrigin } from '../domain';

/**
 * Who caused a transfer asked for over HTTP: the signed-in user; the request's correlation id
 * follows. The caller is told of a refusal (a 4xx), so the refusal takes the id.
 */
export function originOf(user: UserContext): CommandOrigin {
  return { causedBy: `user:${user.id}`, correlationId: '', recordRefusal: true };
}

/**
 * The request with the asking user recorded in its references (unless the caller named one) and
 * a top-level `description` moved into them.
 */
export function withRequester<T extends { references?: { requestedBy?: string; description?: string }; description?: string }>(
  body: T,
  user: UserContext,
): Omit<T, 'description'> {
  const { description, ...rest } = stripUndefined(body);
  return {
    ...rest,
    references: {
      ...body.references,
      requestedBy: body.references?.requestedBy ?? user.id,
      ...(description ? { description } : {}),
    },
  };
}

/** Optional fields class-transformer left as undefined must not reach the command hash. */
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
