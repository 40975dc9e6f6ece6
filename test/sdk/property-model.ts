/**
 * What the SDK property tests expect, computed from the model of property-world.ts: which
 * allocation an operation picks, whether a hardware key must be unavailable, and whether an
 * allocation's bytes (with the seams of its neighbours) hold a forbidden sequence.  Plus the
 * two assertion helpers every step uses.
 */
import { SdkError } from '../../sdk/errors.js';
import { VerifyError } from '../../sdk/seal.js';
import { forbiddenBytes, SEAM_BYTES } from '../../sdk/verifier.js';
import type { CodeRegion } from '../../sdk/code-region.js';
import { FN_SIZE, immOf } from './property-ops.js';
import type { AllocModel, World } from './property-world.js';

/** Expects `fn` to throw an SdkError with `code` (a VerifyError for VERIFY_FAILED). */
export function refused(w: World, what: string, code: string, fn: () => unknown): void {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  if (err === null) throw new Error(`${what}: expected SdkError ${code}, but it succeeded`);
  if (!(err instanceof SdkError) || err.code !== code || (code === 'VERIFY_FAILED' && !(err instanceof VerifyError))) {
    const got = err instanceof SdkError ? `SdkError ${err.code}: ${err.message}` : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new Error(`${what}: expected SdkError ${code}, got ${got}`);
  }
  w.stats.refusals++;
  w.refusedCodes.set(code, (w.refusedCodes.get(code) ?? 0) + 1);
}

/** Throws unless `got` is `want`. */
export function expectEq<T>(what: string, got: T, want: T): void {
  if (got !== want) throw new Error(`${what}: got ${String(got)}, expected ${String(want)}`);
}

/** The element `n` back from the last (0 = the last), or null when there is none. */
export function nth<T>(list: readonly T[], n: number): T | null {
  return list.length === 0 ? null : list[list.length - 1 - (n % list.length)] ?? null;
}

/** An op's allocation: among those `legal` holds for, or among all of them when `wild`. */
export function choose(w: World, op: { readonly alloc: number; readonly wild: boolean }, legal: (m: AllocModel) => boolean): AllocModel | null {
  return nth(op.wild ? w.allocs : w.allocs.filter(legal), op.alloc);
}

/** Whether an executor can enter the allocation: published, with a function in it. */
export const runnable = (m: AllocModel): boolean => m.state === 'published' && immOf(m.bytes) !== null;

/** Whether giving `region` a hardware key must fail: none free, and every holder has an open window. */
export function keysExhausted(w: World, region: CodeRegion): boolean {
  const keys = w.sbx;
  if (keys.keyOf(region) !== null) return false;
  const holders = w.sbx.regions.filter((r) => keys.keyOf(r) !== null);
  const pinned = (r: CodeRegion): boolean => w.allocs.some((m) => m.a.region === r && w.windowsOn(m) > 0);
  return holders.length >= w.scenario.codeKeys && holders.every(pinned);
}

/**
 * The model's executable byte at a region offset: an allocation's code (int3 until sealed), or
 * int3 filler where nothing was reserved; `staged`'s own staged bytes when given.
 */
function modelByte(w: World, region: CodeRegion, off: number, staged: AllocModel | null = null): number {
  const m = w.allocs.find((x) => x.a.region === region && off >= x.a.offset && off < x.a.offset + FN_SIZE);
  if (m === undefined) return 0xcc;
  return (m === staged ? m.bytes : m.code)[off - m.a.offset] ?? 0xcc;
}

/**
 * Whether sealing (or patching to) `bytes` at `m` must be refused: the built-in verifier's
 * patterns, run over the model's image of the allocation and SEAM_BYTES of each neighbour.
 */
export function mustRefuse(w: World, m: AllocModel, bytes: Uint8Array = m.bytes, staged: AllocModel | null = null): boolean {
  const r = m.a.region;
  const before = Math.min(SEAM_BYTES, m.a.offset);
  const after = Math.min(SEAM_BYTES, r.size - m.a.offset - FN_SIZE);
  const image = new Uint8Array(before + FN_SIZE + after);
  for (let i = 0; i < before; i++) image[i] = modelByte(w, r, m.a.offset - before + i, staged);
  image.set(bytes, before);
  for (let i = 0; i < after; i++) image[before + FN_SIZE + i] = modelByte(w, r, m.a.offset + FN_SIZE + i, staged);
  return forbiddenBytes.check({ bytes: image, before, after, address: m.a.start - before, allowSyscall: false }).length > 0;
}

/**
 * Whether writing `bytes` at `offset` of `m` must be refused with WINDOW_SEAM: with the write
 * applied to its staged bytes, a sealed or published neighbour would hold a forbidden sequence across its seam.
 */
export function seamRefused(w: World, m: AllocModel, offset: number, bytes: Uint8Array): boolean {
  const saved = m.bytes.slice();
  m.bytes.set(bytes, offset);
  try {
    return w.allocs.some((n) => n !== m && n.a.region === m.a.region && n.state === 'published' &&
      Math.abs(n.a.offset - m.a.offset) <= FN_SIZE + SEAM_BYTES && mustRefuse(w, n, n.code, m));
  } finally {
    m.bytes.set(saved);
  }
}
