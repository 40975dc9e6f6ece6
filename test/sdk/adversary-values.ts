/**
 * The values the hostile-API adversary (adversary-api.ts) passes to the SDK: for each kind of
 * parameter a list of well-typed values (some legal, some out of range or in the wrong state),
 * and one list of wrong-typed values every parameter may also get (attack-classes.md section 3:
 * strings, fractions, NaN, negative and huge numbers, bigints, unknown keys and enum values).
 * Objects of the sandbox (threads, allocations, windows, ...) are picked from the world's pools
 * at call time; the literal values here are made fresh for every call (`() => value`), so no
 * call sees what an earlier one did to them.
 */
import { Machine } from '../../mpk-hw/index.js';
import { MemorySink, type Sandbox } from '../../sdk/index.js';

/** What a callback the adversary hands the SDK throws: its own error, which must come out unchanged. */
export class OwnError extends Error {
  constructor(what: string) {
    super(`the adversary's ${what} threw`);
    this.name = 'OwnError';
  }
}

/** A literal value: how it reads in a counterexample, and a maker of a fresh copy. */
export interface Lit {
  readonly show: string;
  readonly make: () => unknown;
}

const lit = (show: string, make: () => unknown): Lit => ({ show, make });
/** Literals that are plain data (a deep copy per call). */
const data = (...vs: unknown[]): Lit[] => vs.map((v) => lit(show(v), () => structuredClone(v)));

/** A value as a counterexample shows it (JavaScript syntax). */
export function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 20)}...(${v.length})` : v);
  if (v === undefined || v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(', ')} }`.replace('{  }', '{}');
  return String(v);
}

/** Wrong-typed values, for any parameter (the brief's list and attack-classes.md section 3). */
export const WRONG: readonly Lit[] = [
  ...data(undefined, null, NaN, -1, 1.5, 2 ** 53, '4', {}, [], -0, Infinity, true, 'executor', 2n, -(2n ** 70n)),
  lit('a function', () => () => 0),
  lit('Object.create(null)', () => Object.create(null)),
  lit('a Machine', () => new Machine()),
  lit('a Promise', () => Promise.resolve(1)),
  // instanceof Uint8Array holds, but TypedArray methods and getters refuse it (not a typed array).
  lit('a Proxy of a Uint8Array', () => new Proxy(Uint8Array.of(0xc3), {})),
];

/** Well-typed literal values, by parameter kind. */
export const LITS = {
  role: [...data('compiler', 'executor', 'runtime', { name: 'worker', rights: { code: 'none', runtimeData: 'read' } },
    { name: 'writer', rights: { code: 'readwrite', runtimeData: 'readwrite' } }, 'admin', 'Executor', { name: 'x' },
    { name: 'y', rights: { code: 'rwx', runtimeData: 'read' } }, { rights: { code: 'none', runtimeData: 'read' } })],
  stackTop: data(undefined, 0x7f0000001000, 0, 4096, 0x10000000000000),
  name: [...data('code', 'r0', '', 'a'.repeat(200)), lit('a fresh name', () => `n${++fresh}`)],
  size: data(1, 16, 100, 4096, 5000, 65536, 0, 2 ** 40, 1e300),
  kind: data('function', 'stub', ''),
  offset: data(0, 1, 4, 8, 15, 16, 17, 4096, -1, -16),
  bytes: [
    lit('[b8 07 00 00 00 c3]', () => Uint8Array.of(0xb8, 7, 0, 0, 0, 0xc3)),
    lit('[90]', () => Uint8Array.of(0x90)),
    lit('[]', () => new Uint8Array(0)),
    lit('[0f 01 ef] (WRPKRU)', () => Uint8Array.of(0x0f, 0x01, 0xef)),
    lit('[0f 05] (SYSCALL)', () => Uint8Array.of(0x0f, 0x05)),
    lit('[cc x 5000]', () => new Uint8Array(5000).fill(0xcc)),
    lit('Buffer [c3]', () => Buffer.from([0xc3])),
    lit('an Int8Array [-61]', () => Int8Array.of(-61)),
    lit('an array [195]', () => [0xc3]),
    lit('a DataView', () => new DataView(new ArrayBuffer(4))),
    lit('a detached Uint8Array', () => {
      const b = new Uint8Array(8);
      structuredClone(b.buffer, { transfer: [b.buffer] });
      return b;
    }),
  ],
  windowOptions: data({ reason: 'emit' }, { reason: 'emit', site: 'here', nesting: 'count' }, { reason: 'emit', range: { offset: 0, length: 6 } },
    { reason: 'emit', range: { offset: 8, length: 8 } }, { reason: 'emit', maxBytes: 4 }, { reason: 'emit', maxCycles: 0 },
    {}, { reason: '' }, { reason: 7 }, { reasn: 'emit' }, { reason: 'emit', Range: { offset: 0, length: 1 } },
    { reason: 'emit', nesting: 'nest' }, { reason: 'emit', range: { offset: -16, length: 32 } },
    { reason: 'emit', range: { offset: 0, length: NaN } }, { reason: 'emit', range: { offset: 1.5, length: 1 } },
    { reason: 'emit', range: { offset: 0 } }, { reason: 'emit', range: { offset: 0, length: 1, extra: 1 } },
    { reason: 'emit', maxBytes: -1 }, { reason: 'emit', maxCycles: '10' }, { reason: 'emit', site: 5 }),
  verifiers: [
    ...data(undefined, []),
    lit('[a verifier that finds nothing]', () => [{ name: 'none', check: () => [] }]),
    lit('[a verifier with a finding]', () => [{ name: 'picky', check: () => [{ pattern: 'PICKY', offset: 0, address: 0, instruction: null }] }]),
    lit('[a verifier that throws]', () => [{ name: 'boom', check: () => { throw new OwnError('verifier'); } }]),
    lit('[a verifier returning 5]', () => [{ name: 'five', check: () => 5 }]),
    lit('[a verifier without check]', () => [{ name: 'lazy' }]),
    lit("['x']", () => ['x']),
  ],
  sealOptions: data(undefined, {}, { allowSyscall: false }, { allowSyscall: true }, { allowSyscall: 'yes' }, { alowSyscall: true }),
  patchOptions: data({ reason: 'patch' }, { reason: 'patch', site: 'here' }, undefined, {}, { reason: '' }, { reason: 5 }, { reasn: 'patch' }),
  registerArgs: data([], [1, 2], [-1], [2n ** 63n], [2n ** 64n - 1n], [1.5], ['40'], [2n ** 70n], [NaN], [1, 2, 3, 4, 5, 6, 7], [undefined], 'x'),
  enterOptions: data(undefined, {}, { offset: 0 }, { offset: 1 }, { offset: 16 }, { budget: 1 }, { budget: 1000 }, { budget: 0 },
    { offset: '0' }, { ofset: 0 }, { budget: -1 }, { budget: 1.5 }),
  signal: data(10, 12, 11, 5, 9, 19, 0, 65, 1.5),
  handler: [lit('a no-op handler', () => () => undefined), lit('a handler that throws', () => () => { throw new OwnError('signal handler'); })],
  sigOptions: data(undefined, {}, { flags: 0x4 }, { flags: 'x' }, { flgs: 1 }),
  runtimeName: [...data('f', 'g', ''), lit('a fresh name', () => `fn${++fresh}`)],
  runtimeFn: [lit('() => 42n', () => () => 42n), lit('() => 42 (a number)', () => () => 42),
    lit('a function that throws', () => () => { throw new OwnError('runtime function'); }), lit('() => 2n ** 70n', () => () => 2n ** 70n)],
  sandboxOptions: data({}, { strict: true }, { policy: 'mprotect' }, { guestData: true, codeKeys: 11 }, { codeKeys: 1 }, { sealMode: 'execute-only' },
    { policy: 'mprot' }, { stric: true }, { codeKeys: '4' }, { codeKeys: 12, guestData: true }, { codeKeys: 0 }, { codeKeys: 1.5 },
    { sealMode: 'read-execute' }, { sealMode: 'rx' }, { strict: 'yes' }, { allowSyscall: 1 }, { executorSyscalls: [0, 1] },
    { executorSyscalls: 'all' }, { executorSyscalls: [-1, 1.5] }, { audit: [] }, { audit: null }, { audit: ['x'] }, { audit: [{}] }),
  sandboxSinks: [lit('{ audit: [a MemorySink] }', () => ({ audit: [new MemorySink()] }))],
} satisfies Record<string, readonly Lit[]>;

/** Names made so far (fresh names never collide with each other). */
let fresh = 0;

/** What the literals that name the world's objects need (adversary-api-world.ts gives it). */
export interface LitContext {
  readonly sbx: Sandbox;
  /** The n-th thread of the world's pool: 1 a compiler, 2 a compiler holding a window, 3 an executor, 5 dead, 7 another sandbox's compiler. */
  thread(n: number): unknown;
}

const FN7 = (): Uint8Array => Uint8Array.of(0xb8, 7, 0, 0, 0, 0xc3); // mov eax, 7; ret
/** `n` bytes of code that verify: nops, then ret. */
const nops = (n: number): Uint8Array => new Uint8Array(n).fill(0x90).fill(0xc3, n - 1);
/** A code source made fresh per call (`make` gives the function the SDK gets). */
const source = (show: string, make: () => (address: number) => unknown): Lit => lit(show, make);

/** Reserves 16 bytes in the region holding `address` (a code source that calls back into the sandbox). */
function reserveAt(c: LitContext, address: number): void {
  const r = c.sbx.regionAt(address);
  if (r !== undefined) c.sbx.reserve(r, 16, 'function');
}

/**
 * The code argument of sbx.load and handle.replace: bytes (good, refused by the verifier, of
 * the wrong type or size) and functions of the address (good; refused bytes; a wrong type;
 * bytes that grow from one call to the next; its own error; sources that call back into the
 * sandbox before the SDK reserves, so the SDK must ask again for the address it got).
 */
export function codeSources(c: LitContext): Lit[] {
  return [
    lit('[b8 07 00 00 00 c3]', FN7),
    source('(address) => [b8 07 00 00 00 c3]', () => FN7),
    lit('[0f 01 ef c3] (WRPKRU)', () => Uint8Array.of(0x0f, 0x01, 0xef, 0xc3)),
    source('(address) => [48 b8 0f 01 ef c3 ...] (WRPKRU inside an imm64)', () => () => Uint8Array.of(0x48, 0xb8, 0x0f, 0x01, 0xef, 0xc3, 0, 0, 0, 0, 0xc3)),
    lit('[0f 05 c3] (SYSCALL)', () => Uint8Array.of(0x0f, 0x05, 0xc3)),
    lit('[]', () => new Uint8Array(0)),
    lit('[cc x 5000]', () => new Uint8Array(5000).fill(0xcc)),
    lit('Buffer [c3]', () => Buffer.from([0xc3])),
    lit('an array [195]', () => [0xc3]),
    lit('an Int8Array [-61]', () => Int8Array.of(-61)),
    source('(address) => 42', () => () => 42),
    source('(address) => [195] (an array)', () => () => [0xc3]),
    source('(address) => []', () => () => new Uint8Array(0)),
    source('(address) => { throw own }', () => () => { throw new OwnError('code source'); }),
    source('(address) => 16 bytes, then 32, ... (grows at each call)', () => {
      let n = 0;
      return () => nops(16 * ++n);
    }),
    source('(address) => reserves 16 bytes there, then grows', () => {
      let n = 0;
      return (address) => {
        if (n++ === 0) reserveAt(c, address);
        return nops(16 * n);
      };
    }),
    source('(address) => reserves 16 bytes there, then throws own', () => {
      let n = 0;
      return (address) => {
        if (n++ === 0) reserveAt(c, address);
        else throw new OwnError('code source');
        return FN7();
      };
    }),
    source('(address) => reserves 16 bytes there, then WRPKRU', () => {
      let n = 0;
      return (address) => {
        if (n++ === 0) reserveAt(c, address);
        return n === 1 ? FN7() : Uint8Array.of(0x0f, 0x01, 0xef, 0xc3);
      };
    }),
    source('(address) => loads other code there first', () => {
      let n = 0;
      return (address) => {
        const r = c.sbx.regionAt(address);
        if (n++ === 0 && r !== undefined) c.sbx.load(r, FN7(), { reason: 'nested load' });
        return FN7();
      };
    }),
  ];
}

/** A function that also has a name and a check (load's option check wants functions, seal's wants { name, check }). */
function fnVerifier(name: string, check: () => unknown): unknown {
  return Object.defineProperty(Object.assign(() => [], { check }), 'name', { value: name });
}

/**
 * Options of sbx.load and handle.replace: good ones, a missing or empty reason, unknown keys,
 * wrong types, writers that may not write (another sandbox's, an executor, a dead thread, one
 * holding a window) and verifiers of every shape.
 */
export function loadOptions(c: LitContext): Lit[] {
  const writer = (what: string, n: number): Lit => lit(`{ reason: 'load', writer: ${what} }`, () => ({ reason: 'load', writer: c.thread(n) }));
  const verifiers = (what: string, make: () => unknown[]): Lit => lit(`{ reason: 'load', verifiers: ${what} }`, () => ({ reason: 'load', verifiers: make() }));
  return [
    ...data({ reason: 'load' }, { reason: 'load', site: 'here', kind: 'function' }),
    writer('compiler', 1),
    ...data(undefined, null, {}, { reason: '' }, { reason: 7 }, { reasn: 'load' }, { reason: 'load', Writer: 1 }, { reason: 'load', site: 5 },
      { reason: 'load', kind: 5 }, { reason: 'load', allowSyscall: 'yes' }, { reason: 'load', allowSyscall: false },
      { reason: 'load', allowSyscall: true }, { reason: 'load', verifiers: 'x' },
      { reason: 'load', writer: 'compiler' }, { reason: 'load', writer: 1 }),
    writer('the owner (runtime)', 0), writer('a compiler holding a window', 2), writer('an executor', 3), writer('a worker (custom role)', 4),
    writer('a dead executor', 5), writer("another sandbox's compiler", 7),
    ...LITS.verifiers.map((v) => verifiers(v.show, () => v.make() as unknown[])),
    verifiers('[a function]', () => [() => []]),
    verifiers('[a function with a name and a check]', () => [fnVerifier('none', () => [])]),
  ];
}

/** A kind of literal parameter. */
export type LitKind = keyof typeof LITS;
