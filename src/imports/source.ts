// Reading what an import was given: bytes that should be a JSON program document or an XLSX workbook. Whatever they
// turn out to be (text in another encoding, a CSV file, a zip that is no workbook), the answer is a list of problems
// that say so in words a person can act on, never an exception. Each problem is found at a JSON Pointer of the
// document; `locate` turns the pointer into where its author can find it (the pointer itself, or sheet/row/column).
import type { ImportProblem } from './report.js';

export const xlsxMediaType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export type ImportFormat = 'json' | 'xlsx';

/** A problem at a place in the document (a JSON Pointer), before it is located for its author. */
export interface Finding {
  pointer: string;
  message: string;
}

export interface ImportSource {
  format: ImportFormat;
  /** The document as read, not yet validated; undefined when nothing could be read. */
  input: unknown;
  /** Problems of the file itself (not JSON, no workbook, a missing sheet or column): the document is not checked further. */
  fileProblems: ImportProblem[];
  /** Problems of single values found while reading (a cell of the wrong type); the rest of the document is still checked. */
  findings: Finding[];
  /** Places already reported while reading: validation does not report them again ("is required" for a bad cell). */
  reported: Set<string>;
  locate(finding: Finding): ImportProblem;
}

const locateInJson = (finding: Finding): ImportProblem => ({ pointer: finding.pointer, message: finding.message });

function refusedFile(format: ImportFormat, message: string): ImportSource {
  return { format, input: undefined, fileProblems: [{ message }], findings: [], reported: new Set(), locate: locateInJson };
}

/** What a file that is not what it claims to be looks like, to say so in the problem. */
export function describeBytes(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'empty';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'UTF-16 text';
  // UTF-16 without a byte order mark: every other byte of ASCII text is zero.
  if (bytes.length >= 4 && ((bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) || (bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0))) return 'UTF-16 text';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'a zip file (XLSX workbooks are zip files)';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'an old-style Excel file (.xls): save it as .xlsx';
  const start = Buffer.from(bytes.subarray(0, 512)).toString('utf8').replace(/^\ufeff/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'JSON text';
  if (/^[^\n]*[,;\t][^\n]*\r?\n/.test(start)) return 'CSV or other delimited text';
  // Text has no control characters but tab and line breaks (and the odd form feed); binary data has plenty.
  if (start.length > 0 && !/[^\P{Cc}\t\n\r\f]/u.test(start)) return 'plain text';
  return undefined;
}

/** The byte offset of the first byte that is not valid UTF-8; -1 when all are. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let offset = 0;
  for (const character of lenient) {
    // A replacement character that the file does not spell out itself (EF BF BD) stands for bytes that are not UTF-8.
    if (character === '\ufffd' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    offset += Buffer.byteLength(character);
  }
  return -1;
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return `line ${line}, column ${index - before.lastIndexOf('\n')}`;
}

/** A JSON program document: strict UTF-8 (a byte order mark is allowed), then JSON. */
export function readJson(bytes: Uint8Array): ImportSource {
  const kind = describeBytes(bytes);
  if (kind === 'empty') return refusedFile('json', 'The document is empty: send the program document as JSON.');
  if (kind === 'UTF-16 text') return refusedFile('json', 'The document is UTF-16 text; save it as UTF-8 and send it again.');
  if (kind?.startsWith('a zip file')) return refusedFile('json', `The document is ${kind}, not JSON: send a workbook with Content-Type ${xlsxMediaType}.`);
  if (kind === 'CSV or other delimited text') return refusedFile('json', 'The document is CSV or other delimited text, not JSON: imports take a JSON program document or the XLSX template.');
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const line = Buffer.from(bytes.subarray(0, bad)).toString('utf8').split('\n').length;
    return refusedFile('json', `The document is not valid UTF-8: byte ${bad} (line ${line}) is 0x${bytes[bad]!.toString(16).padStart(2, '0')}. Save it as UTF-8 (legacy Vietnamese encodings such as TCVN3 or VNI are not accepted).`);
  }
  const text = new TextDecoder('utf-8').decode(bytes); // drops a leading byte order mark
  try {
    return { format: 'json', input: JSON.parse(text), fileProblems: [], findings: [], reported: new Set(), locate: locateInJson };
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const where = position ? ` (${lineAndColumn(text, Number(position[1]))})` : '';
    return refusedFile('json', `The document is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, '')}.`);
  }
}

/** The format of a file by its name, else by its first bytes (JSON unless it is a zip, as XLSX files are). */
export function formatOfFile(name: string, bytes: Uint8Array): ImportFormat {
  if (/\.xlsx$/i.test(name)) return 'xlsx';
  if (/\.json$/i.test(name)) return 'json';
  return describeBytes(bytes)?.startsWith('a zip file') ? 'xlsx' : 'json';
}
