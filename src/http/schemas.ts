// Small schema pieces every resource uses.
import Type, { type TSchema } from 'typebox';

export const Uuid = (description?: string) => Type.String({ format: 'uuid', maxLength: 36, ...(description ? { description } : {}) });

export const IdParams = Type.Object({ id: Uuid('The resource id.') }, { additionalProperties: false });

/** `T | null`, the way optional facts are written in responses (always present, possibly null). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Code = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: '^\\S(.*\\S)?$', description });
export const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

export const Year = (description?: string) => Type.Integer({ minimum: 1900, maximum: 2200, ...(description ? { description } : {}) });

/** A timestamp: ISO 8601 UTC on the wire; the database layer hands over a Date, which the serializer formats. */
const Timestamp = (description: string) => Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', maxLength: 40, description });

export const Timestamps = {
  createdAt: Timestamp('When the record was created.'),
  updatedAt: Timestamp('When the record last changed.'),
};

/** `q`: diacritics- and case-insensitive search; every word must occur. */
export const SearchParam = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Diacritics- and case-insensitive search; every word must occur (`ke hoach` finds `Kế hoạch`).',
});

/** A filter that takes a UUID or the natural code users know. */
export const IdOrCode = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });

export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
