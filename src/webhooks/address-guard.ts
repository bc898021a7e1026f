// Where webhooks may be sent (OWASP API7, server-side request forgery). A subscription's URL is chosen by whoever
// holds an admin key, and the service sends requests to it from inside the city network: without a guard, a URL
// could make it call itself, the cloud metadata service (credentials), or anything on the machine's loopback.
//
// Checked when a subscription is created or changed (the URL as written, and the addresses its name resolves to
// then), and again on every connection (`guardedLookup`: every address the name resolves to at that moment, so a
// name that resolves to something harmless at creation and to 169.254.169.254 later — DNS rebinding — is refused).
// Private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) are allowed on purpose: city systems live on the intranet.
// A host listed in WEBHOOK_ALLOWED_HOSTS skips the address rules (tests, a receiver on the same machine).
import { promises as dns, type LookupAddress } from 'node:dns';
import { BlockList, isIP, isIPv6, type LookupFunction } from 'node:net';
import { hostname as machineName, networkInterfaces } from 'node:os';

export interface AddressPolicy {
  /** Plain http:// URLs (WEBHOOK_ALLOW_HTTP). */
  allowHttp: boolean;
  /** Host names or IP literals that skip the address rules (WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
}

/** A URL or address the guard refuses; `rule` names the rule, `message` says it in words an admin can act on. */
export class RefusedUrl extends Error {
  override readonly name = 'RefusedUrl';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

const allowHint = 'list the host in WEBHOOK_ALLOWED_HOSTS to allow it';

/** Address ranges refused, most specific first (169.254.169.254 is reported as metadata, not just link-local). */
const addressRules: { rule: string; what: string; v4: string[]; v6: string[] }[] = [
  // AWS/GCP/Azure/Oracle (169.254.169.254), AWS ECS task metadata, AWS IPv6, Alibaba Cloud, Oracle Cloud.
  { rule: 'metadata', what: 'a cloud metadata service', v4: ['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32', '192.0.0.192/32'], v6: ['fd00:ec2::254/128'] },
  { rule: 'loopback', what: 'a loopback address', v4: ['127.0.0.0/8'], v6: ['::1/128'] },
  { rule: 'unspecified', what: 'the unspecified address ("this host")', v4: ['0.0.0.0/8'], v6: ['::/128'] },
  { rule: 'link-local', what: 'a link-local address', v4: ['169.254.0.0/16'], v6: ['fe80::/10'] },
  { rule: 'multicast', what: 'a multicast address', v4: ['224.0.0.0/4'], v6: ['ff00::/8'] },
  { rule: 'broadcast', what: 'a broadcast or reserved address', v4: ['240.0.0.0/4'], v6: [] },
];

const blockLists = addressRules.map(({ rule, what, v4, v6 }) => {
  const list = new BlockList();
  for (const cidr of v4) list.addSubnet(cidr.split('/')[0]!, Number(cidr.split('/')[1]), 'ipv4');
  for (const cidr of v6) list.addSubnet(cidr.split('/')[0]!, Number(cidr.split('/')[1]), 'ipv6');
  return { rule, what, list };
});

/** Names that always mean this machine or a metadata service, whatever DNS says. */
const metadataNames = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/** The eight 16-bit groups of an IPv6 address (with or without a zone, `::`, or a trailing dotted quad). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [head, tail] = text.split('::') as [string, string | undefined];
  if (tail === undefined) return parse(head);
  const before = parse(head);
  const after = parse(tail);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

/**
 * The IPv4 address an IPv6 address carries: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated
 * but still routed by some stacks) and NAT64 (64:ff9b::a.b.c.d). `::ffff:169.254.169.254` is the metadata service.
 */
function embeddedIpv4(groups: number[]): string | undefined {
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  const mapped = zeros(0, 5) && groups[5] === 0xffff;
  const compatible = zeros(0, 6) && (groups[6] !== 0 || groups[7]! > 1);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6);
  if (!mapped && !compatible && !nat64) return undefined;
  const [high, low] = [groups[6]!, groups[7]!];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** A canonical form of an address, to compare addresses written differently (`::1` and `0:0::1`). */
function canonical(address: string): string {
  return isIPv6(address.split('%')[0]!) ? ipv6Groups(address).join(':') : address;
}

/** Every address of this machine's interfaces: sending to one of them is the service calling itself. */
function ownAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) addresses.add(canonical(entry.address));
  }
  return addresses;
}

/** The rule that refuses an IP address, or undefined when it may be called. */
export function refusedAddress(address: string): RefusedUrl | undefined {
  const bare = address.split('%')[0]!;
  const family = isIP(bare);
  if (family === 0) return new RefusedUrl('invalid', `${address} is not an IP address.`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { rule, what, list } of blockLists) {
    if (list.check(bare, type)) return new RefusedUrl(rule, `The URL points at ${what} (${bare}): refused to protect internal services (SSRF); ${allowHint}.`);
  }
  if (family === 6) {
    const inner = embeddedIpv4(ipv6Groups(bare));
    const refused = inner === undefined ? undefined : refusedAddress(inner);
    if (refused) return new RefusedUrl(refused.rule, refused.message.replace(`(${inner})`, `(${bare}, which carries ${inner})`));
  }
  const own = ownAddresses();
  const inner = family === 6 ? embeddedIpv4(ipv6Groups(bare)) : undefined;
  if (own.has(canonical(bare)) || (inner !== undefined && own.has(inner))) {
    return new RefusedUrl('self', `The URL points at this service's own machine (${bare}): refused so the service cannot be made to call itself; ${allowHint}.`);
  }
  return undefined;
}

const hostOf = (name: string) => name.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();

function isAllowedHost(host: string, policy: AddressPolicy): boolean {
  const wanted = isIPv6(host) ? canonical(host) : host;
  return policy.allowedHosts.some((entry) => {
    const listed = hostOf(entry.trim());
    return (isIPv6(listed) ? canonical(listed) : listed) === wanted;
  });
}

/**
 * Checks a URL as written: http(s) only (http only when allowed), no credentials, and — unless its host is listed
 * in WEBHOOK_ALLOWED_HOSTS — a host that is neither a refused address nor a name that always means one. Returns
 * the parsed URL and whether its host skips the address rules; throws RefusedUrl.
 */
export function checkWebhookUrl(text: string, policy: AddressPolicy): { url: URL; host: string; allowed: boolean } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RefusedUrl('invalid', 'The URL is not a valid absolute URL.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    const allowed = policy.allowHttp ? 'https:// or http://' : 'https:// (http:// only when WEBHOOK_ALLOW_HTTP is on)';
    throw new RefusedUrl('scheme', `The URL must start with ${allowed}; ${url.protocol}// is refused.`);
  }
  if (url.username || url.password) {
    throw new RefusedUrl('credentials', 'The URL must not hold credentials (user:password@): deliveries are authenticated by their signature.');
  }
  const host = hostOf(url.hostname);
  if (!host) throw new RefusedUrl('invalid', 'The URL has no host.');
  if (isAllowedHost(host, policy)) return { url, host, allowed: true };
  if (isIP(host)) {
    const refused = refusedAddress(host);
    if (refused) throw refused;
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new RefusedUrl('loopback', `The URL points at ${host}, a loopback name: refused to protect internal services (SSRF); ${allowHint}.`);
  } else if (metadataNames.has(host)) {
    throw new RefusedUrl('metadata', `The URL points at ${host}, a cloud metadata service: refused to protect its credentials (SSRF); ${allowHint}.`);
  } else if (host === hostOf(machineName())) {
    throw new RefusedUrl('self', `The URL points at ${host}, the name of this service's own machine: refused so the service cannot be made to call itself; ${allowHint}.`);
  }
  return { url, host, allowed: false };
}

/** Resolves a name to all its addresses. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;
const resolveAll: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** The first address among `addresses` that a rule refuses, as the error to report. */
function refusedAmong(host: string, addresses: LookupAddress[]): RefusedUrl | undefined {
  for (const { address } of addresses) {
    const refused = refusedAddress(address);
    if (refused) return new RefusedUrl(refused.rule, `The URL's host ${host} resolves to ${refused.message.replace(/^The URL points at /, '')}`);
  }
  return undefined;
}

/**
 * `checkWebhookUrl`, then the addresses the host's name resolves to now. A name that does not resolve (yet) is
 * accepted: what counts is what it resolves to when a delivery connects, and that is checked then.
 */
export async function checkWebhookUrlResolved(text: string, policy: AddressPolicy, resolve: Resolver = resolveAll, timeoutMs = 2000): Promise<URL> {
  const { url, host, allowed } = checkWebhookUrl(text, policy);
  if (allowed || isIP(host)) return url;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<LookupAddress[]>((resolved) => (timer = setTimeout(() => resolved([]), timeoutMs)));
  const addresses = await Promise.race([resolve(host).catch(() => []), timeout]).finally(() => clearTimeout(timer));
  const refused = refusedAmong(host, addresses);
  if (refused) throw refused;
  return url;
}

/**
 * A `lookup` for http.request: resolves the name, refuses the connection when ANY of its addresses is refused
 * (a name that also resolves to 127.0.0.1 is refused, whichever address the connection would have used), then
 * answers in the shape Node asked for. IP literals never reach a lookup: `checkWebhookUrl` covers those.
 */
export function guardedLookup(policy: AddressPolicy, resolve: Resolver = resolveAll): LookupFunction {
  return (hostname, options, callback) => {
    const host = hostOf(hostname);
    resolve(host).then(
      (found) => {
        const addresses = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        const refused = isAllowedHost(host, policy) ? undefined : refusedAmong(host, found);
        if (refused) return callback(Object.assign(refused, { code: 'EWEBHOOKREFUSED' }), '', 0);
        const first = addresses[0];
        if (!first) return callback(Object.assign(new Error(`${host} has no address of the family asked for`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return callback(null, addresses);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
