// The plantrack API client for TypeScript: openapi-fetch over types generated from the committed OpenAPI document
// (schema.ts, `npm run client`). Every path, parameter, body and answer is typed; errors come back as the
// problem+json document the API sends.
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths } from './schema.js';
export type Schemas = components['schemas'];
export type PlantrackClient = Client<paths>;

export interface ClientOptions {
  /** Where the service is, e.g. `https://plantrack.cantho.gov.vn`. */
  baseUrl: string;
  /** An API key (`pt_…`) or an OIDC access token. */
  token?: string;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
}

export function createPlantrackClient(options: ClientOptions): PlantrackClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** A failed call: the problem document, with the status, thrown by `unwrap`. */
export class PlantrackError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    const detail = (problem as { detail?: string } | undefined)?.detail;
    super(`plantrack answered ${status}${detail ? `: ${detail}` : ''}`);
  }
}

/** The data of a successful answer, or a PlantrackError with the problem document. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new PlantrackError(result.response.status, result.error);
  return result.data;
}

/** Every item of a list, page after page (the API's `nextCursor`). */
export async function* allItems<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
