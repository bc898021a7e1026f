// Contract fuzzing, driven by the committed OpenAPI document (openapi/openapi.json):
//
//   - `operations()` lists every operation the document describes;
//   - `valid()` / `invalid()` turn the JSON Schemas of parameters and bodies into fast-check arbitraries
//     (a small converter for the subset of JSON Schema the document uses; anything else throws, so a schema
//     the fuzzer cannot generate for is a failing test, not a silently skipped field);
//   - `requestArbitrary()` combines them into whole requests (path, query, headers, body), each part valid or
//     broken, with ids of real rows (`fetchPools()`) mixed in so that valid requests reach real data;
//   - `ContractChecker` says what is wrong with a response: a 5xx, a status the operation does not document,
//     a content type or body that does not match the schema documented for that status.
import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';

export type Schema = Record<string, any>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, Schema> };
}

export const contract: OpenApiDocument = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'));

// ---------------------------------------------------------------------------------------------------------
// Operations

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  operationId: string;
  parameters: Parameter[];
  body: { contentType: string; required: boolean; schema: Schema } | undefined;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const methods = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, in document order. Throws on what the fuzzer cannot send. */
export function operations(doc: OpenApiDocument = contract): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      if (!methods.includes(method)) continue;
      const name = `${method.toUpperCase()} ${path}`;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p: any): Parameter => {
        if (p.in === 'header' && !(p.name in headerValues)) throw new Error(`${name}: no generator for header parameter ${p.name}`);
        if (p.in !== 'path' && p.in !== 'query' && p.in !== 'header') throw new Error(`${name}: no generator for ${p.in} parameter ${p.name}`);
        return { name: p.name, in: p.in, required: p.required === true || p.in === 'path', schema: p.schema ?? {} };
      });
      let body: Operation['body'];
      if (operation.requestBody) {
        const types = Object.keys(operation.requestBody.content ?? {});
        // Bodies are generated as JSON: an operation that takes other media types too (POST /v1/imports also takes an
        // XLSX workbook) is fuzzed through its JSON one.
        if (!types.includes('application/json')) throw new Error(`${name}: no generator for request bodies of ${types.join(', ')}`);
        body = { contentType: 'application/json', required: operation.requestBody.required === true, schema: operation.requestBody.content['application/json'].schema };
      }
      found.push({ method: method.toUpperCase() as Operation['method'], path, operationId: operation.operationId ?? name, parameters, body, responses: operation.responses });
    }
  }
  return found;
}

/** The resource an operation addresses: `/v1/tasks/{id}` → `tasks`. */
export function resourceOf(path: string): string {
  return path.split('/').filter((s) => s && !s.startsWith('{'))[1] ?? path;
}

/** Follows `$ref: '#/…'` within the document. */
export function resolve(schema: Schema, doc: OpenApiDocument = contract): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    if (!current.$ref.startsWith('#/') || hops > 20) throw new Error(`no generator for $ref ${current.$ref}`);
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((node: any, key: string) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    if (!current) throw new Error(`unresolved $ref ${schema.$ref}`);
  }
  return current;
}

// ---------------------------------------------------------------------------------------------------------
// Schema validation (responses, and the oracle "a body the contract refuses is never accepted")

export class SchemaValidator {
  private readonly ajv = new Ajv2020.default({ allErrors: true, strict: false });
  private readonly compiled = new WeakMap<Schema, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument = contract) {
    addFormats.default(this.ajv);
  }

  /** The validator of a schema from the document; `#/components/…` references resolve against its components. */
  validator(schema: Schema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile({ allOf: [schema], components: this.doc.components ?? {} });
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  accepts(schema: Schema, value: unknown): boolean {
    return this.validator(schema)(value);
  }

  errors(schema: Schema, value: unknown): string | undefined {
    const validate = this.validator(schema);
    if (validate(value)) return undefined;
    return this.ajv.errorsText(validate.errors, { dataVar: 'body', separator: '; ' });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Real data: ids, codes and cursors the running service holds

export interface Pools {
  /** Ids of existing rows by resource (`programs`, `tasks`, …). */
  ids: Map<string, string[]>;
  /** Natural codes of existing rows by resource (filters take an id or a code). */
  codes: Map<string, string[]>;
  /** `nextCursor`s the service issued: one for every list operation (by path) and sort. */
  cursors: IssuedCursor[];
  /**
   * Ids of the rows there were at the first fetch (the seed program). They refer to each other consistently
   * (one program, its groups), so requests that need several related ids succeed more often with them.
   */
  initial: Set<string>;
}

export interface IssuedCursor {
  list: string;
  sort: string | undefined;
  cursor: string;
}

interface Injector {
  inject(url: string): Promise<FuzzResponse>;
}

/** The list operations of the document: GET answering `{ items, nextCursor }`. */
function listOperations(doc: OpenApiDocument): Operation[] {
  return operations(doc).filter((op) => {
    const ok = op.responses['200']?.content?.['application/json']?.schema;
    return op.method === 'GET' && ok !== undefined && resolve(ok, doc).properties?.items !== undefined;
  });
}

/**
 * Ids and codes of the rows that exist now, paging through every list operation without path parameters;
 * on the first fetch (no `previous`), also one issued cursor for every list and sort.
 */
export async function fetchPools(
  app: Injector,
  doc: OpenApiDocument = contract,
  options: {
    /** The pools of the previous fetch: cursors are kept, and a list that fails keeps its ids. */
    previous?: Pools;
    /** Sees every answer of a list (the fuzzer checks them against the contract too). */
    onAnswer?: (op: Operation, request: FuzzRequest, response: FuzzResponse) => Promise<void>;
  } = {},
): Promise<Pools> {
  const { previous, onAnswer } = options;
  const pools: Pools = { ids: new Map(), codes: new Map(), cursors: previous?.cursors ?? [], initial: previous?.initial ?? new Set() };
  const lists = listOperations(doc);
  // The fuzzer must not revoke or rotate the key it is sending: its own key id stays out of the pools.
  const own = (JSON.parse((await app.inject('/v1/me')).body) as { id?: string }).id;
  for (const op of lists.filter((list) => !list.parameters.some((p) => p.in === 'path'))) {
    const ids: string[] = [];
    const codes: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const request: FuzzRequest = { method: 'GET', url: `${op.path}?limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers: {} };
      const response = await app.inject(request.url);
      await onAnswer?.(op, request, response);
      if (response.statusCode !== 200) {
        ids.push(...(previous?.ids.get(resourceOf(op.path)) ?? []));
        codes.push(...(previous?.codes.get(resourceOf(op.path)) ?? []));
        break;
      }
      const listed = JSON.parse(response.body) as { items: { id?: unknown; code?: string }[]; nextCursor: string | null };
      for (const item of listed.items) {
        // Only the ids that name resources in paths (UUIDs), not the serial numbers of audit events.
        if (typeof item.id === 'string' && item.id !== own) ids.push(item.id);
        if (item.code) codes.push(item.code);
      }
      cursor = listed.nextCursor;
      if (!cursor) break;
    }
    pools.ids.set(resourceOf(op.path), ids);
    pools.codes.set(resourceOf(op.path), codes);
  }
  if (previous) return pools;
  for (const id of [...pools.ids.values()].flat()) pools.initial.add(id);
  for (const op of lists) {
    // Lists under a resource (`/v1/agencies/{id}/tasks`) are paged for its first row.
    const path = op.path.replace(/\{[^}]+\}/g, () => pools.ids.get(resourceOf(op.path))?.[0] ?? 'none');
    const sort = op.parameters.find((p) => p.name === 'sort');
    for (const value of ((sort && resolve(sort.schema, doc).enum) ?? [undefined]) as (string | undefined)[]) {
      const response = await app.inject(`${path}?limit=1${value ? `&sort=${encodeURIComponent(value)}` : ''}`);
      const next = response.statusCode === 200 ? (JSON.parse(response.body).nextCursor as string | null) : null;
      if (next) pools.cursors.push({ list: op.path, sort: value, cursor: next });
    }
  }
  return pools;
}

// ---------------------------------------------------------------------------------------------------------
// JSON Schema → arbitraries

export interface GeneratorContext {
  doc: OpenApiDocument;
  pools: Pools;
  validator: SchemaValidator;
  /** The resource of the operation (`parentId` and the path's `id` name rows of it). */
  resource: string;
}

/** Keywords the converter understands; any other keyword in a schema is an error (see `checkSupported`). */
const supportedKeywords = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties', 'items', 'minItems', 'maxItems', 'uniqueItems',
  'minLength', 'maxLength', 'pattern', 'format', 'enum', 'minimum', 'maximum', 'anyOf', '$ref',
  // annotations
  'title', 'description', 'default', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly',
]);
const supportedFormats = new Set(['uuid', 'date', 'date-time', 'int32', 'uri']);

function checkSupported(schema: Schema): void {
  for (const keyword of Object.keys(schema)) {
    if (!supportedKeywords.has(keyword)) throw new Error(`no generator for keyword ${keyword} in ${JSON.stringify(schema).slice(0, 200)}`);
  }
  if (schema.format !== undefined && !supportedFormats.has(schema.format)) throw new Error(`no generator for format ${schema.format}`);
}

/** Field names that hold ids of another resource. `parentId` and path ids name the operation's own resource. */
const references: Record<string, string> = {
  programId: 'programs',
  groupId: 'task-groups',
  indicatorId: 'indicators',
  agencyGroupId: 'agency-groups',
  agencyId: 'agencies',
  leadAgencyId: 'agencies',
  supportingAgencyId: 'agencies',
  responsibleAgencyId: 'agencies',
  issuerAgencyId: 'agencies',
  coordinatorAgencyId: 'agencies',
  memberIds: 'agencies',
};

function referencedResource(field: string | undefined, ctx: GeneratorContext): string | undefined {
  if (field === undefined) return undefined;
  if (field === 'parentId' || field === 'id') return ctx.resource;
  return references[field];
}

/** Number of code points: what JSON Schema's minLength/maxLength (and PostgreSQL's varchar) count. */
export const codePoints = (s: string) => [...s].length;

/** Text people write: mostly ASCII, often Vietnamese and other Unicode, sometimes the awkward characters. */
const oddCharacters = [
  'ế', 'Đ', 'đ', 'ư', 'ở', 'ạ', 'Ả', // Vietnamese, precomposed
  'e\u0301', '\u0301', 'a\u0323\u0302', // combining marks (decomposed diacritics, and a mark with nothing to combine with)
  '\u200f', '\u200e', '\u202e', '\u2066', // RTL/LTR marks and overrides
  '\u200b', '\ufeff', '\u00a0', '\u3000', '\u2028', '\t', '\n', '\r', // invisible and unusual whitespace
  '\u0001', '\u001b', '\u007f', // control characters (JSON escapes them in six characters)
  '😀', '👩‍👩‍👧', '🇻🇳', '𝔘', '\uffff', '\ufffd', // astral, ZWJ sequences, noncharacters
  '%', '_', '\\', '"', "'", '<', '&', '/', '?', '#', '+', '=', '~', '*', ':', ';', ',', ' ',
];
const textUnit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...oddCharacters) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);
/** What no valid text holds: U+0000 (PostgreSQL cannot store it) and lone surrogates (not Unicode text). */
const brokenCharacters = ['\u0000', '\ud800', '\udfff', '\udbff', '\udc00'];

/** A strict pattern (roman numerals, periods) is generated from the regex; a permissive one (free text) by filtering. */
function isPermissive(re: RegExp): boolean {
  return fc.sample(fc.string({ unit: textUnit, minLength: 1, maxLength: 8 }), { numRuns: 50, seed: 1 }).filter((s) => re.test(s)).length >= 25;
}

function uuidArbitrary(field: string | undefined, ctx: GeneratorContext): fc.Arbitrary<string> {
  const resource = referencedResource(field, ctx);
  const own = (resource && ctx.pools.ids.get(resource)) || [];
  const initial = own.filter((id) => ctx.pools.initial.has(id));
  const created = own.filter((id) => !ctx.pools.initial.has(id));
  const all = [...ctx.pools.ids.values()].flat();
  const choices: fc.WeightedArbitrary<string>[] = [
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff') },
  ];
  // Mostly ids of rows of the right resource: a request has several, and each must exist for it to succeed.
  if (initial.length) choices.push({ weight: 16, arbitrary: fc.constantFrom(...initial) });
  if (created.length) choices.push({ weight: 4, arbitrary: fc.constantFrom(...created) });
  if (own.length) choices.push({ weight: 1, arbitrary: fc.constantFrom(...own).map((id) => id.toUpperCase()) });
  if (all.length) choices.push({ weight: 2, arbitrary: fc.constantFrom(...all) });
  return fc.oneof(...choices);
}

function dateArbitrary(): fc.Arbitrary<string> {
  return fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
}

function validString(schema: Schema, field: string | undefined, ctx: GeneratorContext): fc.Arbitrary<string> {
  const min: number = schema.minLength ?? 0;
  const max: number = schema.maxLength ?? 1000;
  const re = schema.pattern ? new RegExp(schema.pattern, 'u') : undefined;
  const fits = (s: string) => codePoints(s) >= min && codePoints(s) <= max && (!re || re.test(s));
  if (schema.format === 'uuid') return uuidArbitrary(field, ctx).filter(fits);
  if (schema.format === 'date') return dateArbitrary().filter(fits);
  if (schema.format === 'date-time') return fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()).filter(fits);
  if (schema.format === 'uri') return fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }).filter(fits);
  const choices: fc.WeightedArbitrary<string>[] = [];
  if (re && !isPermissive(re)) {
    choices.push({ weight: 8, arbitrary: fc.stringMatching(re) });
  } else {
    choices.push({ weight: 8, arbitrary: fc.string({ unit: textUnit, minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }) });
    // The boundaries: exactly maxLength code points, in ASCII, in precomposed Vietnamese, in astral characters
    // (two UTF-16 units each: a length counted in units would refuse them) and in control characters (six
    // characters each once JSON-escaped).
    choices.push({ weight: 1, arbitrary: fc.constantFrom('x', 'ế', '😀', '\u0001').map((c) => c.repeat(max)) });
  }
  // Filters take an id or the natural code of a row (`programId=17/CTr-UBND`).
  const resource = referencedResource(field, ctx);
  const real = resource ? [...(ctx.pools.ids.get(resource) ?? []), ...(ctx.pools.codes.get(resource) ?? [])] : [];
  if (real.length) choices.push({ weight: 8, arbitrary: fc.constantFrom(...real) });
  return fc.oneof(...choices).filter(fits);
}

function validNumber(schema: Schema): fc.Arbitrary<number> {
  const integer = schema.type === 'integer';
  const min: number = schema.minimum ?? (integer ? -(2 ** 31) : -1e15);
  const max: number = schema.maximum ?? (integer ? 2 ** 31 - 1 : 1e15);
  const choices: fc.Arbitrary<number>[] = [fc.constantFrom(min, max), fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) })];
  if (!integer) choices.push(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.1, -0.5, 1e-9, 5e-324, 123456789.12345679).filter((n) => n >= min && n <= max));
  return fc.oneof(...choices);
}

function validObject(schema: Schema, ctx: GeneratorContext): fc.Arbitrary<Record<string, unknown>> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required: string[] = schema.required ?? [];
  const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, valid(s, ctx, key)]));
  if (schema.minProperties === undefined && schema.maxProperties === undefined) {
    // Every optional field is there half the time; often none is, which passes cross-field rules the schema
    // cannot state (a deadline's years, a target's bounds) and so reaches the success path more often.
    const minimal = fc.record(Object.fromEntries(required.map((key) => [key, model[key]!])));
    return fc.oneof({ weight: 3, arbitrary: fc.record(model, { requiredKeys: required }) }, { weight: 1, arbitrary: minimal });
  }
  // minProperties/maxProperties ("exactly one of agencyId or agencyGroupId"): pick the keys, then their values.
  const optional = Object.keys(properties).filter((key) => !required.includes(key));
  const minOptional = Math.max(0, (schema.minProperties ?? 0) - required.length);
  const maxOptional = Math.min(optional.length, (schema.maxProperties ?? Infinity) - required.length);
  return fc
    .subarray(optional, { minLength: minOptional, maxLength: maxOptional })
    .chain((keys) => fc.record(Object.fromEntries([...required, ...keys].map((key) => [key, model[key]!]))));
}

/** Values the schema accepts. `field` is the property or parameter name, used to pick real ids. */
export function valid(input: Schema, ctx: GeneratorContext, field?: string): fc.Arbitrary<unknown> {
  const schema = resolve(input, ctx.doc);
  checkSupported(schema);
  if (schema.anyOf) return fc.oneof(...(schema.anyOf as Schema[]).map((branch) => valid(branch, ctx, field)));
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'string':
      return validString(schema, field, ctx);
    case 'integer':
    case 'number':
      return validNumber(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = valid(schema.items ?? {}, ctx, field);
      const maxLength = Math.min(schema.maxItems ?? 10, 10);
      const minLength = Math.min(schema.minItems ?? 0, maxLength);
      return schema.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
    }
    case 'object':
      return validObject(schema, ctx);
    default:
      throw new Error(`no generator for type ${JSON.stringify(schema.type)} in ${JSON.stringify(schema).slice(0, 200)}`);
  }
}

/** A JSON value of any type, for "wrong type" inputs: nulls, arrays where objects go, objects where strings go. */
const anyJson = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: textUnit, maxLength: 10 }),
  fc.constantFrom('', 'true', '1', 'null', '[]', '{}', 'NaN', '-0', '1e999'),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** Names no schema declares, and names that trip up parsers, pointers and prototypes. */
const unknownNames = fc.oneof(
  fc.string({ unit: textUnit, minLength: 1, maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'createdAt', 'a/b', '~0', '~1', '', ' ', 'ID', '\u0000', '\ud800'),
  // long names, some in astral characters (two UTF-16 units each), at both alignments
  fc.constantFrom('x'.repeat(2000), '😀'.repeat(1000), 'x😀'.repeat(400), '~/'.repeat(600), 'a~/'.repeat(400)),
);

function invalidString(schema: Schema): fc.Arbitrary<string> {
  const max: number = schema.maxLength ?? 1000;
  const choices: fc.Arbitrary<string>[] = [
    // too long (just, very, and in multi-byte characters), too short
    fc.constantFrom(max + 1, max * 2 + 1, Math.max(max + 1, 5000)).chain((n) => fc.constantFrom('x', 'ế', 'e\u0301').map((c) => c.repeat(n).slice(0, n))),
    fc.constantFrom('', ' ', '\u3000', '\t\n'),
    // text with what no text may hold (U+0000; lone surrogates reach the server as JSON escapes such as "\ud800")
    fc.tuple(fc.string({ unit: textUnit, maxLength: 8 }), fc.constantFrom(...brokenCharacters), fc.string({ unit: textUnit, maxLength: 8 })).map((parts) => parts.join('')),
    // leading/trailing whitespace (codes refuse it)
    fc.tuple(fc.constantFrom(' ', '\t', '\u00a0', '\n'), fc.string({ minLength: 1, maxLength: 8 })).map(([space, s]) => `${space}${s}${space}`),
  ];
  if (schema.format === 'uuid') {
    choices.push(
      fc.uuid().chain((id) =>
        fc.constantFrom(id.slice(0, 35), `${id}0`, id.replace(/-/g, ''), `{${id}}`, `urn:uuid:${id}`, `${id.slice(0, 8)}g${id.slice(9)}`, id.replace(/-/g, '_'), ` ${id}`, `${id}\n`),
      ),
      fc.constantFrom('0', '-1', '1e3', 'null', 'undefined', '17/CTr-UBND', 'so-ke-hoach-va-dau-tu', '../', '%00', "' or 1=1 --"),
    );
  }
  if (schema.format === 'uri') {
    choices.push(fc.constantFrom('javascript:alert(1)', 'ftp://example.org/x', '//example.org', 'http://', 'not a link', 'file:///etc/passwd', 'http://exa mple.org/'));
  }
  if (schema.format === 'date' || schema.format === 'date-time') {
    choices.push(fc.constantFrom('2021-02-29', '2024-02-30', '2021-13-01', '2021-00-10', '0000-06-01', '1899-12-31', '2200-01-01', '99999-01-01', '2021-1-1', '2021/01/01', '2021-01-01T00:00:00Z', '2021-01-01T25:00:00', 'today'));
  }
  if (schema.pattern) choices.push(fc.string({ unit: textUnit, minLength: 1, maxLength: 12 }));
  return fc.oneof(...choices);
}

function invalidNumber(schema: Schema): fc.Arbitrary<unknown> {
  const min: number = schema.minimum ?? -(2 ** 31);
  const max: number = schema.maximum ?? 2 ** 31 - 1;
  return fc.oneof(
    fc.constantFrom(min - 1, max + 1, min - 0.5, max + 0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, -(2 ** 63), 1e20, -1e20, 1e308, -1e308, 0.5, 5e-324),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(String(min), String(max), '1', '', 'NaN', 'Infinity', '0x10'),
    anyJson,
  );
}

function invalidObject(schema: Schema, ctx: GeneratorContext): fc.Arbitrary<unknown> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required: string[] = schema.required ?? [];
  const base = validObject(schema, ctx);
  const choices: fc.Arbitrary<unknown>[] = [
    // an unknown field
    fc.tuple(base, unknownNames, anyJson).map(([o, key, value]) => ({ ...o, [key]: value })),
    // an array where the object goes
    base.map((o) => [o]),
  ];
  const keys = Object.keys(properties);
  // one field broken (recursively: the deepest fields get broken too)
  if (keys.length) choices.push(fc.tuple(base, fc.constantFrom(...keys)).chain(([o, key]) => invalid(properties[key]!, ctx, key).map((value) => ({ ...o, [key]: value }))));
  // a required field missing
  if (required.length) choices.push(fc.tuple(base, fc.constantFrom(...required)).map(([o, key]) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key))));
  // too many fields
  if (schema.maxProperties !== undefined && keys.length) {
    choices.push(fc.record(Object.fromEntries(keys.map((key) => [key, valid(properties[key]!, ctx, key)]))));
  }
  return fc.oneof(...choices);
}

function invalidArray(schema: Schema, ctx: GeneratorContext, field: string | undefined): fc.Arbitrary<unknown> {
  const items = valid(schema.items ?? {}, ctx, field);
  const choices: fc.Arbitrary<unknown>[] = [
    fc.tuple(fc.array(items, { maxLength: 3 }), invalid(schema.items ?? {}, ctx, field)).map(([list, bad]) => [...list, bad]),
    items.map((item) => ({ 0: item })), // an object where the array goes
  ];
  if (schema.maxItems !== undefined) choices.push(fc.array(items, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 1 }));
  if (schema.minItems) choices.push(fc.array(items, { maxLength: schema.minItems - 1 }));
  if (schema.uniqueItems) choices.push(fc.tuple(fc.array(items, { maxLength: 3 }), items).map(([list, twice]) => [...list, twice, twice]));
  return fc.oneof(...choices);
}

function invalidFor(schema: Schema, ctx: GeneratorContext, field: string | undefined): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(anyJson, ...(schema.anyOf as Schema[]).map((branch) => invalid(branch, ctx, field)));
  if (schema.enum) {
    const values = (schema.enum as unknown[]).map(String);
    return fc.oneof(
      fc.constantFrom(...values).chain((v) => fc.constantFrom(v.toUpperCase(), `${v} `, ` ${v}`, v.slice(1), `${v}\u0000`, `-${v}`, v.normalize('NFD'))),
      fc.string({ unit: textUnit, maxLength: 12 }),
      anyJson,
    );
  }
  switch (schema.type) {
    case 'string':
      return fc.oneof(invalidString(schema), anyJson);
    case 'integer':
    case 'number':
      return invalidNumber(schema);
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false', 0, 1, 'yes', ''), anyJson);
    case 'null':
      return anyJson;
    case 'array':
      return fc.oneof(invalidArray(schema, ctx, field), anyJson);
    case 'object':
      return fc.oneof({ weight: 4, arbitrary: invalidObject(schema, ctx) }, { weight: 1, arbitrary: anyJson });
    default:
      throw new Error(`no generator for type ${JSON.stringify(schema.type)}`);
  }
}

/**
 * Values the schema refuses (checked with ajv, so "invalid" is never a guess), plus strings with lone
 * surrogates, which every schema accepts as JavaScript strings but no JSON text should carry.
 */
export function invalid(input: Schema, ctx: GeneratorContext, field?: string): fc.Arbitrary<unknown> {
  const schema = resolve(input, ctx.doc);
  checkSupported(schema);
  const refused = invalidFor(schema, ctx, field).filter((value) => !ctx.validator.accepts(schema, value));
  const surrogate = fc.constantFrom('\ud800', 'a\udfffb', '\udc00\ud800');
  return schema.type === 'string' || schema.anyOf ? fc.oneof({ weight: 9, arbitrary: refused }, { weight: 1, arbitrary: surrogate }) : refused;
}

// ---------------------------------------------------------------------------------------------------------
// Whole requests

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** Percent-encodes like encodeURIComponent, but writes a lone surrogate as its (WTF-8) bytes instead of throwing. */
export function percentEncode(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    else out += encodeURIComponent(c);
  }
  return out;
}

/** How a generated value travels in a query string or path: as text (arrays as repeated parameters). */
function wire(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(wire);
  if (value === null) return ['null'];
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

/** Raw URL text no encoder produces: malformed escapes, encoded NUL, overlong UTF-8, encoded surrogates. */
const rawUrlJunk = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF', '%00', '%2F', '%5C', '%25', '%u0041', '%0A%0D'];

/** A path segment: never empty, `.` or `..`, which would address another resource rather than a bad id. */
function pathSegment(value: unknown): string {
  const [text = ''] = wire(value);
  const encoded = percentEncode(text);
  return ['', '.', '..'].includes(text) ? `${encoded}x` : encoded;
}

function pathArbitrary(op: Operation, ctx: GeneratorContext, broken: boolean): fc.Arbitrary<Record<string, string>> {
  const parameters = op.parameters.filter((p) => p.in === 'path');
  const validSegments = fc.record(Object.fromEntries(parameters.map((p) => [p.name, valid(p.schema, ctx, p.name).map(pathSegment)])));
  if (!broken || !parameters.length) return validSegments;
  return fc.tuple(validSegments, fc.constantFrom(...parameters)).chain(([segments, p]) =>
    fc
      .oneof({ weight: 4, arbitrary: invalid(p.schema, ctx, p.name).map(pathSegment) }, { weight: 1, arbitrary: fc.constantFrom(...rawUrlJunk).filter((s) => s !== '%2F') })
      .map((segment) => ({ ...segments, [p.name]: segment })),
  );
}

type QueryPairs = [string, string][];

function queryArbitrary(op: Operation, ctx: GeneratorContext, broken: boolean): fc.Arbitrary<string> {
  const parameters = op.parameters.filter((p) => p.in === 'query');
  const cursor = parameters.find((p) => p.name === 'cursor');
  const others = parameters.filter((p) => p !== cursor);
  const required = others.filter((p) => p.required).map((p) => p.name);
  const pairs = (name: string, value: unknown) => wire(value).map((v): [string, string] => [name, v]);
  const values = fc.record(Object.fromEntries(others.map((p) => [p.name, valid(p.schema, ctx, p.name)])), { requiredKeys: required });
  // A valid cursor is one the service issued for this list and the sort asked for; often none.
  const sortParameter = parameters.find((p) => p.name === 'sort');
  const defaultSort = sortParameter && resolve(sortParameter.schema, ctx.doc).default;
  const issuedFor = (sort: unknown) => ctx.pools.cursors.filter((c) => c.list === op.path && c.sort === (sort ?? defaultSort)).map((c) => c.cursor);
  const validPairs: fc.Arbitrary<QueryPairs> = values.chain((chosen) => {
    const issued = cursor ? issuedFor(chosen.sort) : [];
    const entries = Object.entries(chosen).flatMap(([name, value]) => pairs(name, value));
    if (!cursor || !issued.length) return fc.constant(entries);
    return fc.option(fc.constantFrom(...issued), { freq: 2 }).map((c) => (c === null ? entries : [...entries, [cursor.name, c] as [string, string]]));
  });
  const encode = (list: QueryPairs) => list.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  if (!broken) return validPairs.map(encode);
  const breakages: fc.Arbitrary<string>[] = [
    // an unknown parameter
    fc.tuple(validPairs, unknownNames, fc.string({ unit: textUnit, maxLength: 8 })).map(([list, k, v]) => encode([...list, [k, v]])),
    // raw junk: malformed escapes, empty names, brackets, a repeated separator
    fc.tuple(validPairs, fc.constantFrom(...rawUrlJunk.map((j) => `q=${j}`), ...rawUrlJunk, '=', '&&', '=x', 'limit', 'limit[]=1', 'a[b]=1', '__proto__=1', 'constructor[prototype]=1', 'sort=code&sort=-code')).map(
      ([list, junk]) => [encode(list), junk].filter(Boolean).join('&'),
    ),
  ];
  if (parameters.length) {
    // one parameter with a value its schema refuses (arrays become repeated parameters); for the cursor, also
    // forgeries of issued cursors and cursors issued for another list or sort
    const forged = cursorForgeries(ctx);
    const invalidValue = (p: Parameter) => (p === cursor && forged ? fc.oneof(forged, invalid(p.schema, ctx, p.name)) : invalid(p.schema, ctx, p.name));
    breakages.push(
      fc
        .tuple(validPairs, fc.constantFrom(...parameters))
        .chain(([list, p]) => invalidValue(p).map((value) => encode([...list.filter(([k]) => k !== p.name), ...pairs(p.name, value)]))),
      // a parameter given twice
      fc.tuple(validPairs, fc.constantFrom(...others.length ? others : parameters)).chain(([list, p]) =>
        fc.tuple(valid(p.schema, ctx, p.name), valid(p.schema, ctx, p.name)).map(([a, b]) => encode([...list, ...pairs(p.name, a), ...pairs(p.name, b)])),
      ),
    );
  }
  return fc.oneof(...breakages);
}

/** Cursors issued for any list or sort, and forgeries of them: the same envelope with keys of the wrong type, size or shape. */
function cursorForgeries(ctx: GeneratorContext): fc.Arbitrary<string> | undefined {
  if (!ctx.pools.cursors.length) return undefined;
  const issued = fc.constantFrom(...ctx.pools.cursors.map((c) => c.cursor));
  const decoded = issued.map((c) => JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as { c: string; s: string; k: unknown[] });
  const oddKey = fc.oneof(
    anyJson,
    fc.constantFrom('\u0000', '\ud800', 'x'.repeat(5000), 2 ** 31, -(2 ** 31) - 1, 1.5, 1e308, -0, '00000000-0000-0000-0000-00000000000g', '2021-02-30', 'NaN', ''),
    fc.uuid(),
  );
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'undefined').toString('base64url');
  return fc.oneof(
    issued,
    // one key replaced
    fc.tuple(decoded, fc.nat(), oddKey).map(([c, i, key]) => encode({ ...c, k: c.k.map((k, j) => (j === i % c.k.length ? key : k)) })),
    // keys of the wrong count, a changed envelope
    fc.tuple(decoded, fc.array(oddKey, { maxLength: 4 })).map(([c, k]) => encode({ ...c, k })),
    fc.tuple(decoded, fc.constantFrom('c', 's', 'k'), anyJson).map(([c, field, value]) => encode({ ...c, [field]: value })),
    anyJson.map(encode),
    // not base64url JSON at all
    fc.constantFrom('%%%', '====', 'eyJ', '.', Buffer.from([0xff, 0xfe, 0x00]).toString('base64url'), 'x'.repeat(1025)),
  );
}

const contentTypes = {
  valid: ['application/json', 'application/json; charset=utf-8', 'Application/JSON'],
  broken: [
    'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/merge-patch+json',
    'application/json-patch+json', 'application/jsonx', 'application/json; charset=utf-16le', 'application/json; charset=iso-8859-1',
    'application/json, text/plain', ' application/json', 'application/json;;', '*/*', 'json', '',
  ],
};

/**
 * The header parameters the document declares, valid and broken. If-Match is sent as `*` when valid (a real tag
 * would need a read first); broken, it is a stale tag (412) or missing (428).
 */
const headerValues: Record<string, { valid: fc.Arbitrary<string>; broken: fc.Arbitrary<string | undefined> }> = {
  'idempotency-key': {
    valid: fc.oneof(fc.uuid(), fc.uuid().map((key) => `"${key}"`)),
    broken: fc.constantFrom('', 'a b', '"', 'x'.repeat(300), 'ế'),
  },
  'if-match': {
    valid: fc.constant('*'),
    broken: fc.constantFrom(undefined, '"stale"', 'W/"weak"', 'garbage', ''),
  },
};

function headersArbitrary(op: Operation, broken: boolean): fc.Arbitrary<Record<string, string>> {
  const declared = op.parameters.filter((p) => p.in === 'header');
  const generators: Record<string, fc.Arbitrary<string>> = {
    'x-request-id': fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/),
    accept: fc.constantFrom('application/json', 'application/problem+json', '*/*'),
    ...(op.body ? { 'content-type': fc.constantFrom(...contentTypes.valid) } : {}),
    ...Object.fromEntries(declared.map((p) => [p.name, headerValues[p.name]!.valid])),
  };
  const requiredKeys = [...(op.body ? ['content-type'] : []), ...declared.filter((p) => p.name === 'if-match').map((p) => p.name)];
  const base = fc.record(generators, { requiredKeys }) as fc.Arbitrary<Record<string, string>>;
  if (!broken) return base;
  // Header values stay printable Latin-1: a real HTTP client cannot send anything else.
  const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 200 });
  return fc.tuple(base, fc.oneof(
    fc.record({ 'x-request-id': fc.oneof(fc.constantFrom('x'.repeat(129), 'a b', '', 'ế'), printable) }),
    fc.record({ accept: fc.constantFrom('application/xml', 'text/html', 'application/yaml', '', 'application/json;q=0') }),
    fc.record({ 'content-type': fc.constantFrom(...contentTypes.broken) }),
    fc.constant({ 'content-type': undefined as unknown as string }), // no content type at all
    fc.record({ 'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x') }),
    fc.record({ 'x-http-method-override': fc.constantFrom('DELETE', 'PUT', 'GET') }),
    fc.record({ 'x-forwarded-for': printable }),
    fc.record({ authorization: fc.constantFrom('Bearer pt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'Bearer', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', '') }),
    ...declared.map((p) => fc.record({ [p.name]: headerValues[p.name]!.broken })),
  )).map(([headers, extra]) => {
    const merged = { ...headers, ...extra };
    // An If-Match left undefined stays, so that the test app sends none (rather than its default `*`).
    return Object.fromEntries(Object.entries(merged).filter(([name, v]) => v !== undefined || name === 'if-match')) as Record<string, string>;
  });
}

/** Bodies no JSON encoder produces from a valid value. */
function rawBodies(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('', ' ', '{', '{"a":', 'null', '[]', '"text"', '0', 'true', '{}{}', "{'a':1}", '{"a":1,}', 'NaN', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '{"a":"\\ud800"}', '{"a":"\\u0000"}'),
    // deep nesting: a stack-hungry parser or validator falls over here
    fc.constantFrom(10, 1000, 100_000, 400_000).chain((depth) => fc.constantFrom('[', '{"a":').map((open) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`)),
  );
}

function bodyArbitrary(op: Operation, ctx: GeneratorContext, broken: boolean): fc.Arbitrary<string | undefined> {
  if (!op.body) return broken ? fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), rawBodies()) : fc.constant(undefined);
  const schema = op.body.schema;
  if (!broken) return valid(schema, ctx).map((v) => JSON.stringify(v));
  // A valid body with one number written as no encoder writes it: 1e999 (Infinity once parsed), 1.0, -0 …
  const oddNumber = fc
    .tuple(valid(schema, ctx).map((v) => JSON.stringify(v)), fc.nat(), fc.constantFrom('1e999', '-1e999', '1e-999', '1.0', '-0', '1E2', '0.1e1', '9007199254740993', '100000000000000000000000', '2200.0000000000001'))
    .map(([text, i, number]) => {
      const numbers = [...text.matchAll(/(?<=[:[,])-?\d+(\.\d+)?([eE][+-]?\d+)?(?=[,\]}])/g)];
      const at = numbers[i % Math.max(numbers.length, 1)];
      return at ? `${text.slice(0, at.index)}${number}${text.slice(at.index + at[0].length)}` : text;
    });
  return fc.oneof(
    { weight: 6, arbitrary: invalid(schema, ctx).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: rawBodies() },
    { weight: 2, arbitrary: oddNumber },
    { weight: 1, arbitrary: fc.constant(undefined) }, // none at all
  );
}

/** Throws when a schema, or any schema inside it, uses what the converter cannot generate. */
function assertGeneratable(input: Schema, doc: OpenApiDocument): void {
  const schema = resolve(input, doc);
  checkSupported(schema);
  const inner: Schema[] = [...Object.values<Schema>(schema.properties ?? {}), ...(schema.anyOf ?? []), ...(schema.items ? [schema.items] : [])];
  for (const child of inner) assertGeneratable(child, doc);
}

/**
 * A whole request: each part (path, query, headers, body) valid or, sometimes, broken. Shrinking prefers valid
 * parts. Throws when a parameter or body schema has something the converter cannot generate.
 */
export function requestArbitrary(op: Operation, ctx: GeneratorContext): fc.Arbitrary<FuzzRequest> {
  for (const schema of [...op.parameters.map((p) => p.schema), ...(op.body ? [op.body.schema] : [])]) assertGeneratable(schema, ctx.doc);
  const part = <T>(make: (broken: boolean) => fc.Arbitrary<T>, brokenWeight = 1) =>
    fc.oneof({ weight: 4, arbitrary: make(false) }, { weight: brokenWeight, arbitrary: make(true) });
  return fc
    .record({
      path: part((broken) => pathArbitrary(op, ctx, broken)),
      query: part((broken) => queryArbitrary(op, ctx, broken)),
      headers: part((broken) => headersArbitrary(op, broken)),
      body: part((broken) => bodyArbitrary(op, ctx, broken), op.body ? 2 : 1),
    })
    .map(({ path, query, headers, body }) => {
      const url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => path[name] ?? '') + (query ? `?${query}` : '');
      const request: FuzzRequest = { method: op.method, url, headers };
      if (body !== undefined) {
        request.payload = body;
        if (!op.body && !('content-type' in headers)) request.headers = { ...headers, 'content-type': 'application/json' };
      }
      // Counterexamples print as source to paste into a regression test, long runs abbreviated.
      Object.defineProperty(request, fc.toStringMethod, { value: () => toSource(request), enumerable: false });
      return request;
    });
}

/** Writes every character outside printable ASCII (but newlines) as an escape: invisible and direction-changing characters stay visible. */
export const ascii = (text: string) => text.replace(/[^\n\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * JavaScript source (printable ASCII) for a JSON-like value; a piece of up to 16 characters repeated 10 times
 * or more is written `'x'.repeat(5000)`.
 */
export function toSource(value: unknown): string {
  if (typeof value === 'string') {
    const pieces: string[] = [];
    let plain = '';
    for (let rest = value; rest; ) {
      const run = /^([\s\S]{1,16}?)\1{9,}/u.exec(rest);
      if (run) {
        if (plain) pieces.push(JSON.stringify(plain));
        plain = '';
        pieces.push(`${JSON.stringify(run[1])}.repeat(${run[0].length / run[1]!.length})`);
        rest = rest.slice(run[0].length);
      } else {
        const [first = ''] = [...rest.slice(0, 2)];
        plain += first;
        rest = rest.slice(first.length);
      }
    }
    if (plain) pieces.push(JSON.stringify(plain));
    return ascii(pieces.length ? pieces.join(' + ') : "''");
  }
  if (Array.isArray(value)) return `[${value.map(toSource).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${toSource(v)}`).join(', ')} }`;
  }
  return String(value);
}

// ---------------------------------------------------------------------------------------------------------
// Responses against the contract

export interface FuzzResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** The JSON Pointer of the first string (or name) in `value` with a lone surrogate; undefined when there is none. */
function illFormedText(value: unknown, at = ''): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : at;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const path = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!key.isWellFormed()) return path;
    const found = illFormedText(item, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

const jsonPointer = /^(\/([^~]|~[01])*)*$/;

/** Follows a JSON Pointer into a value; `undefined` when it leads nowhere. */
export function pointAt(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let current = value;
  for (const token of pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

function pointerFaults(responseBody: string, request: FuzzRequest): string[] {
  let errors: { in?: string; pointer?: string }[] | undefined;
  try {
    errors = (JSON.parse(responseBody) as { errors?: { in?: string; pointer?: string }[] }).errors;
  } catch {
    return [];
  }
  let sent: unknown;
  try {
    sent = request.payload === undefined ? undefined : JSON.parse(request.payload);
  } catch {
    sent = undefined;
  }
  const faults: string[] = [];
  for (const error of errors ?? []) {
    const pointer = String(error.pointer);
    if (!jsonPointer.test(pointer)) {
      faults.push(`errors[].pointer ${JSON.stringify(pointer.slice(0, 100))} is not a JSON Pointer (RFC 6901)`);
    } else if (error.in === 'body' && sent !== null && typeof sent === 'object' && pointer !== '') {
      const parent = pointer.slice(0, pointer.lastIndexOf('/'));
      if (pointAt(sent, parent) === undefined) faults.push(`errors[].pointer ${JSON.stringify(pointer.slice(0, 100))} points into nothing in the body sent`);
    }
  }
  return faults;
}

export class ContractChecker {
  readonly validator: SchemaValidator;

  constructor(private readonly doc: OpenApiDocument = contract) {
    this.validator = new SchemaValidator(doc);
  }

  /** What is wrong with `response` as an answer of `op` to `request`; empty when nothing is. */
  check(op: Operation, request: FuzzRequest, response: FuzzResponse): string[] {
    const faults: string[] = [];
    const status = response.statusCode;
    if (status >= 500) faults.push(`status ${status}: a server error`);
    const documented = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
    if (!documented) {
      faults.push(`status ${status} is not documented for ${op.method} ${op.path} (documented: ${Object.keys(op.responses).join(', ')})`);
      return faults;
    }
    const mediaType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const content = documented.content;
    if (!content || !Object.keys(content).length) {
      if (response.body !== '') faults.push(`status ${status} documents no body, but one was sent (${mediaType})`);
      return faults;
    }
    if (status >= 400 && mediaType !== 'application/problem+json') faults.push(`status ${status} sent as ${mediaType || 'no content type'}, not application/problem+json`);
    const media = content[mediaType];
    if (!media) {
      faults.push(`content type ${mediaType || '(none)'} is not documented for status ${status} (documented: ${Object.keys(content).join(', ')})`);
      return faults;
    }
    if (media.schema) {
      let body: unknown = response.body;
      if (/[/+]json$/.test(mediaType)) {
        try {
          body = JSON.parse(response.body);
        } catch {
          faults.push(`the ${mediaType} body is not JSON`);
          return faults;
        }
      }
      const errors = this.validator.errors(media.schema, body);
      if (errors) faults.push(`the body does not match the schema documented for status ${status}: ${errors}`);
      // The service refuses text with lone surrogates; it must not produce any either (JSON escapes can carry them).
      const broken = illFormedText(body);
      if (broken !== undefined) faults.push(`the body holds text that is not well-formed Unicode (a lone surrogate) at ${broken || '/'}`);
    }
    // `errors[].pointer` is a JSON Pointer (RFC 6901: `~` and `/` in a name are written `~0` and `~1`); one
    // into the body names a field of the body sent (or, for a missing field, a place in it).
    if (status >= 400 && /json$/.test(mediaType)) faults.push(...pointerFaults(response.body, request));
    // A body the contract refuses must not be accepted.
    if (status < 300 && op.body && request.payload !== undefined) {
      let sent: unknown;
      let parsed = false;
      try {
        sent = JSON.parse(request.payload);
        parsed = true;
      } catch {
        faults.push(`status ${status} for a body that is not JSON`);
      }
      if (parsed) {
        const errors = this.validator.errors(op.body.schema, sent);
        if (errors) faults.push(`status ${status} for a body the contract refuses: ${errors}`);
      }
    }
    return faults;
  }
}
