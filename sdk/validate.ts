/**
 * Run-time checks at the SDK's API boundary.  TypeScript callers are protected by the types;
 * JavaScript callers and wrong casts are not, so every public entry point checks what it is
 * given and refuses it with an SdkError that shows the value (and the remedy, where there is one).
 */
import { isUint8Array } from 'node:util/types';
import { SdkError, type SdkErrorCode } from './errors.js';

/** A value as a message shows it: strings quoted, bigints with n, objects by their constructor. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || v === null) return String(v);
  if (typeof v === 'function') return `a function`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== 'Object' ? `a ${name}` : 'an object';
}

/** Throws BAD_ARGUMENT (or `code`) with `what` and the value. */
export function refuse(what: string, v: unknown, want: string, code: SdkErrorCode = 'BAD_ARGUMENT'): never {
  throw new SdkError(code, `${what} must be ${want} (got ${show(v)})`);
}

/** A plain options object (or undefined) whose keys are all in `allowed`. */
export function checkOptions(what: string, v: unknown, allowed: readonly string[], code: SdkErrorCode = 'BAD_OPTION'): void {
  if (v === undefined) return;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) refuse(what, v, 'an options object', code);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) {
      throw new SdkError(code, `${what}: unknown option ${JSON.stringify(k)} (known: ${allowed.join(', ')})`);
    }
  }
}

/** An integer in [min, max]. */
export function checkInt(what: string, v: unknown, min: number, max: number, code: SdkErrorCode = 'BAD_ARGUMENT'): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    refuse(what, v, max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in ${min}..${max}`, code);
  }
  return v;
}

/** A string (non-empty unless `empty`). */
export function checkString(what: string, v: unknown, code: SdkErrorCode = 'BAD_ARGUMENT', empty = false): string {
  if (typeof v !== 'string' || (!empty && v.length === 0)) refuse(what, v, empty ? 'a string' : 'a non-empty string', code);
  return v;
}

/** One of `values`. */
export function checkEnum<T extends string>(what: string, v: unknown, values: readonly T[], code: SdkErrorCode = 'BAD_OPTION'): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) refuse(what, v, `one of ${values.map((x) => `'${x}'`).join(', ')}`, code);
  return v as T;
}

/** A boolean. */
export function checkBool(what: string, v: unknown, code: SdkErrorCode = 'BAD_OPTION'): boolean {
  if (typeof v !== 'boolean') refuse(what, v, 'true or false', code);
  return v;
}

/**
 * Whether `v` is a real Uint8Array (its internal slots, not its prototype chain: a Proxy of one
 * passes `instanceof` but throws at its first `.length`).
 */
export function isBytes(v: unknown): v is Uint8Array {
  return isUint8Array(v);
}

/** A Uint8Array. */
export function checkBytes(what: string, v: unknown): Uint8Array {
  if (!isBytes(v)) refuse(what, v, 'a Uint8Array');
  return v;
}

/** An instance of `cls` (an SDK object the caller got from this SDK). */
export function checkInstance<T>(what: string, v: unknown, cls: abstract new (...a: never[]) => T, name: string): T {
  if (!(v instanceof cls)) refuse(what, v, `${name}`);
  return v;
}

/**
 * A register argument for guest code: a safe integer (negative ones are two's complement) or
 * a bigint in [-2^63, 2^64); anything else (1.5, '40', 2n**70n) is refused, never coerced.
 */
export function checkRegisterArg(what: string, v: unknown): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt.asUintN(64, BigInt(v));
  if (typeof v === 'bigint' && v >= -(1n << 63n) && v < 1n << 64n) return BigInt.asUintN(64, v);
  return refuse(what, v, 'a safe integer or a bigint in [-2^63, 2^64)');
}
