/**
 * Sites of a function's code: the runtime calls that name a site pass its id (the function
 * index + 1 above SITE_BITS, the site number below), and the compiler keeps what each is: a
 * property inline cache (its IC word's offset in the code, fast-props.ts), an object literal's
 * names, or a new context's initial words.
 */
import { JitError } from '../errors.js';
import type { Loc } from '../ir/ir.js';

/** Bits of a site id that number the site within its function (the rest is the function index + 1). */
const SITE_BITS = 20;

/** The site id of site `k` of function `index` (-1 for the script). */
export function siteId(index: number, k: number): bigint {
  if (k >= 1 << SITE_BITS) throw new JitError('INVARIANT', `function ${index} has more than ${1 << SITE_BITS} sites`, {});
  return (BigInt(index + 1) << BigInt(SITE_BITS)) | BigInt(k);
}

/** The function index and site number of a site id. */
export function siteOf(id: bigint): { index: number; k: number } {
  return { index: Number(id >> BigInt(SITE_BITS)) - 1, k: Number(id & BigInt((1 << SITE_BITS) - 1)) };
}

/** A property IC: its IC word (fast-props.ts) is the 8 bytes at `wordOffset` of the code. */
export interface IcSite {
  readonly kind: 'get' | 'set';
  readonly name: string;
  readonly loc: Loc;
  readonly wordOffset: number;
}

/** An object literal's property names, in order. */
export interface LiteralSite {
  readonly kind: 'literal';
  readonly names: readonly string[];
}

/** A new context's words: which start as HOLE (a let/const), the others undefined. */
export interface ContextSite {
  readonly kind: 'context';
  readonly holes: readonly boolean[];
}

/** A site of a function's code. */
export type Site = IcSite | LiteralSite | ContextSite;

/** A site while the code is not laid out yet. */
export type PendingSite = LiteralSite | ContextSite | Omit<IcSite, 'wordOffset'>;

/** A lowered function. */
export interface Lowered {
  readonly code: Uint8Array;
  readonly sites: readonly Site[];
}
