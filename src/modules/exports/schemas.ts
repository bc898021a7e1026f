// The query string of an export: the filters of the collection's list, the format and the CSV byte order mark.
import Type from 'typebox';
import type { Collection } from '../../exports/collections.js';
import { exportFormats, mediaTypes, xlsxMediaType } from '../../exports/formats.js';
import { StringEnum } from '../../http/schemas.js';
import { rateLimitHeaders } from '../../http/responses.js';

export const formatParam = StringEnum(exportFormats, {
  description: `\`csv\` (RFC 4180), \`ndjson\` (one JSON object per line) or \`xlsx\`. Without it, the Accept header decides (\`${xlsxMediaType}\`, \`application/x-ndjson\`, \`text/csv\`); CSV when it names none of them.`,
});

export const bomParam = Type.Boolean({
  default: false,
  description: 'CSV only: start with a UTF-8 byte order mark, so that spreadsheet programs read Vietnamese correctly.',
});

export function ExportQuery(collection: Collection) {
  return Type.Object({ ...collection.filters, format: Type.Optional(formatParam), bom: Type.Optional(bomParam) }, { additionalProperties: false });
}

const file = (description: string, example: string) => ({ schema: { type: 'string', maxLength: 10_000_000_000, description }, example });

/** The 200 answer: the file, in the format asked for, as an attachment. */
export function exportResponse(collection: Collection) {
  const [first, second] = collection.columns;
  return {
    description: `The ${collection.title} as a file (Content-Disposition: attachment), streamed as the rows are read.`,
    headers: {
      ...rateLimitHeaders,
      'Content-Disposition': { type: 'string', maxLength: 200, description: '`attachment; filename="<collection>_<YYYY-MM-DD>.<csv|ndjson|xlsx>"`.' },
    },
    content: {
      [mediaTypes.csv.split(';')[0]!]: file('RFC 4180 CSV, UTF-8, CRLF line ends, a header line of column names.', `${first!.name},${second!.name},…\r\n`),
      [mediaTypes.ndjson]: file('One JSON object per line, keyed by the column names.', `{"${first!.name}":…,"${second!.name}":…}\n`),
      [xlsxMediaType]: file('One sheet: a bold, frozen header row of column names, then the rows.', '(binary xlsx)'),
    },
  };
}
