// How other resources show an agency they point at: enough to display it without another request.
import { sql } from 'drizzle-orm';
import Type, { type Static } from 'typebox';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { Nullable, Uuid } from '../../http/schemas.js';

export const AgencyRef = Type.Object(
  {
    id: Uuid(),
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 500 }),
    shortName: Nullable(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false, title: 'AgencyRef' },
);
export type AgencyRef = Static<typeof AgencyRef>;

/** SQL for an AgencyRef JSON object of a joined agencies row (null when the join found none). */
export function agencyRefJson(table: Record<'id' | 'code' | 'name' | 'shortName', AnyPgColumn>) {
  return sql<AgencyRef | null>`case when ${table.id} is null then null else json_build_object('id', ${table.id}, 'code', ${table.code}, 'name', ${table.name}, 'shortName', ${table.shortName}) end`;
}
