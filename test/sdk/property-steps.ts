/**
 * The compiler's operations of the SDK property tests (property-ops.ts), applied to the SDK
 * and checked against the model of property-world.ts: what succeeds must succeed with the
 * right result (receipt hash, patch kind and hash), and what the rules forbid must throw an
 * SdkError with the right code.
 */
import { createHash } from 'node:crypto';
import type { CodeRegion } from '../../sdk/code-region.js';
import type { SdkThread } from '../../sdk/threads.js';
import type { WindowOptions } from '../../sdk/write-window.js';
import { choose, expectEq, keysExhausted, mustRefuse, nth, refused, runnable, seamRefused } from './property-model.js';
import { FN_SIZE, FORBIDDEN_IMMS, largeFn, smallFn, type Op } from './property-ops.js';
import type { AllocModel, WinModel, World } from './property-world.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Reserves a function allocation in `region` and adds it to the model. */
export function reserveIn(w: World, region: CodeRegion, trap: boolean): AllocModel {
  const m: AllocModel = { a: w.sbx.reserve(region, FN_SIZE, 'function'), bytes: new Uint8Array(FN_SIZE).fill(0xcc),
    code: new Uint8Array(FN_SIZE).fill(0xcc), trap, state: 'reserved' };
  w.allocs.push(m);
  return m;
}

/** Opens a window for `t` on `m`, or checks the refusal the model predicts; returns the window or null. */
export function openOn(w: World, t: SdkThread, m: AllocModel, opts: WindowOptions): WinModel | null {
  const nest = opts.nesting === 'count';
  const expected = w.openOf(t).length > 0 && !nest ? 'WINDOW_NESTED'
    : m.state === 'published' || m.state === 'retired' ? 'ALLOC_STATE'
      : keysExhausted(w, m.a.region) ? 'KEYS_EXHAUSTED' : null;
  if (expected !== null) {
    refused(w, `open ${m.a.id}`, expected, () => w.sbx.openWindow(t, m.a, opts));
    return null;
  }
  const x = { w: w.sbx.openWindow(t, m.a, opts), m };
  m.state = 'writing';
  w.windows.set(t.tid, [...(w.windows.get(t.tid) ?? []), x]);
  return x;
}

function open(w: World, t: SdkThread, op: Extract<Op, { t: 'open' }>): void {
  const m = choose(w, op, (x) => x.state === 'reserved' || x.state === 'writing' || x.state === 'sealed');
  if (m === null) return;
  openOn(w, t, m, { reason: 'emit', site: 'property', nesting: op.nest ? 'count' : 'forbid',
    ...(op.ranged ? { range: { offset: 0, length: 8 } } : {}) });
}

/** What a write op puts where: [offset, bytes]. */
function writeBytes(op: Extract<Op, { t: 'write' }>, m: AllocModel, hi: number): [number, Uint8Array] {
  switch (op.what) {
    case 'emit': return [0, smallFn(op.imm, m.trap)];
    case 'forbidden': return [0, smallFn(FORBIDDEN_IMMS[op.pattern % FORBIDDEN_IMMS.length] ?? 0, m.trap)];
    case 'oob': return [hi - 2, Uint8Array.of(0x90, 0x90, 0x90, 0x90)];
    case 'tail': return [FN_SIZE - 2, Uint8Array.of(0x0f, 0x01)]; // harmless, unless the next allocation starts with EF
    case 'head': return [0, Uint8Array.of(0xef)]; // harmless, unless the previous one ends with 0F 01
  }
}

function write(w: World, t: SdkThread, op: Extract<Op, { t: 'write' }>): void {
  const open = w.openOf(t);
  const x = nth(op.wild || open.length === 0 ? w.windows.get(t.tid) ?? [] : open, op.win);
  if (x === null) return;
  const what = `write through ${x.w.id}`;
  if (x.w.closed) return refused(w, what, 'WINDOW_CLOSED', () => x.w.write(0, Uint8Array.of(0x90)));
  const [offset, bytes] = writeBytes(op, x.m, x.w.hi);
  if (offset < x.w.lo || offset + bytes.length > x.w.hi) return refused(w, what, 'WINDOW_BOUNDS', () => x.w.write(offset, bytes));
  if (seamRefused(w, x.m, offset, bytes)) return refused(w, what, 'WINDOW_SEAM', () => x.w.write(offset, bytes));
  x.w.write(offset, bytes);
  x.m.bytes.set(bytes, offset);
}

function close(w: World, t: SdkThread, op: Extract<Op, { t: 'close' }>): void {
  const open = w.openOf(t);
  // Innermost first.  A wild close picks an outer window when two are open (WINDOW_ORDER), else
  // any window the thread opened, even a closed one (closing is idempotent).
  const x = !op.wild ? open.at(-1) ?? null
    : open.length > 1 ? open[op.win % (open.length - 1)] ?? null : nth(w.windows.get(t.tid) ?? [], op.win);
  if (x === null) return;
  if (!x.w.closed && x !== open.at(-1)) return refused(w, `close ${x.w.id}`, 'WINDOW_ORDER', () => x.w.close());
  w.closeWindow(x);
}

export function seal(w: World, op: Extract<Op, { t: 'seal' }>): void {
  const m = choose(w, op, (x) => x.state === 'writing' && w.windowsOn(x) === 0);
  if (m === null) return;
  const what = `seal ${m.a.id}`;
  const expected = m.state !== 'writing' ? 'ALLOC_STATE' : w.windowsOn(m) > 0 ? 'SEAL_WINDOW_OPEN' : mustRefuse(w, m) ? 'VERIFY_FAILED' : null;
  if (expected !== null) return refused(w, what, expected, () => w.sbx.seal(m.a));
  expectEq(`${what}: receipt sha256`, w.sbx.seal(m.a).sha256, sha256(m.bytes));
  m.state = 'sealed';
  w.stats.seals++;
}

export function publish(w: World, op: Extract<Op, { t: 'publish' }>): void {
  const m = choose(w, op, (x) => x.state === 'sealed');
  if (m === null) return;
  if (m.state !== 'sealed') return refused(w, `publish ${m.a.id}`, 'ALLOC_STATE', () => w.sbx.publish(m.a));
  // Publish verifies the seams again with what is executable now, then copies the bytes in
  // through a window of its own (which needs a key for the region).
  const expected = mustRefuse(w, m) ? 'VERIFY_FAILED' : keysExhausted(w, m.a.region) ? 'KEYS_EXHAUSTED' : null;
  if (expected !== null) return refused(w, `publish ${m.a.id}`, expected, () => w.sbx.publish(m.a));
  w.sbx.publish(m.a);
  m.code.set(m.bytes);
  m.state = 'published';
}

/** Patches `m` from `t`: an atomic 4-byte store of a new immediate, or a large rewrite of the function. */
export function patchAlloc(w: World, t: SdkThread, m: AllocModel, imm: number, large: boolean): void {
  const [offset, bytes] = large ? [0, largeFn(imm, m.trap)] : [1, smallFn(imm, false).subarray(1, 5)];
  const what = `${large ? 'large' : 'atomic'} patch of ${m.a.id}`;
  const after = Uint8Array.from(m.code);
  after.set(bytes, offset);
  const expected = m.state !== 'published' ? 'ALLOC_STATE' : mustRefuse(w, m, after) ? 'VERIFY_FAILED'
    : keysExhausted(w, m.a.region) ? 'KEYS_EXHAUSTED' : null;
  const call = (): ReturnType<typeof w.sbx.patch> => w.sbx.patch(t, m.a, offset, bytes, { reason: what, site: 'property' });
  if (expected !== null) return refused(w, what, expected, call);
  const r = call();
  m.bytes.set(bytes, offset);
  m.code.set(bytes, offset);
  expectEq(`${what}: atomic`, r.atomic, !large);
  expectEq(`${what}: quiesced`, r.quiesced, large);
  expectEq(`${what}: sha256`, r.sha256, sha256(m.bytes));
  w.stats.patches++;
}

function patch(w: World, t: SdkThread, op: Extract<Op, { t: 'patch' }>): void {
  const m = choose(w, op, runnable);
  if (m !== null) patchAlloc(w, t, m, op.pattern === null ? op.imm : FORBIDDEN_IMMS[op.pattern % FORBIDDEN_IMMS.length] ?? 0, op.large);
}

/** Retires `m`, or checks the refusal: never with a window open on it (RETIRE_WINDOW_OPEN). */
export function retireAlloc(w: World, m: AllocModel): void {
  if (w.windowsOn(m) > 0) return refused(w, `retire ${m.a.id}`, 'RETIRE_WINDOW_OPEN', () => w.sbx.retire(m.a));
  w.sbx.retire(m.a); // idempotent on retired code
  m.state = 'retired';
  m.bytes.fill(0xcc);
  m.code.fill(0xcc);
}

function retire(w: World, op: Extract<Op, { t: 'retire' }>): void {
  const m = choose(w, op, (x) => x.state !== 'retired' && w.windowsOn(x) === 0);
  if (m !== null) retireAlloc(w, m);
}

/**
 * A compiler bug inside `withWindow`: the callback writes, may open a nested window on a fresh
 * allocation (closing it again unless `leak`), and throws.  The callback's own error must come
 * out, and every window opened inside must be closed, with the thread's PKRU as before.
 */
function throwIn(w: World, t: SdkThread, op: Extract<Op, { t: 'throwIn' }>): void {
  const m = choose(w, op, (x) => x.state === 'reserved' || x.state === 'writing' || x.state === 'sealed');
  if (m === null || w.openOf(t).length > 0 || m.state === 'published' || m.state === 'retired' || keysExhausted(w, m.a.region)) return;
  const pkru = w.sbx.machine.kernel.taskPkru(t.ut.task);
  const mine: WinModel[] = [];
  const bug = new Error('compiler bug');
  let got: unknown = null;
  try {
    w.sbx.withWindow(t, m.a, { reason: 'emit, then throw', site: 'property' }, (win) => {
      const outer = { w: win, m };
      m.state = 'writing';
      mine.push(outer);
      w.windows.set(t.tid, [...(w.windows.get(t.tid) ?? []), outer]);
      win.write(0, smallFn(op.imm, m.trap));
      m.bytes.set(smallFn(op.imm, m.trap), 0);
      const regions = w.sbx.regions;
      const other = regions[(regions.indexOf(m.a.region) + 1) % regions.length];
      const inner = op.inner && other !== undefined ? openOn(w, t, reserveIn(w, other, false), { reason: 'nested', nesting: 'count' }) : null;
      if (inner !== null) {
        mine.push(inner);
        if (op.leak !== true || w.flags.leakNested !== true) w.closeWindow(inner);
      }
      throw bug;
    });
  } catch (e) {
    got = e;
  }
  const open = mine.filter((x) => !x.w.closed).map((x) => x.w.id);
  if (got !== bug) throw new Error(`withWindow: the callback's error did not come out; got ${got instanceof Error ? got.message : String(got)}`);
  if (open.length > 0) throw new Error(`withWindow: windows ${open.join(', ')} opened inside a callback that threw are still open`);
  expectEq(`thread ${t.tid} PKRU after withWindow threw`, w.sbx.machine.kernel.taskPkru(t.ut.task), pkru);
}

/** Applies one compiler operation on thread `t`; false when `op` is not a compiler operation. */
export function applyCompilerOp(w: World, t: SdkThread, op: Op): boolean {
  switch (op.t) {
    case 'reserve': {
      const region = w.sbx.regions[op.region % w.sbx.regions.length];
      if (region !== undefined) reserveIn(w, region, op.trap);
      return true;
    }
    case 'open': open(w, t, op); return true;
    case 'write': write(w, t, op); return true;
    case 'close': close(w, t, op); return true;
    case 'seal': seal(w, op); return true;
    case 'publish': publish(w, op); return true;
    case 'patch': patch(w, t, op); return true;
    case 'retire': retire(w, op); return true;
    case 'throwIn': throwIn(w, t, op); return true;
    default: return false;
  }
}
