/**
 * The names the subset gives meaning to without a declaration, and the host globals it does
 * not. Data only; subset.ts and scope.ts decide what each use of a name means.
 */

/** Math functions a program may call (ES2023 Math, less `random`: its output cannot equal node's). */
export const MATH_FUNCTIONS: ReadonlySet<string> = new Set([
  'abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'cbrt', 'ceil', 'clz32',
  'cos', 'cosh', 'exp', 'expm1', 'floor', 'fround', 'hypot', 'imul', 'log', 'log10', 'log1p',
  'log2', 'max', 'min', 'pow', 'round', 'sign', 'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'trunc',
]);

/** Math constants a program may read (all eight of ES2023). */
export const MATH_CONSTANTS: ReadonlySet<string> = new Set([
  'E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2',
]);

/** The error constructors (ECMA-262 20.5: Error and the NativeErrors; AggregateError is not one of them here). */
export const ERROR_NAMES = ['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError'] as const;
/** An error constructor's name. */
export type ErrorName = (typeof ERROR_NAMES)[number];

/** True for an error constructor's name. */
export function isErrorName(name: string): name is ErrorName {
  return (ERROR_NAMES as readonly string[]).includes(name);
}

/**
 * Builtins whose every use is fixed by syntax: a program may not declare or assign them. The
 * error constructors may be called (`new E(m)`, `E(m)`) and be the right side of instanceof.
 */
export type ReservedBuiltin = 'Math' | 'console' | 'Array' | 'Object' | 'undefined' | 'NaN' | 'Infinity' | ErrorName
  | 'String' | 'Number' | 'Boolean' | 'parseInt' | 'parseFloat' | 'isNaN' | 'isFinite' | 'JSON';

/** Every builtin name an Identifier can resolve to. `print` may be declared by the program. */
export type BuiltinName = ReservedBuiltin | 'print';

/** The reserved builtins that are host functions or hold them. */
const HOST_FUNCTION_OWNERS = ['String', 'Number', 'Boolean', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'JSON'] as const;

const RESERVED: ReadonlySet<string> = new Set<string>(['Math', 'console', 'Array', 'Object', 'undefined', 'NaN', 'Infinity', ...ERROR_NAMES, ...HOST_FUNCTION_OWNERS]);

/**
 * The method names of the builtin prototypes: a call `x.name(...)` of one of these is the
 * builtin method when `x` is a string, number, boolean or array (jit/runtime/methods.ts says
 * which ones run), and `x`'s own property otherwise.
 */
export const BUILTIN_METHODS: ReadonlySet<string> = new Set([Array, String, Number, Boolean, Object, Function, RegExp, Date]
  .flatMap((c) => Object.getOwnPropertyNames(c.prototype))
  .filter((n) => n !== 'constructor'));

/**
 * Host functions a program may call (`String(x)`, `parseInt(s, 16)`, `JSON.stringify(o)`,
 * `String.fromCharCode(65)`): computed by node's own function on the converted arguments
 * (jit/runtime/host-functions.ts). Neither these names nor their objects are values.
 */
export const HOST_FUNCTIONS = [
  'String', 'Number', 'Boolean', 'parseInt', 'parseFloat', 'isNaN', 'isFinite',
  'String.fromCharCode', 'String.fromCodePoint', 'Number.isInteger', 'Number.isFinite', 'Number.isNaN',
  'Number.isSafeInteger', 'Number.parseFloat', 'Number.parseInt', 'Array.isArray', 'JSON.stringify', 'JSON.parse',
] as const;
/** A host function's name (`String`, `Number.isInteger`). */
export type HostFunctionName = (typeof HOST_FUNCTIONS)[number];

/** True for a host function a program may call. */
export function isHostFunction(name: string): name is HostFunctionName {
  return (HOST_FUNCTIONS as readonly string[]).includes(name);
}

/** The Number constants a program may read (`Number.MAX_SAFE_INTEGER`). */
export const NUMBER_CONSTANTS: Readonly<Record<string, number>> = {
  MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER, MIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER, MAX_VALUE: Number.MAX_VALUE,
  MIN_VALUE: Number.MIN_VALUE, EPSILON: Number.EPSILON, POSITIVE_INFINITY: Infinity, NEGATIVE_INFINITY: -Infinity, NaN: NaN,
};

/** The Object.prototype methods `o.name(...)` runs on an object that has no property of that name (jit/runtime/methods.ts). */
export const OBJECT_METHODS: ReadonlySet<string> = new Set(['hasOwnProperty', 'propertyIsEnumerable', 'toString', 'valueOf']);

/** The `Object.f(...)` functions a program may call. */
export const OBJECT_FUNCTIONS: ReadonlySet<string> = new Set(['keys', 'create', 'getPrototypeOf']);

/** True for the builtins a program may not declare or assign (see ReservedBuiltin). */
export function isReservedBuiltin(name: string): name is ReservedBuiltin {
  return RESERVED.has(name);
}

/** The builtins that are plain values (the rest are only callees or member objects). */
export const VALUE_BUILTINS: ReadonlySet<string> = new Set(['undefined', 'NaN', 'Infinity']);

/**
 * Names node defines for `node FILE.js` that the subset does not support: the ES and node 20
 * globals (`Object.getOwnPropertyNames(globalThis)` in a script), a few that later node
 * versions add, those the global object inherits from Object.prototype, and the CommonJS
 * wrapper's parameters. An undeclared read of one of these is
 * refused as `host global NAME`, and an assignment as `assignment to host global NAME`,
 * rather than treated as an implicit global (which would mean something else in node).
 */
export const HOST_GLOBALS: ReadonlySet<string> = new Set([
  // ECMAScript
  'AggregateError', 'ArrayBuffer', 'Atomics', 'BigInt', 'BigInt64Array', 'BigUint64Array',
  'DataView', 'Date', 'FinalizationRegistry', 'Float16Array',
  'Float32Array', 'Float64Array', 'Function', 'Int16Array', 'Int32Array', 'Int8Array', 'Intl',
  'Iterator', 'Map', 'Promise', 'Proxy',
  'Reflect', 'RegExp', 'Set', 'SharedArrayBuffer', 'Symbol', 'Uint16Array', 'Uint32Array', 'Uint8Array', 'Uint8ClampedArray', 'WeakMap', 'WeakRef',
  'WeakSet', 'WebAssembly', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent',
  'escape', 'globalThis', 'unescape',
  // node 20 (and a few from later versions)
  'AbortController', 'AbortSignal', 'Blob', 'BroadcastChannel', 'Buffer', 'ByteLengthQueuingStrategy',
  'CloseEvent', 'CompressionStream', 'CountQueuingStrategy', 'Crypto', 'CryptoKey', 'CustomEvent',
  'DOMException', 'DecompressionStream', 'Event', 'EventSource', 'EventTarget', 'File', 'FormData',
  'Headers', 'MessageChannel', 'MessageEvent', 'MessagePort', 'Navigator', 'Performance',
  'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure', 'PerformanceObserver',
  'PerformanceObserverEntryList', 'PerformanceResourceTiming', 'ReadableByteStreamController',
  'ReadableStream', 'ReadableStreamBYOBReader', 'ReadableStreamBYOBRequest',
  'ReadableStreamDefaultController', 'ReadableStreamDefaultReader', 'Request', 'Response', 'Storage',
  'SubtleCrypto', 'TextDecoder', 'TextDecoderStream', 'TextEncoder', 'TextEncoderStream',
  'TransformStream', 'TransformStreamDefaultController', 'URL', 'URLSearchParams', 'WebSocket',
  'WritableStream', 'WritableStreamDefaultController', 'WritableStreamDefaultWriter', 'atob', 'btoa',
  'clearImmediate', 'clearInterval', 'clearTimeout', 'crypto', 'fetch', 'global', 'localStorage',
  'navigator', 'performance', 'process', 'queueMicrotask', 'sessionStorage', 'setImmediate',
  'setInterval', 'setTimeout', 'structuredClone',
  // inherited by the global object from Object.prototype (globalThis.toString exists)
  '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', '__proto__',
  'constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString',
  'toString', 'valueOf',
  // the CommonJS wrapper node puts around FILE.js
  'require', 'module', 'exports', '__filename', '__dirname',
]);
