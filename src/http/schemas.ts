// Small schema pieces every resource uses.
import Type, { type TSchema, type TSchemaOptions } from 'typebox';
import { periodIdPattern } from '../domain/periods.js';

/** A string enum that says it is a string (Type.Enum alone leaves `type` out, and Swagger UI shows "any"). */
export const StringEnum = <const T extends readonly string[]>(values: T, options: TSchemaOptions = {}) =>
  Type.Enum(values, { type: 'string', ...options } as TSchemaOptions);

/** Integers in this API fit 32 bits; saying so lets clients pick their type (OWASP API4 asks for it). */
export const Int32 = (options: { minimum: number; maximum: number; default?: number; description?: string }) => Type.Integer({ format: 'int32', ...options });

export const Uuid = (description?: string) => Type.String({ format: 'uuid', maxLength: 36, ...(description ? { description } : {}) });

export const IdParams = Type.Object({ id: Uuid('The resource id.') }, { additionalProperties: false });

/** `T | null`, the way optional facts are written in responses (always present, possibly null). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// Text the database can store and people can read: no control characters but tab and line breaks (U+0000 cannot
// even be stored), and not blank.
const noNul = '[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*';
const visible = '[^\\s\\u0000-\\u001F\\u007F]';

/** A natural code: no leading or trailing space. */
export const Code = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: `^${visible}(${noNul}${visible})?$`, description });
/** Free text (titles, names, notes): no control characters but tab and line breaks, at least one visible character. */
export const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: `^${noNul}${visible}${noNul}$`, ...(description ? { description } : {}) });

/** A calendar date, YYYY-MM-DD, within the years the model allows (1900–2200, as Year). */
export const DateString = (description?: string) =>
  Type.String({ format: 'date', maxLength: 10, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-', ...(description ? { description } : {}) });

/** A computed calendar date in an answer (a reporting window can start in December of the year before 1900). */
export const CalendarDate = (description?: string) => Type.String({ format: 'date', maxLength: 10, ...(description ? { description } : {}) });

/** Roman numeral of an appendix section (`I`, `VIII`). */
export const AppendixSection = (description: string) => Type.String({ minLength: 1, maxLength: 16, pattern: '^[IVXLCDM]+$', description });

export const Year = (description?: string) => Int32({ minimum: 1900, maximum: 2200, ...(description ? { description } : {}) });

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
  pattern: `^${noNul}${visible}${noNul}$`,
  description: 'Diacritics- and case-insensitive search; every word must occur (`ke hoach` finds `Kế hoạch`).',
});

/** A filter that takes a UUID or the natural code users know. */
export const IdOrCode = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: `^${noNul}$`, description });

export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A PATCH body: any of the writable fields, at least one, nothing else. */
export const PatchBody = <T extends Record<string, TSchema>>(writable: T, title: string, example: object) =>
  Type.Partial(Type.Object(writable), { additionalProperties: false, minProperties: 1, title, examples: [example] });


/** A period id (Decree 09/2019/NĐ-CP periods and calendar periods of statistics). */
export const PeriodId = (description: string) =>
  Type.String({ pattern: `^(19[0-9]{2}|2[01][0-9]{2}|2200)${periodIdPattern.source.slice('^[0-9]{4}'.length)}`, minLength: 4, maxLength: 7, description: `${description} \`2025\`, \`2025-H1\`, \`2025-Q3\` or \`2025-07\`.` });

/** An http(s) link to a document (evidence of a task's progress, say). */
export const Link = (description: string) => Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description });

/** `?asOf=YYYY-MM-DD`: the day a representation that depends on agency lineage is of. */
export const AsOfQuery = Type.Object(
  { asOf: Type.Optional(DateString('The day the answer is of (agency lineage: who is responsible then); today by default.')) },
  { additionalProperties: false },
);
