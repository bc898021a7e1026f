// Webhook signatures follow Standard Webhooks: the reference vector of the specification signs the same here, and a
// receiver's check (verifySignature, also the sample in docs/webhooks.md) refuses anything tampered with or stale.
import { createHmac } from 'node:crypto';
import t from 'tap';
import { generateSecret, sign, signatureHeaders, verifySignature } from '../src/webhooks/signing.js';

// The example the Standard Webhooks specification and its libraries test against.
const reference = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

t.test('signs the Standard Webhooks reference vector', async (t) => {
  t.equal(sign(reference.secret, reference.id, reference.timestamp, reference.body), reference.signature);
  const headers = signatureHeaders(reference.secret, reference.id, reference.body, reference.timestamp);
  t.same(headers, { 'webhook-id': reference.id, 'webhook-timestamp': '1614265330', 'webhook-signature': reference.signature });
  t.same(verifySignature({ secret: reference.secret, headers, body: reference.body, now: reference.timestamp + 299 }), { ok: true, id: reference.id, timestamp: reference.timestamp });
});

t.test('secrets are whsec_ and 32 random bytes, and the HMAC key is those bytes', async (t) => {
  const secrets = Array.from({ length: 20 }, generateSecret);
  for (const secret of secrets) {
    t.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    t.equal(Buffer.from(secret.slice('whsec_'.length), 'base64').length, 32);
  }
  t.equal(new Set(secrets).size, secrets.length, 'never the same twice');
  const secret = secrets[0]!;
  const independent = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update('evt.1700000000.{}').digest('base64');
  t.equal(sign(secret, 'evt', 1700000000, '{}'), `v1,${independent}`);
});

t.test('verification refuses what it should', async (t) => {
  const secret = generateSecret();
  const now = 1_800_000_000;
  const body = '{"id":"e1","type":"task.status_changed"}';
  const good = signatureHeaders(secret, 'e1', body, now);
  const verify = (headers: Record<string, string | string[] | undefined>, options: { body?: string; secret?: string; now?: number } = {}) =>
    verifySignature({ secret: options.secret ?? secret, headers, body: options.body ?? body, now: options.now ?? now });
  const cases: [string, ReturnType<typeof verify>, boolean][] = [
    ['the delivery as sent', verify(good), true],
    ['headers as arrays', verify({ ...good, 'webhook-signature': [good['webhook-signature']] }), true],
    ['4 minutes 59 seconds late', verify(good, { now: now + 299 }), true],
    ['one of several signatures matches', verify({ ...good, 'webhook-signature': `v1,AAAA v1a,xyz ${good['webhook-signature']}` }), true],
    ['a changed body', verify(good, { body: body.replace('e1', 'e2') }), false],
    ['re-serialised JSON (spaces)', verify(good, { body: JSON.stringify(JSON.parse(body), null, 1) }), false],
    ['another secret', verify(good, { secret: generateSecret() }), false],
    ['another event id', verify({ ...good, 'webhook-id': 'e2' }), false],
    ['another timestamp (replayed later, re-stamped)', verify({ ...good, 'webhook-timestamp': String(now + 1) }, { now: now + 1 }), false],
    ['more than 5 minutes old', verify(good, { now: now + 301 }), false],
    ['more than 5 minutes in the future', verify(good, { now: now - 301 }), false],
    ['a timestamp that is not unix seconds', verify({ ...good, 'webhook-timestamp': '2026-01-01T00:00:00Z' }), false],
    ['no signature', verify({ ...good, 'webhook-signature': undefined }), false],
    ['no id', verify({ ...good, 'webhook-id': undefined }), false],
    ['an empty signature', verify({ ...good, 'webhook-signature': '' }), false],
    ['a signature of the wrong length', verify({ ...good, 'webhook-signature': good['webhook-signature'].slice(0, -2) }), false],
    ['a signature without its version', verify({ ...good, 'webhook-signature': good['webhook-signature'].slice(3) }), false],
  ];
  for (const [name, result, ok] of cases) t.equal(result.ok, ok, name);
});
