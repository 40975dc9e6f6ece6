/**
 * The host functions a program may call (frontend/builtins.ts HOST_FUNCTIONS: `String(x)`,
 * `parseInt(s, 16)`, `String.fromCharCode(...)`, `JSON.stringify(v)`, `JSON.parse(s)`, ...):
 * node's own function on the converted arguments, so the answer and any error (JSON.parse's
 * SyntaxError, with its message) are node's. A function as JSON's replacer or reviver would be
 * called back: refused; a function whose source text is unknown cannot be converted
 * to its text: refused where the text would be read.
 */
import type { HostFunctionName } from '../frontend/builtins.js';
import { JitError } from '../errors.js';
import { fromHost, holdsUnknownText, type HostValue } from './host-values.js';
import { UnsupportedAtRunTimeError, hostConversion, hostError, objectsOf, type Runtime } from './runtime.js';

/** Host function `name` (`String`, `Number.isInteger`). */
function lookup(name: HostFunctionName): (...xs: HostValue[]) => unknown {
  const [owner, member] = name.split('.');
  const holder = member === undefined ? globalThis : (globalThis as unknown as Record<string, unknown>)[owner ?? ''];
  const fn = (holder as Record<string, unknown>)[member ?? owner ?? ''];
  if (typeof fn !== 'function') throw new JitError('INVARIANT', `the host has no function ${name}`, {});
  return fn as (...xs: HostValue[]) => unknown;
}

/** `name(...args)` (called, not constructed: `String(x)` converts, it makes no wrapper). */
export function hostCall(rt: Runtime, name: HostFunctionName, args: readonly bigint[]): bigint {
  const conv = hostConversion(rt);
  const hostArgs = args.map((a) => conv.convert(a));
  // A function as a value converts exactly (ToPrimitive gives its source text); only a callback
  // (JSON's replacer or reviver) would be called.
  if (name.startsWith('JSON.') && hostArgs.slice(1).some((a) => typeof a === 'function')) {
    throw new UnsupportedAtRunTimeError(`a function passed to ${name} (calls back into compiled code are not built yet)`);
  }
  if (hostArgs.some((a) => holdsUnknownText(a))) throw new UnsupportedAtRunTimeError(`${name} of a function whose source text is unknown`);
  let result: unknown;
  try {
    result = lookup(name)(...hostArgs);
  } catch (e) {
    throw hostError(e);
  }
  return fromHost(result as HostValue, rt.heap, objectsOf(rt), conv.known());
}
