// Deterministic randomness for the generator: no dependency, same output on every machine and Node version.
// sfc32 (Chris Doty-Humphrey's Small Fast Counter, 128-bit state) seeded from a string with cyrb128, so every
// province and program draws from its own stream: changing one part of the data does not shift the rest.

/** cyrb128: a 128-bit hash of a string, as four 32-bit words (seeds sfc32). */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream named by `parts` (joined with '/'): the same names always give the same numbers. */
  constructor(...parts: (string | number)[]) {
    [this.a, this.b, this.c, this.d] = cyrb128(parts.join('/'));
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** One item, each as likely as its weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let roll = this.float() * total;
    for (let i = 0; i < items.length; i++) {
      roll -= weights[i]!;
      if (roll < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** `n` distinct items (fewer when the list is shorter), in the order drawn. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    for (let i = 0; i < n && copy.length > 0; i++) out.push(copy.splice(Math.floor(this.float() * copy.length), 1)[0]!);
    return out;
  }

  /** A child stream named after this one's next number and `parts`. */
  fork(...parts: (string | number)[]): Random {
    return new Random(this.next(), ...parts);
  }
}

/** lowbias32 (Chris Wellons): a bijection on 32-bit integers with good avalanche. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * Version-4-shaped UUIDs that look random (so indexes see the same scattered keys gen_random_uuid() gives) but are
 * a pure function of a counter: unique because the last 32 bits are a bijection of it, deterministic because the
 * generator hands out numbers in a fixed order.
 */
export class UuidSequence {
  private n = 0;
  private readonly salt: number;

  constructor(seed: string) {
    this.salt = new Random(seed, 'uuid').next();
  }

  next(): string {
    const n = this.n++;
    const a = mix32(n ^ this.salt);
    const b = mix32((n + 0x9e3779b9) ^ this.salt);
    const c = mix32((n ^ 0x85ebca6b) + this.salt);
    const d = mix32(n) ^ this.salt; // a bijection of n: this word alone makes the id unique
    const b2 = ((b & 0xffff0fff) | 0x00004000) >>> 0; // version 4
    const c2 = ((c & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
    const h = hex8(a) + hex8(b2) + hex8(c2) + hex8(d >>> 0);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  get count(): number {
    return this.n;
  }
}
