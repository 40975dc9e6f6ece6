/**
 * The literals the generators draw from: the values that break JITs. Numbers at the int32,
 * uint32 and 2^53 edges, -0, NaN, denormals and the toString boundaries (1e21, 1e-7); strings
 * that convert to numbers or not, carry console.log `%` directives, need node's quoting in
 * arrays, or hold surrogate pairs; arrays with holes; and "hostile" constants whose bytes hold
 * an instruction the SDK refuses to seal (WRPKRU 0F 01 EF, XRSTOR 0F AE /5, SYSCALL 0F 05, ...),
 * which the backend must blind (jit/backend/safe-constants.ts). Every literal is source text
 * that is safe as an operand anywhere (negative numbers are parenthesized: `-2 ** 2` is a
 * SyntaxError).
 */
import type { Rng } from './rng.js';

/** Numbers around the int32 / uint32 / double edges. */
export const EDGE_NUMBERS: readonly string[] = [
  '0', '(-0)', '1', '(-1)', '2', '3', '7', '10', '0.5', '(-0.5)', '1.5', '2.5', '(-2.5)', '0.1', '0.2', '4.35',
  '0.3333333333333333', 'NaN', 'Infinity', '(-Infinity)', '255', '256', '65535', '65536',
  '2147483647', '2147483648', '(-2147483648)', '(-2147483649)', '4294967295', '4294967296',
  '(2 ** 31)', '(2 ** 32)', '(2 ** 53)', '9007199254740993', '(-9007199254740992)', '(2 ** 53 - 1)',
  '1e21', '1e20', '123456789012345680000', '1e-7', '0.000001', '(-1e-7)', '1e300', '1.7976931348623157e308',
  '5e-324', '2.220446049250313e-16', '0x7fffffff', '0xffffffff', '0x80000000', '0o17', '0b101', '010', '1_000_000',
];

/** Small integers: loop bounds, indices, shift counts. */
export const SMALL_INTS: readonly string[] = ['0', '1', '2', '3', '4', '5', '8', '16', '31', '32', '33', '(-1)', '(-31)'];

/** Strings: numeric and not, console.log directives, quoting, escapes, surrogates. */
export const EDGE_STRINGS: readonly string[] = [
  '""', '"a"', '"abc"', '"0"', '"1"', '"-0"', '" "', '"  12  "', '"1e3"', '"0x10"', '"Infinity"', '"NaN"',
  '"true"', '"null"', '"%d"', '"%s%%"', '"%o"', '"%i %f"', '"a%cb"', '"%j"', '"%O"', `"it's"`, `'say "hi"'`,
  `"both ' and \\""`, '"\\n"', '"\\t"', '"\\\\"', '"\\u00e9"', '"\\ud83d\\ude00"', '"\\u{1F600}"', '"\\0"', '"\\x7f"',
  '"-1.5"', '"2147483648"', '"[]"', '"1,2"', '"10"', '"9"', '"b"', '"B"', "'\\''",
];

/** The other primitives. */
export const OTHER_PRIMITIVES: readonly string[] = ['true', 'false', 'null', 'undefined'];

/** Array literals (fresh on every evaluation), with holes and nesting. */
export const EDGE_ARRAYS: readonly string[] = [
  '[]', '[1, 2, 3]', '[1, , 3]', '[, ]', '[, , ]', '[0]', '[(-0)]', '[NaN]', '["a", "b"]', '[[1, 2], [3]]',
  '[1, "1", true, null, undefined]', '[[[[1]]]]', 'new Array(3)', 'Array(2)', '[2147483647, 2147483648]',
  '["it\'s", "x"]', '[1.5, , "s", [ , 2]]', 'Array("3")',
];

/** The byte sequences the SDK refuses anywhere in code (sdk/verifier.ts). */
const FORBIDDEN: readonly number[][] = [[0x0f, 0x01, 0xef], [0x0f, 0xae, 0x2f], [0x0f, 0xae, 0x6f], [0x0f, 0x05], [0x0f, 0x34], [0xcd, 0x80], [0x0f, 0xc7, 0x1b]];

/**
 * A number literal whose 64-bit double (or 32-bit integer) encoding holds a forbidden byte
 * sequence at a random offset, written as the shortest text that round-trips to it.
 */
export function hostileNumber(rng: Rng): string {
  const seq = rng.pick(FORBIDDEN);
  if (rng.chance(0.4)) {
    // As an int32: the bytes little-endian in the low bytes.
    const bytes = [0, 0, 0, 0];
    const at = rng.int(5 - seq.length);
    seq.forEach((b, i) => { bytes[at + i] = b; });
    const n = new DataView(new Uint8Array(bytes).buffer).getInt32(0, true);
    return n < 0 ? `(${n})` : String(n);
  }
  for (;;) {
    const bytes = new Uint8Array(8).map(() => rng.int(256));
    const at = rng.int(9 - seq.length);
    seq.forEach((b, i) => { bytes[at + i] = b; });
    const x = new DataView(bytes.buffer).getFloat64(0, true);
    if (Number.isFinite(x) && Object.is(Number(String(x)), x)) return x < 0 || Object.is(x, -0) ? `(${String(x)})` : String(x);
  }
}

/** A number literal: mostly the edges, sometimes a hostile constant or a random integer or fraction. */
export function numberLiteral(rng: Rng): string {
  switch (rng.weighted({ edge: 12, hostile: 2, int: 3, frac: 2 })) {
    case 'edge': return rng.pick(EDGE_NUMBERS);
    case 'hostile': return hostileNumber(rng);
    case 'int': return String(rng.range(0, 1000));
    case 'frac': return String(rng.range(0, 10000) / rng.pick([4, 10, 3, 1024]));
  }
}

/** Any primitive literal, numbers most often. */
export function primitiveLiteral(rng: Rng): string {
  switch (rng.weighted({ number: 10, string: 4, other: 2 })) {
    case 'number': return numberLiteral(rng);
    case 'string': return rng.pick(EDGE_STRINGS);
    case 'other': return rng.pick(OTHER_PRIMITIVES);
  }
}
