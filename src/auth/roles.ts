// Who may do what. Roles are the closed vocabulary of the access model; each route declares the access it needs
// next to its schema (src/plugins/auth.ts enforces the declarations and writes them into the OpenAPI document).

/**
 * `admin`: API keys, webhooks, agencies, programs. `coordinator` (DPI): reviews reports, recommends amendments, edits
 * tasks and indicators. `approver` (the Chairman's office): decides amendments. `agency_officer`: writes only its own
 * agency's reports, task progress and amendment proposals. `viewer`: reads.
 */
export const roles = ['admin', 'coordinator', 'approver', 'agency_officer', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const actorTypes = ['api_key', 'user', 'anonymous', 'system'] as const;
export type ActorType = (typeof actorTypes)[number];

/** Who is making a request: an API key, a person signed in with OIDC, or nobody (public reads). */
export interface Actor {
  type: ActorType;
  /** The API key's id or the token's `sub`; null for anonymous callers. */
  id: string | null;
  name: string;
  /** The agency the caller acts for; agency officers can only write that agency's records. */
  agencyId: string | null;
  roles: readonly Role[];
}

export const anonymous: Actor = { type: 'anonymous', id: null, name: 'anonymous', agencyId: null, roles: [] };

/**
 * What a route requires: `public` (no credentials: health, the contract), `read` (any valid credentials, or none
 * when PUBLIC_READS is on), or one of the listed roles.
 */
export type Access = { kind: 'public' } | { kind: 'read' } | { kind: 'roles'; roles: readonly Role[] };

export const publicAccess: Access = { kind: 'public' };
export const readAccess: Access = { kind: 'read' };
export const rolesAccess = (...allowed: Role[]): Access => ({ kind: 'roles', roles: allowed });

export const hasAnyRole = (actor: Actor, allowed: readonly Role[]) => actor.roles.some((role) => allowed.includes(role));

/**
 * The agency a caller is confined to on a route: an agency officer acts only for its own agency, unless it also holds
 * one of `widerRoles` (a coordinator acts for any agency). Null: not confined.
 */
export function confinedAgency(actor: Actor, widerRoles: readonly Role[]): string | null {
  if (hasAnyRole(actor, widerRoles)) return null;
  // An officer key always has an agency (a database check); a token without one is confined to nothing at all.
  return actor.agencyId ?? '00000000-0000-0000-0000-000000000000';
}
