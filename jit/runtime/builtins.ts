/**
 * The runtime's slow paths, which compiled code calls through the SDK's runtime gate
 * (docs/jit-design.md, "The runtime"). Each converts its boxed operands to host values
 * (host-values.ts), computes with the host's own JavaScript operator or Math function, so the
 * answer is node's by construction, and boxes the result (strings allocated in the guest heap).
 *
 * A guest function's source text (what `"" + f` gives) comes with the function table from the
 * engine; where it is missing and a result could depend on it, the runtime refuses with
 * UNSUPPORTED_AT_RUN_TIME. Indexing, `.length` and the array methods are in elements.ts.
 */
import { JitError } from '../errors.js';
import { MATH_CONSTANTS, MATH_FUNCTIONS } from '../frontend/builtins.js';
import { UnsupportedAtRunTimeError, hostConversion, type Runtime } from './elements.js';
import { hostError } from './runtime.js';
import { fromHost, holdsUnknownText, type HostValue } from './host-values.js';
import { formatLog } from './print.js';
import { GuestError } from './elements.js';
import { FALSE, TRUE, boxDouble } from './values.js';
import { instanceOf } from './prototypes.js';

export { arrayNew, getIndex, length, pop, push, setIndex, GuestError, UnsupportedAtRunTimeError } from './elements.js';
export type { Runtime } from './elements.js';

/** Every binary operator of the subset, in a fixed order (the gate passes an index). */
export const BINARY_OPS = [
  '+', '-', '*', '/', '%', '**', '==', '!=', '===', '!==', '<', '<=', '>', '>=', '&', '|', '^', '<<', '>>', '>>>', 'in', 'instanceof',
] as const;
/** A binary operator. */
export type BinaryOp = (typeof BINARY_OPS)[number];

/** Every unary operator of the subset, in a fixed order. */
export const UNARY_OPS = ['-', '+', '~', '!', 'typeof', 'void'] as const;
/** A unary operator. */
export type UnaryOp = (typeof UNARY_OPS)[number];

/** The Math functions and constants, in a fixed order (the gate passes an index). */
export const MATH_FUNCTION_NAMES: readonly string[] = [...MATH_FUNCTIONS];
export const MATH_CONSTANT_NAMES: readonly string[] = [...MATH_CONSTANTS];

/**
 * The runtime functions for the gate: [name, arity in boxed words]; -1 means variadic (the
 * caller passes the arguments' address and count). Operators and Math names are passed as
 * indices into BINARY_OPS, UNARY_OPS, MATH_FUNCTION_NAMES and MATH_CONSTANT_NAMES.
 */
export const RUNTIME_FUNCTIONS: Array<[string, number]> = [
  ['binary', 3], ['unary', 2], ['truthy', 1], ['toNumber', 1], ['getIndex', 2], ['setIndex', 3],
  ['length', 1], ['arrayNew', 1], ['push', -1], ['pop', 1], ['mathCall', -1], ['mathConst', 1], ['log', -1],
];

/** A host operand as the host's operators take it (any value; the operator gives the semantics). */
type Operand = number;

function host(rt: Runtime, v: bigint): HostValue {
  return hostConversion(rt).convert(v);
}

/**
 * Whether `a op b` may turn a guest function whose source text is unknown into its text and let
 * that text decide.
 */
function needsSource(op: BinaryOp, a: HostValue, b: HostValue): boolean {
  const fa = holdsUnknownText(a);
  const fb = holdsUnknownText(b);
  if (!fa && !fb) return false;
  switch (op) {
    case '+': return true;
    // An object against an object compares identity; against a non-string, the text's NaN.
    case '==': case '!=': return typeof (fa ? b : a) === 'string';
    // Only a comparison of two strings reads the text (a number comparison sees NaN).
    case '<': case '<=': case '>': case '>=': {
      const other = fa ? b : a;
      return typeof other === 'string' || (typeof other === 'object' && other !== null) || typeof other === 'function';
    }
    // The key is ToPropertyKey of the left operand: a function's text becomes the name.
    case 'in': return fa;
    case 'instanceof': return false;
    default: return false; // arithmetic: ToNumber of a function's text is always NaN
  }
}

/** `a op b` on host values, with the host's operator (the casts only silence the type checker). */
function hostBinary(op: BinaryOp, x: HostValue, y: HostValue): HostValue {
  const a = x as Operand;
  const b = y as Operand;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '**': return a ** b;
    case '==': return a == b; // eslint-disable-line eqeqeq
    case '!=': return a != b; // eslint-disable-line eqeqeq
    case '===': return a === b;
    case '!==': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '>>>': return a >>> b;
    case 'in': return (a as unknown as string) in (b as unknown as object);
    case 'instanceof': throw new JitError('INVARIANT', 'instanceof is answered on guest values (prototypes.ts)', {});
  }
}

/** `a op b` for boxed operands. */
export function binary(rt: Runtime, op: BinaryOp, a: bigint, b: bigint): bigint {
  // The prototype chain is in the guest heap: walked there, without converting anything.
  if (op === 'instanceof') return instanceOf(rt, a, b);
  // One conversion for both operands, so that the same guest array is the same host array.
  const conv = hostConversion(rt);
  const x = conv.convert(a);
  const y = conv.convert(b);
  if (needsSource(op, x, y)) throw new UnsupportedAtRunTimeError(`'${op}' on a function's source text`);
  if (op === 'in') return inOperator(x, y);
  let r: HostValue;
  try {
    r = hostBinary(op, x, y);
  } catch (e) {
    throw hostError(e); // `'' + Object.create(null)`: node's TypeError (no toString to call)
  }
  return fromHost(r, rt.heap);
}

/**
 * `x in y`: the host's answer on the converted values (a guest object or array becomes a host
 * one with the same own properties and prototype), or the host's TypeError for a primitive `y`,
 * whose message is node's (`Cannot use 'in' operator to search for 'x' in 5`).
 */
function inOperator(x: HostValue, y: HostValue): bigint {
  try {
    return hostBinary('in', x, y) ? TRUE : FALSE;
  } catch (e) {
    if (e instanceof TypeError) throw new GuestError('TypeError', e.message);
    throw e;
  }
}

/** `op a` for a boxed operand. */
export function unary(rt: Runtime, op: UnaryOp, a: bigint): bigint {
  try {
    return hostUnary(rt, op, a);
  } catch (e) {
    throw hostError(e);
  }
}

function hostUnary(rt: Runtime, op: UnaryOp, a: bigint): bigint {
  const x = host(rt, a);
  const v = x as Operand;
  switch (op) {
    case '-': return boxDouble(-v); // a function's text (never numeric) gives NaN either way
    case '+': return boxDouble(+v);
    case '~': return boxDouble(~v);
    case '!': return fromHost(!x, rt.heap);
    case 'typeof': return fromHost(typeof x, rt.heap);
    case 'void': return fromHost(undefined, rt.heap);
  }
}

/** ToBoolean: 1n or 0n. */
export function truthy(rt: Runtime, a: bigint): bigint {
  return host(rt, a) ? 1n : 0n;
}

/** ToNumber (unary `+`). */
export function toNumber(rt: Runtime, a: bigint): bigint {
  try {
    return boxDouble(Number(host(rt, a)));
  } catch (e) {
    throw hostError(e);
  }
}

/** `Math.name(...args)` for a Math function the frontend accepts. */
export function mathCall(rt: Runtime, name: string, args: readonly bigint[]): bigint {
  if (!MATH_FUNCTIONS.has(name)) throw new JitError('INVARIANT', `Math.${name} is not a Math function of the subset`, {});
  const fn = (Math as unknown as Record<string, (...xs: HostValue[]) => number>)[name];
  if (fn === undefined) throw new JitError('INVARIANT', `the host has no Math.${name}`, {});
  const conv = hostConversion(rt);
  // ToNumber of a function's source text is NaN, so stand-ins give node's answer.
  return boxDouble(fn(...args.map((a) => conv.convert(a))));
}

/** `Math.name` for a Math constant. */
export function mathConst(name: string): bigint {
  if (!MATH_CONSTANTS.has(name)) throw new JitError('INVARIANT', `Math.${name} is not a Math constant of the subset`, {});
  return boxDouble((Math as unknown as Record<string, number>)[name] ?? NaN);
}

/** The line `console.log(...args)` prints, without the newline (print.ts). */
export function log(rt: Runtime, args: readonly bigint[]): string {
  const conv = hostConversion(rt);
  const line = formatLog(args, conv);
  // util.inspect prints an error's stack, which names node's files and lines (guest-errors.ts).
  if (conv.sawError) throw new UnsupportedAtRunTimeError('printing an Error object (node prints the stack it captured)');
  return line;
}
