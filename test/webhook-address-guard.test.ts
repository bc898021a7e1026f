// The SSRF guard for webhook URLs: which URLs and addresses are refused, and under which rule; that a name's
// addresses are checked at creation and on every connection (DNS rebinding); and that WEBHOOK_ALLOWED_HOSTS lets
// a listed host through while the scheme and credential rules still hold.
import type { LookupAddress } from 'node:dns';
import { createServer, request } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import t from 'tap';
import { checkWebhookUrl, checkWebhookUrlResolved, guardedLookup, RefusedUrl, type AddressPolicy } from '../src/webhooks/address-guard.js';

const strict: AddressPolicy = { allowHttp: false, allowedHosts: [] };

/** The rule that refuses a URL under a policy, or 'ok'. */
function ruleOf(url: string, policy: AddressPolicy = strict): string {
  try {
    checkWebhookUrl(url, policy);
    return 'ok';
  } catch (error) {
    if (error instanceof RefusedUrl) return error.rule;
    throw error;
  }
}

t.test('URLs as written', async (t) => {
  const cases: [string, string][] = [
    ['https://baocao.cantho.gov.vn/hooks/plantrack', 'ok'],
    ['https://example.org:8443/a?b=c', 'ok'],
    // Private ranges: city systems live on the intranet.
    ['https://10.1.2.3/hook', 'ok'],
    ['https://172.16.0.1/', 'ok'],
    ['https://192.168.1.10/', 'ok'],
    ['https://[fd12:3456::1]/', 'ok'],
    ['https://8.8.8.8/', 'ok'],
    ['not a url', 'invalid'],
    ['https://', 'invalid'],
    ['http://example.org/', 'scheme'],
    ['ftp://example.org/', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['gopher://example.org/', 'scheme'],
    ['https://user:secret@example.org/', 'credentials'],
    ['https://user@example.org/', 'credentials'],
    ['https://169.254.169.254/latest/meta-data/', 'metadata'],
    ['https://[fd00:ec2::254]/', 'metadata'],
    ['https://100.100.100.200/', 'metadata'],
    ['https://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['https://169.254.1.1/', 'link-local'],
    ['https://[fe80::1]/', 'link-local'],
    ['https://[febf::1]/', 'link-local'],
    ['https://127.0.0.1/', 'loopback'],
    ['https://127.1.2.3:3000/', 'loopback'],
    ['https://2130706433/', 'loopback'], // 127.0.0.1 as one decimal number
    ['https://0x7f.1/', 'loopback'], // and in hexadecimal shorthand
    ['https://[::1]/', 'loopback'],
    ['https://[0:0:0:0:0:0:0:1]/', 'loopback'],
    ['https://localhost:3000/', 'loopback'],
    ['https://LOCALHOST./', 'loopback'],
    ['https://api.localhost/', 'loopback'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://0/', 'unspecified'],
    ['https://[::]/', 'unspecified'],
    ['https://224.0.0.1/', 'multicast'],
    ['https://[ff02::1]/', 'multicast'],
    ['https://255.255.255.255/', 'broadcast'],
    // IPv4 inside IPv6: mapped, compatible, NAT64.
    ['https://[::ffff:169.254.169.254]/', 'metadata'],
    ['https://[::ffff:127.0.0.1]/', 'loopback'],
    ['https://[::ffff:7f00:1]/', 'loopback'],
    ['https://[::127.0.0.1]/', 'loopback'],
    ['https://[64:ff9b::a9fe:a9fe]/', 'metadata'],
    ['https://[::ffff:10.0.0.1]/', 'ok'],
    [`https://${hostname()}/`, 'self'],
  ];
  for (const [url, rule] of cases) t.equal(ruleOf(url), rule, url);

  const own = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && !entry.internal);
  if (own) t.equal(ruleOf(`https://${own.family === 'IPv6' ? `[${own.address.split('%')[0]}]` : own.address}/`), own.address.startsWith('fe80') ? 'link-local' : 'self', `this machine's ${own.address}`);
  else t.comment('no non-loopback interface: the "self" rule is only tested through the host name');
});

t.test('refusals say which rule and how to allow the host', async (t) => {
  const error = t.throws(() => checkWebhookUrl('http://169.254.169.254/', { allowHttp: true, allowedHosts: [] })) as RefusedUrl;
  t.equal(error.rule, 'metadata');
  t.match(error.message, /cloud metadata service \(169\.254\.169\.254\).*SSRF.*WEBHOOK_ALLOWED_HOSTS/);
  t.match((t.throws(() => checkWebhookUrl('http://example.org/', strict)) as RefusedUrl).message, /WEBHOOK_ALLOW_HTTP/);
});

t.test('WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOWED_HOSTS', async (t) => {
  const open: AddressPolicy = { allowHttp: true, allowedHosts: ['127.0.0.1', 'Receiver.Local', '::1', ' localhost '] };
  const cases: [string, AddressPolicy, string][] = [
    ['http://example.org/', open, 'ok'],
    ['http://127.0.0.1:8080/hook', open, 'ok'],
    ['http://127.0.0.2/', open, 'loopback'],
    ['http://receiver.local/', open, 'ok'],
    ['http://localhost:3000/', open, 'ok'],
    ['http://[0::1]/', open, 'ok'],
    ['https://127.0.0.1/', { allowHttp: false, allowedHosts: ['127.0.0.1'] }, 'ok'],
    ['http://127.0.0.1/', { allowHttp: false, allowedHosts: ['127.0.0.1'] }, 'scheme'],
    ['http://user:pw@127.0.0.1/', open, 'credentials'],
    ['ftp://127.0.0.1/', open, 'scheme'],
  ];
  for (const [url, policy, rule] of cases) t.equal(ruleOf(url, policy), rule, `${url} with ${JSON.stringify(policy)}`);
});

/** A resolver that answers from a table (or fails, or never answers). */
function fakeResolver(table: Record<string, string[] | 'fail' | 'hang'>) {
  return async (name: string): Promise<LookupAddress[]> => {
    const entry = table[name];
    if (entry === 'hang') return new Promise(() => {});
    if (!entry || entry === 'fail') throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return entry.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

t.test('at creation, the addresses the name resolves to', async (t) => {
  const resolve = fakeResolver({
    'intranet.cantho.gov.vn': ['10.20.30.40'],
    'public.example': ['93.184.216.34', '2606:2800:220:1::1'],
    'rebind.example': ['93.184.216.34', '169.254.169.254'],
    'six.example': ['::1'],
    'mapped.example': ['::ffff:127.0.0.1'],
    'gone.example': 'fail',
    'slow.example': 'hang',
  });
  const check = async (url: string, policy: AddressPolicy = strict) => {
    try {
      await checkWebhookUrlResolved(url, policy, resolve, 50);
      return 'ok';
    } catch (error) {
      return (error as RefusedUrl).rule;
    }
  };
  const cases: [string, string][] = [
    ['https://intranet.cantho.gov.vn/hook', 'ok'],
    ['https://public.example/', 'ok'],
    ['https://rebind.example/', 'metadata'],
    ['https://six.example/', 'loopback'],
    ['https://mapped.example/', 'loopback'],
    // Not resolvable now (or not in time): accepted; every connection checks again.
    ['https://gone.example/', 'ok'],
    ['https://slow.example/', 'ok'],
    ['https://localhost/', 'loopback'],
  ];
  for (const [url, rule] of cases) t.equal(await check(url), rule, url);
  t.equal(await check('https://rebind.example/', { allowHttp: false, allowedHosts: ['rebind.example'] }), 'ok', 'an allowed host is not resolved');
  const refused = await checkWebhookUrlResolved('https://rebind.example/', strict, resolve).catch((error: RefusedUrl) => error);
  t.match((refused as RefusedUrl).message, /rebind\.example resolves to a cloud metadata service \(169\.254\.169\.254\)/);
});

/** Calls a lookup function the way Node's net module does. */
function lookupWith(lookup: LookupFunction, name: string, options: { all?: boolean; family?: number } = {}) {
  return new Promise<{ error: (Error & { code?: string; rule?: string }) | null; address: unknown; family?: number }>((resolve) =>
    lookup(name, options, (error, address, family) => resolve({ error, address, family })),
  );
}

t.test('on every connection, every resolved address', async (t) => {
  const resolve = fakeResolver({ 'public.example': ['93.184.216.34', '2606:2800:220:1::1'], 'rebind.example': ['93.184.216.34', '127.0.0.1'] });
  const lookup = guardedLookup(strict, resolve);
  t.match(await lookupWith(lookup, 'public.example', { all: true }), { error: null, address: [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }] });
  t.match(await lookupWith(lookup, 'public.example'), { error: null, address: '93.184.216.34', family: 4 });
  t.match(await lookupWith(lookup, 'public.example', { family: 6 }), { error: null, address: '2606:2800:220:1::1', family: 6 });
  const rebound = await lookupWith(lookup, 'rebind.example', { all: true });
  t.match(rebound.error, { code: 'EWEBHOOKREFUSED', rule: 'loopback' }, 'one refused address refuses the name');
  t.match((await lookupWith(lookup, 'nowhere.example')).error, { code: 'ENOTFOUND' });
  const allowed = guardedLookup({ allowHttp: true, allowedHosts: ['rebind.example'] }, resolve);
  t.match(await lookupWith(allowed, 'rebind.example', { all: true }), { error: null }, 'an allowed host connects');
});

t.test('a real connection to a name that resolves to loopback never reaches the server', async (t) => {
  let reached = 0;
  const server = createServer((_req, res) => {
    reached++;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const { port } = server.address() as AddressInfo;
  // The real resolver: localhost is 127.0.0.1 (and ::1) on every machine.
  const attempt = (lookup: LookupFunction) =>
    new Promise<string>((resolve) => {
      const req = request({ host: 'localhost', port, path: '/', lookup, agent: false, family: 4 }, (res) => {
        res.resume();
        resolve(`HTTP ${res.statusCode}`);
      });
      req.on('error', (error: Error & { code?: string }) => resolve(error.code ?? error.message));
      req.end();
    });
  t.equal(await attempt(guardedLookup(strict)), 'EWEBHOOKREFUSED');
  t.equal(reached, 0);
  t.equal(await attempt(guardedLookup({ allowHttp: true, allowedHosts: ['localhost'] })), 'HTTP 200', 'allowed, it connects');
  t.equal(reached, 1);
});
