/**
 * The thread operations of the SDK property tests: spawns, signals (and compiling inside a
 * SIGUSR1 handler), entries into published code (and what a compiler may and may not do
 * while an executor is stopped inside it, in its SIGTRAP handler), integrity checks.
 */
import { Errno, SIGUSR1, pkruAllowsWrite } from '../../mpk-hw/index.js';
import type { SdkThread } from '../../sdk/threads.js';
import { choose, expectEq, refused, runnable } from './property-model.js';
import { immOf, largeFn, smallFn, type Op } from './property-ops.js';
import { applyCompilerOp, openOn, patchAlloc, publish, reserveIn, seal } from './property-steps.js';
import type { World } from './property-world.js';

/** A new thread from `t` (which may hold open windows): it starts from its role's baseline and runs the next program. */
function spawn(w: World, t: SdkThread, role: 'compiler' | 'executor'): void {
  const child = w.sbx.spawn(t, role);
  expectEq(`spawn ${role} from thread ${t.tid}: PKRU`, w.sbx.machine.kernel.taskPkru(child.ut.task), w.sbx.baseline(role));
  w.spawned(child, role);
}

function raise(w: World, t: SdkThread, op: Extract<Op, { t: 'raise' }>): void {
  const before = w.stats.signals;
  w.compileInHandler = op.compile && t.canWriteCode ? op : null;
  const r = t.ut.raise(SIGUSR1);
  w.compileInHandler = null;
  if (t.roleName === 'executor') return expectEq(`executor ${t.tid} raise (refused by its filter)`, r, -Errno.EPERM);
  expectEq(`raise on thread ${t.tid}`, r, 0);
  expectEq(`raise on thread ${t.tid}: handler runs`, w.stats.signals, before + 1);
}

/**
 * In the SIGUSR1 handler of a compiler asked to compile there: reserve, open a (nested)
 * window, emit, close, seal, publish.  Inside, the thread can write only the new window's
 * key, never the key of a window the signal interrupted.
 */
export function onSignal(w: World, t: SdkThread): void {
  const job = w.compileInHandler;
  const region = job === null ? undefined : w.sbx.regions[job.region % w.sbx.regions.length];
  if (job === null || region === undefined) return;
  const m = reserveIn(w, region, false);
  const x = openOn(w, t, m, { reason: 'compile in a signal handler', nesting: 'count' });
  if (x === null) return;
  const key = w.sbx.keyOf(region);
  const pkru = w.sbx.machine.kernel.taskPkru(t.ut.task);
  for (const k of [...w.sbx.heldKeys(), w.sbx.coldKey]) {
    expectEq(`in the handler of thread ${t.tid}: write rights on key ${k}`, pkruAllowsWrite(pkru, k), k === key);
  }
  const code = smallFn(job.imm, false);
  x.w.write(0, code);
  m.bytes.set(code, 0);
  w.closeWindow(x);
  seal(w, { t: 'seal', alloc: 0, wild: false });
  publish(w, { t: 'publish', alloc: 0, wild: false });
  w.stats.handlerCompiles++;
}

function enter(w: World, t: SdkThread, op: Extract<Op, { t: 'enter' }>): void {
  const m = choose(w, op, runnable);
  if (m === null) return;
  if (m.state !== 'published') return refused(w, `enter ${m.a.id}`, 'ENTER_UNPUBLISHED', () => w.sbx.enter(t, m.a));
  const imm = immOf(m.bytes);
  if (imm === null) return; // published without code: running zeros would fault
  w.running = m;
  try {
    expectEq(`enter ${m.a.id} on thread ${t.tid}: RAX`, w.sbx.enter(t, m.a).rax, BigInt(imm));
  } finally {
    w.running = null;
  }
  w.stats.entries++;
}

/**
 * In the SIGTRAP handler of an executor stopped at the int3 of running code (after its
 * `mov eax, imm`): a large patch and a retire must wait for the region to be quiesced
 * (NOT_QUIESCED); an atomic patch of the immediate may go ahead
 * (every third trap), and so may a window elsewhere that can take the running region's key
 * away (every third trap): code stays executable whatever its key.
 */
export function onTrap(w: World, t: SdkThread): void {
  const m = w.running;
  const c = w.compilers[0];
  if (m === null || c === undefined) throw new Error(`SIGTRAP on thread ${t.tid} outside enter`);
  const runningHere = (): void => expectEq(`thread ${t.tid} listed as running in ${m.a.region.name}`, w.sbx.executorsIn(m.a.region).includes(t.tid), true);
  runningHere();
  refused(w, `large patch of ${m.a.id} while thread ${t.tid} runs it`, 'NOT_QUIESCED',
    () => w.sbx.patch(c, m.a, 0, largeFn(0x11111111, m.trap), { reason: 'not quiesced', site: 'property' }));
  refused(w, `retire of ${m.a.id} while thread ${t.tid} runs it`, 'NOT_QUIESCED', () => w.sbx.retire(m.a));
  if (w.stats.traps % 3 === 1) patchAlloc(w, c, m, (0x10203040 + w.stats.traps) >>> 0, false);
  if (w.stats.traps % 3 === 2) {
    const regions = w.sbx.regions;
    const other = regions[(regions.indexOf(m.a.region) + 1) % regions.length];
    const x = other === undefined ? null : openOn(w, c, reserveIn(w, other, false), { reason: 'emit while code runs', nesting: 'count' });
    if (x !== null) {
      x.w.write(0, smallFn(0x20202020, false));
      x.m.bytes.set(smallFn(0x20202020, false), 0);
      w.closeWindow(x);
    }
  }
  runningHere();
}

/** Applies one operation on thread `t`. */
export function applyOp(w: World, t: SdkThread, op: Op): void {
  if (applyCompilerOp(w, t, op)) return;
  switch (op.t) {
    case 'spawn': return spawn(w, t, op.role);
    case 'raise': return raise(w, t, op);
    case 'enter': return enter(w, t, op);
    case 'integrity': {
      const m = choose(w, op, (x) => x.state === 'sealed' || x.state === 'published');
      if (m !== null && (m.state === 'sealed' || m.state === 'published')) expectEq(`checkIntegrity(${m.a.id})`, w.sbx.checkIntegrity(m.a), true);
      return;
    }
    default: throw new Error(`not a thread operation: ${op.t}`);
  }
}

/** One line for the trace. */
export function describeOp(op: Op): string {
  const { t, ...rest } = op;
  return `${t} ${JSON.stringify(rest)}`;
}
