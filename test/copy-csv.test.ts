// The COPY fast path's byte work (src/exports/copy.ts), checked against the obvious byte-by-byte reading of it: any
// text, cut into chunks anywhere (inside a quoted field, between the two quotes of an escaped one), comes out the
// same, with the same row count. And the parameters written into a query stay values.
import fc from 'fast-check';
import t from 'tap';
import { toCrlf, withLiterals } from '../src/exports/copy.js';

/** Every LF outside quotes becomes CRLF; quotes toggle (an escaped "" toggles twice). */
function byteByByte(text: Buffer): { bytes: Buffer; rows: number } {
  const out: number[] = [];
  let inQuotes = false;
  let rows = 0;
  for (const byte of text) {
    if (byte === 0x22) inQuotes = !inQuotes;
    if (byte === 0x0a && !inQuotes) {
      out.push(0x0d);
      rows++;
    }
    out.push(byte);
  }
  return { bytes: Buffer.from(out), rows };
}

t.test('LF to CRLF outside quoted fields, whatever the chunks', async (t) => {
  const csvish = fc.array(fc.constantFrom('a', ',', '"', '""', '\n', '\r', 'ễ', 'x y'), { maxLength: 200 }).map((parts) => Buffer.from(parts.join('')));
  fc.assert(
    fc.property(csvish, fc.array(fc.nat(), { maxLength: 6 }), (text, cutAt) => {
      const cuts = [...new Set(cutAt.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...cuts].map((from, i) => text.subarray(from, [...cuts, text.length][i]));
      const state = { inQuotes: false };
      const results = chunks.map((chunk) => toCrlf(chunk, state));
      const expected = byteByByte(text);
      return Buffer.concat(results.map((r) => r.bytes)).equals(expected.bytes) && results.reduce((n, r) => n + r.rows, 0) === expected.rows;
    }),
    { numRuns: 2000 },
  );
  t.same(toCrlf(Buffer.from('a,"b\nc"\nd,e\n'), { inQuotes: false }), { bytes: Buffer.from('a,"b\nc"\r\nd,e\r\n'), rows: 2 }, 'a line feed inside quotes is data');
});

t.test('parameters become literals in one pass', async (t) => {
  const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;
  const query = { sql: `select 1 where a ~ '^[0-9]{4}$' and b = $1 and c = $2 and d = $10 and e = $1`, params: ['$2', "it's $'", 3, 4, 5, 6, 7, 8, 9, null] };
  t.equal(withLiterals(query, quoteLiteral), `select 1 where a ~ '^[0-9]{4}$' and b = '$2' and c = 'it''s $''' and d = NULL and e = '$2'`);
  t.equal(withLiterals({ sql: 'select $1::text[]', params: [['a"b', null]] }, quoteLiteral), `select '{"a\\"b",NULL}'::text[]`, 'arrays as array literals');
});
