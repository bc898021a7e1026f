// Webhook signatures, as the Standard Webhooks specification (standardwebhooks.com) defines them, so receivers
// can use its libraries or the ten lines in docs/webhooks.md:
//   webhook-id         the event id (the same on every attempt: receivers deduplicate on it)
//   webhook-timestamp  when this attempt was signed, in unix seconds (receivers refuse stale ones: replays)
//   webhook-signature  `v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>">`, space-separated if several
// A secret is `whsec_` followed by the base64 of 32 random bytes; the HMAC key is the decoded bytes.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const secretPrefix = 'whsec_';

/** A new signing secret (`whsec_…`); 32 bytes, as much as the HMAC-SHA256 key can use. */
export function generateSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString('base64')}`;
}

/** The HMAC key a secret stands for: the bytes after `whsec_` (a secret without the prefix is taken as is). */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret, 'base64');
}

/** `v1,<base64 signature>` of one message. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The headers that carry the event id, the attempt's time and the signature. */
export function signatureHeaders(secret: string, id: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, id, timestamp, body) };
}

export interface VerifyInput {
  secret: string;
  /** The request's headers (names in lower case, as Node gives them). */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body, exactly as received: a re-serialised JSON body would not verify. */
  body: string;
  /** How old or how far in the future a timestamp may be; 5 minutes unless said otherwise. */
  toleranceSeconds?: number;
  /** The current time in unix seconds (tests). */
  now?: number;
}

export type VerifyResult = { ok: true; id: string; timestamp: number } | { ok: false; reason: string };

/** Checks a delivery the way a receiver should: headers present, timestamp recent, one `v1` signature matching. */
export function verifySignature(input: VerifyInput): VerifyResult {
  const header = (name: string) => {
    const value = input.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header('webhook-id');
  const timestampText = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestampText || !signatures) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'webhook-timestamp is not unix seconds' };
  const timestamp = Number(timestampText);
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return { ok: false, reason: 'webhook-timestamp is too old or too far in the future' };
  const expected = Buffer.from(sign(input.secret, id, timestamp, input.body));
  // Several signatures (`v1,a v1,b`) can be sent, e.g. while a secret changes: one match is enough.
  const matches = signatures.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, id, timestamp } : { ok: false, reason: 'no signature matches' };
}
