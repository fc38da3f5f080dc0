import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { Principal, Role } from './auth/roles';

export type RequestContext = {
  correlationId: string;
  /** The revision named by If-Match, when the request sent one. */
  ifMatch: number | undefined;
  principal: Principal | null;
  /** Who the event metadata names as having acted. */
  actor: string;
};

export type RouteInput<Params, Query, Body> = {
  params: Params;
  query: Query;
  body: Body;
  headers: IncomingHttpHeaders;
  context: RequestContext;
  /** The body's bytes as sent, for routes that take a raw body (signed webhooks); empty otherwise. */
  rawBody: Buffer;
};

/**
 * A body the route reads itself from its bytes: a signature covers the exact
 * bytes sent, so nothing may parse or re-encode them first. `schema` only
 * documents the JSON form for the OpenAPI document.
 */
export type RawBodySpec = { description: string; schema?: z.ZodType };

export type RouteResult = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as-is with this content type instead of JSON. */
  raw?: { contentType: string; text: string };
};

export type ResponseSpec = { description: string; schema?: z.ZodType };

type AnyObject = z.ZodType<Record<string, unknown>>;

export type RouteDefinition<
  Params extends AnyObject = AnyObject,
  Query extends AnyObject = AnyObject,
  Body extends z.ZodType = z.ZodType,
> = {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI style: /orders/{orderId} */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it; 'public' needs no key. */
  roles: readonly Role[] | 'public';
  params?: Params;
  query?: Query;
  body?: Body;
  /** Instead of `body`: the route takes the bytes as sent (see RawBodySpec). */
  rawBody?: RawBodySpec;
  /**
   * The answer carries a secret shown once (a webhook signing secret): an
   * Idempotency-Key is then ignored, since keeping the answer to replay it
   * would store the secret beside the request records.
   */
  answersSecret?: boolean;
  /** The success status and body; refusals are documented once for every route. */
  success: { status: number; description: string; schema?: z.ZodType };
  handle(input: RouteInput<z.infer<Params>, z.infer<Query>, z.infer<Body>>): Promise<RouteResult>;
  /**
   * For a command whose process died before its answer to an Idempotency-Key
   * was stored: the answer `handle` gave to the request with this input and
   * correlation id, rebuilt from the events it appended; null when none are
   * in the log. Without it, such a request runs again.
   */
  recover?(input: RouteInput<z.infer<Params>, z.infer<Query>, z.infer<Body>>): Promise<RouteResult | null>;
};

/** Keeps each route's handler typed by its own schemas. */
export const defineRoute = <Params extends AnyObject, Query extends AnyObject, Body extends z.ZodType>(
  route: RouteDefinition<Params, Query, Body>,
): RouteDefinition => route as unknown as RouteDefinition;

export const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
