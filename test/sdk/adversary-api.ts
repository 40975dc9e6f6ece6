/**
 * The hostile-API adversary (adversary.test.ts, part 2): every public call of the SDK (the
 * methods of Sandbox, sbx.runtime, WriteWindow and CodeHandle, a hold's release, `new Sandbox`) with each
 * argument either well-typed (an object of the world's pools, or a literal of the parameter's
 * kind, adversary-values.ts) or wrong-typed (WRONG).  An argument is a pick `{ wrong, n }`
 * resolved when the call runs, so fast-check shrinks a counterexample towards one call whose
 * arguments are well-typed but for the one that matters.
 *
 * What a call may do: return, throw an SdkError whose code is one of SDK_ERROR_CODES, or let the
 * adversary's own callback error through unchanged.  Anything else is an escape.
 */
import fc from 'fast-check';
import { SDK_ERROR_CODES } from '../../sdk/errors.js';
import { Sandbox, SdkError, type WriteWindow } from '../../sdk/index.js';
import type { ApiWorld, PoolName } from './adversary-api-world.js';
import { codeSources, LITS, loadOptions, OwnError, WRONG, type Lit, type LitKind } from './adversary-values.js';

/** The kinds of parameter ('code' and 'loadOptions' name the world's objects: adversary-values.ts). */
export type Param = PoolName | LitKind | 'callback' | 'threads' | 'code' | 'loadOptions';

/**
 * One public call: where it is called (on a window or a handle: the first parameter is the
 * receiver), its parameters, and the pool what it returns joins.  `rest`: the last parameter
 * is a rest parameter (`handle.call(thread, ...args)`): an array is spread, anything else is
 * passed as the one argument.
 */
interface Method {
  readonly on: 'sbx' | 'runtime' | 'window' | 'handle' | 'release' | 'new' | 'stub';
  readonly name: string;
  readonly params: readonly Param[];
  readonly keep?: PoolName;
  readonly rest?: boolean;
}

const m = (on: Method['on'], name: string, params: readonly Param[], keep?: PoolName, rest = false): Method =>
  ({ on, name, params, ...(keep ? { keep } : {}), ...(rest ? { rest } : {}) });

/** Every public call the adversary tries. */
export const METHODS: Readonly<Record<string, Method>> = {
  'new Sandbox': m('new', 'Sandbox', ['machine', 'sandboxOptions']),
  spawn: m('sbx', 'spawn', ['thread', 'role', 'stackTop'], 'thread'),
  attach: m('sbx', 'attach', ['ut', 'role'], 'thread'),
  createRegion: m('sbx', 'createRegion', ['name', 'size'], 'region'),
  createRuntimeData: m('sbx', 'createRuntimeData', ['name', 'size']),
  createGuestData: m('sbx', 'createGuestData', ['name', 'size']),
  reserve: m('sbx', 'reserve', ['region', 'size', 'kind'], 'alloc'),
  openWindow: m('sbx', 'openWindow', ['thread', 'alloc', 'windowOptions'], 'window'),
  withWindow: m('sbx', 'withWindow', ['thread', 'alloc', 'windowOptions', 'callback']),
  seal: m('sbx', 'seal', ['alloc', 'verifiers', 'sealOptions']),
  publish: m('sbx', 'publish', ['alloc']),
  retire: m('sbx', 'retire', ['alloc']),
  patch: m('sbx', 'patch', ['thread', 'alloc', 'offset', 'bytes', 'patchOptions']),
  enter: m('sbx', 'enter', ['thread', 'alloc', 'registerArgs', 'enterOptions']),
  start: m('sbx', 'start', ['sched', 'thread', 'alloc', 'registerArgs', 'offset']),
  load: m('sbx', 'load', ['region', 'code', 'loadOptions'], 'handle'),
  collect: m('sbx', 'collect', ['region']),
  'handle.call': m('handle', 'call', ['handle', 'thread', 'registerArgs'], undefined, true),
  'handle.enter': m('handle', 'enter', ['handle', 'thread', 'registerArgs', 'enterOptions']),
  'handle.start': m('handle', 'start', ['handle', 'sched', 'thread', 'registerArgs'], undefined, true),
  'handle.replace': m('handle', 'replace', ['handle', 'code', 'loadOptions']),
  'handle.dispose': m('handle', 'dispose', ['handle']),
  'handle[Symbol.dispose]': m('handle', '[Symbol.dispose]', ['handle']),
  hold: m('sbx', 'hold', ['sched', 'threads'], 'release'),
  release: m('release', 'release', ['release']),
  checkIntegrity: m('sbx', 'checkIntegrity', ['alloc']),
  sigaction: m('sbx', 'sigaction', ['signal', 'handler', 'sigOptions']),
  stats: m('sbx', 'stats', []),
  'runtime.define': m('runtime', 'define', ['runtimeName', 'runtimeFn']),
  'runtime.install': m('runtime', 'install', ['thread']),
  // JIT code calling the runtime: an entry into one of the installed stubs (none before install;
  // the offset picks the stub, not an SDK argument).
  'enter a runtime stub': m('stub', 'enter', ['thread', 'offset', 'registerArgs']),
  'window.write': m('window', 'write', ['window', 'offset', 'bytes']),
  'window.close': m('window', 'close', ['window']),
  'window[Symbol.dispose]': m('window', '[Symbol.dispose]', ['window']),
};

/** One argument: a well-typed value (n-th of its pool or kind) or the n-th wrong-typed value. */
export interface Pick {
  readonly wrong: boolean;
  readonly n: number;
}

/** One call. */
export interface Call {
  readonly method: string;
  readonly args: readonly Pick[];
}

/** What a call did. */
export interface Outcome {
  /** The call as JavaScript-like text, its arguments named. */
  readonly call: string;
  readonly result: 'returned' | 'refused' | 'own error' | 'escape';
  /** For a throw: class, code and message. */
  readonly error?: string;
  /** The SdkError code of a refusal. */
  readonly code?: string;
}

const pick = (wrongAllowed: boolean): fc.Arbitrary<Pick> =>
  fc.record({ wrong: wrongAllowed ? fc.nat({ max: 3 }).map((x) => x === 3) : fc.constant(false), n: fc.nat({ max: 63 }) });

/** Calls of one method (`name`), or of any when undefined. */
export function calls(name?: string): fc.Arbitrary<Call> {
  const one = (method: string): fc.Arbitrary<Call> => {
    const d = METHODS[method] as Method;
    // The receiver of a window method or a release is always one the SDK handed out.
    const args = d.params.map((_, i) => pick(mayBeWrong(method, i)));
    return fc.tuple(...args).map((a) => ({ method, args: a }));
  };
  return name !== undefined ? one(name) : fc.oneof(...Object.keys(METHODS).map(one));
}

/**
 * A call of each method that succeeds on a fresh, prepared world (ApiWorld.prepare): the n of a
 * well-typed pick per parameter (pool and literal orders are in adversary-api-world.ts and
 * adversary-values.ts; e.g. thread 3 is an executor, alloc 3 a published function, ut 2 an
 * unattached thread, region 1 r1, region 4 the handles' region, handle 0 a live one).  The
 * table test swaps one argument at a time for each wrong-typed value.
 */
export const GOOD_CALLS: Readonly<Record<string, readonly number[]>> = {
  'new Sandbox': [0, 0], spawn: [0, 1, 0], attach: [2, 1], createRegion: [4, 3], createRuntimeData: [4, 3], createGuestData: [4, 3],
  reserve: [0, 1, 0], openWindow: [1, 0, 0], withWindow: [1, 0, 0, 0], seal: [1, 1, 1], publish: [2], retire: [3],
  patch: [1, 3, 1, 1, 0], enter: [3, 3, 1, 1], start: [0, 3, 3, 0, 0], hold: [0, 13], release: [0], checkIntegrity: [3],
  sigaction: [0, 0, 1], stats: [], 'runtime.define': [3, 0], 'runtime.install': [1], 'enter a runtime stub': [3, 0, 0],
  'window.write': [0, 0, 1], 'window.close': [0], 'window[Symbol.dispose]': [0],
  load: [1, 0, 0], collect: [4], 'handle.call': [0, 3, 1], 'handle.enter': [0, 3, 1, 1], 'handle.start': [0, 0, 3, 0],
  'handle.replace': [0, 0, 0], 'handle.dispose': [0], 'handle[Symbol.dispose]': [0],
};

/** The good call of `method` with parameter `param` (if given) swapped for the `wrong`-th wrong-typed value. */
export function goodCall(method: string, param?: number, wrong = 0): Call {
  const ns = GOOD_CALLS[method] ?? [];
  return { method, args: ns.map((n, i) => (i === param ? { wrong: true, n: wrong } : { wrong: false, n })) };
}

/** Whether parameter `i` of `method` may be wrong-typed (not the receiver of a window or handle method or a release). */
export function mayBeWrong(method: string, i: number): boolean {
  const d = METHODS[method] as Method;
  return !((d.on === 'window' || d.on === 'handle' || d.on === 'release') && i === 0);
}

/** Callbacks for withWindow. */
function callbacks(w: ApiWorld): Lit[] {
  const code = Uint8Array.of(0xb8, 7, 0, 0, 0, 0xc3);
  const cb = (show: string, fn: (win: WriteWindow) => unknown): Lit => ({ show, make: () => fn });
  return [
    cb('(w) => w.write(0, code)', (win) => win.write(0, code)),
    cb('() => a promise', () => Promise.resolve(1)),
    cb('() => { throw own }', () => { throw new OwnError('withWindow callback'); }),
    cb('(w) => w.close()', (win) => win.close()),
    cb('(w) => keeps w', (win) => w.add('window', `window ${win.id} kept by a withWindow callback`, win)),
    cb('(w) => opens a nested window, leaves it, throws', (win) => {
      const other = w.sbx.reserve(w.sbx.regions[1] ?? win.alloc.region, 16, 'function');
      w.add('window', 'nested window left open', w.sbx.openWindow(win.thread, other, { reason: 'nested', nesting: 'count' }));
      throw new OwnError('withWindow callback');
    }),
  ];
}

/** The well-typed literals of a parameter kind (null: its values come from a pool, or it is 'threads'). */
export function literals(w: ApiWorld, p: Param): readonly Lit[] | null {
  if (p === 'callback') return callbacks(w);
  if (p === 'code') return codeSources(w.ctx);
  if (p === 'loadOptions') return loadOptions(w.ctx);
  return p in w.pools || p === 'threads' ? null : LITS[p as LitKind];
}

/** The value of one argument and how it reads. */
function resolve(w: ApiWorld, p: Param, a: Pick | undefined): { v: unknown; show: string } {
  const n = a?.n ?? 0;
  if (a?.wrong === true) {
    const x = WRONG[n % WRONG.length] as Lit;
    return { v: x.make(), show: x.show };
  }
  if (p === 'threads') {
    const ts = w.pools.thread;
    const chosen = n % 4 === 0 ? [] : n % 4 === 3 ? ts : ts.slice(Math.floor(n / 4) % ts.length).slice(0, n % 4);
    return { v: chosen.map((e) => e.get()), show: `[${chosen.map((e) => e.show).join(', ')}]` };
  }
  const list = literals(w, p);
  if (list !== null) {
    const x = list[n % list.length] as Lit;
    return { v: x.make(), show: x.show };
  }
  if (p === 'handle') w.withHandles();
  const pool = w.pools[p as PoolName];
  const e = pool[n % Math.max(1, pool.length)];
  return e === undefined ? { v: undefined, show: `undefined (no ${p} yet)` } : { v: e.get(), show: e.show };
}

type Fn = (...a: unknown[]) => unknown;

function invoke(w: ApiWorld, d: Method, args: readonly unknown[]): unknown {
  const method = (o: unknown, name: string): Fn => {
    const f = (o as Record<string | symbol, unknown>)[name === '[Symbol.dispose]' ? Symbol.dispose : name];
    if (typeof f !== 'function') throw new Error(`test bug: no method ${name}`);
    return (f as Fn).bind(o);
  };
  switch (d.on) {
    case 'new': return new (Sandbox as unknown as new (...a: unknown[]) => Sandbox)(...args);
    case 'sbx': return method(w.sbx, d.name)(...args);
    case 'runtime': return method(w.sbx.runtime, d.name)(...args);
    case 'window': case 'handle': {
      const last = args[args.length - 1];
      const rest = d.rest === true ? [...args.slice(1, -1), ...(Array.isArray(last) ? last : [last])] : args.slice(1);
      return method(args[0], d.name)(...rest);
    }
    case 'release': return typeof args[0] === 'function' ? (args[0] as Fn)() : undefined;
    case 'stub': {
      const stubs = w.sbx.regions.find((r) => r.name === 'runtime-stubs')?.allocations ?? [];
      const n = typeof args[1] === 'number' && Number.isSafeInteger(args[1]) ? Math.abs(args[1]) : 0;
      const a = stubs[n % Math.max(1, stubs.length)];
      return a === undefined ? undefined : method(w.sbx, 'enter')(args[0], a, args[2]);
    }
  }
}

/** Whether a thrown value is the SDK's answer: an SdkError with a known code. */
function isSdkAnswer(e: unknown): e is SdkError {
  return e instanceof SdkError && typeof e.code === 'string' && (SDK_ERROR_CODES as readonly string[]).includes(e.code);
}

/** Makes one call on the world and says what it did (what it returns joins the pools). */
export function apply(w: ApiWorld, c: Call): Outcome {
  const d = METHODS[c.method] as Method;
  const args = d.params.map((p, i) => resolve(w, p, c.args[i]));
  const name = d.on === 'new' ? 'new Sandbox' : d.on === 'sbx' ? `sbx.${d.name}` : d.on === 'stub' ? 'sbx.enter(stub n, ...)' : c.method;
  const shown = args.map((x, i) => (d.rest === true && i === args.length - 1 && Array.isArray(x.v) ? `...${x.show}` : x.show));
  const call = `${name}(${shown.join(', ')})`;
  let value: unknown;
  try {
    value = invoke(w, d, args.map((x) => x.v));
  } catch (e) {
    if (e instanceof OwnError) return { call, result: 'own error' };
    if (isSdkAnswer(e)) return { call, result: 'refused', code: e.code };
    const code = (e as { code?: unknown } | null)?.code;
    const error = e instanceof Error ? `${e.name}${typeof code === 'string' ? ` ${code}` : ''}: ${e.message}` : `${typeof e}: ${String(e)}`;
    return { call, result: 'escape', error };
  }
  if (d.keep !== undefined && value !== undefined) w.add(d.keep, `${d.keep} from ${c.method}`, value);
  return { call, result: 'returned' };
}
