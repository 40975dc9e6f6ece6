/**
 * Attack: a thread spawned inside a write window.  Linux gives a new thread its creator's
 * current PKRU (spec P-1), so a compiler that spawns a helper (or an executor, or a thread
 * pool worker) while its window is open hands the window's write rights to a thread the
 * window was never meant for, and they outlive the window: closing it restores only the
 * compiler's PKRU.  This is the #1 real-world complaint about V8's pkey write scopes.
 *
 * Stopped by: the thread policy.  Threads spawned through the SDK start from their ROLE's
 * baseline, never from the creator's PKRU: the SDK writes the baseline (a `pkru` record with
 * cause thread.spawn) before the new thread runs anything, then records the thread
 * (`thread.spawn`, pkruBefore: the baseline, detail.inherited: the PKRU the clone arrived
 * with).  The child's rights on the window's key are none (execute-only), its write faults,
 * and `pkjit audit verify` finds the log clean.
 *
 * Run it alone with `node dist/samples/attacks/spawn-inside-window.js` (after `npm run build`).
 */
import { Assembler, eax } from '../../jit/x64/index.js';
import { pkruKeyBits } from '../../mpk-hw/index.js';
import type { SdkThread } from '../../sdk/index.js';
import { hex32 } from '../../sdk/audit/schema.js';
import { bitsRights } from '../../sdk/policy.js';
import type { Expected } from '../index.js';
import { Checks, closeAndVerify, isEntry, lab, mark, message, printRecords, thrown, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: "threads spawned by a compiler holding an open window get their role's baseline (rights on the key: none)",
  contains: ['compiler (window open): readwrite', 'executor child', 'rights on key 3: none', 'cause=thread.spawn', 'inherited=',
    'audit verify: intact, 0 invariant violation(s)', 'STOPPED: a thread spawned inside a write window'],
};

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  const { sbx, compiler } = l;
  const a = sbx.reserve(l.region, 16, 'function');
  const w = sbx.openWindow(compiler, a, { reason: 'emit function' });
  const key = sbx.keyOf(l.region) as number;
  const rights = (t: SdkThread): string => bitsRights(pkruKeyBits(t.ut.rdpkru(), key));
  print(`compiler (window open): ${rights(compiler)} on key ${key}`);
  const from = mark(l);
  const writer = sbx.spawn(compiler, 'executor');
  const helper = sbx.spawn(compiler, 'compiler');
  for (const c of [writer, helper]) {
    print(`${c.roleName} child ${c.tid} spawned by the compiler inside window ${w.id}: rights on key ${key}: ${rights(c)}`);
    check.that(rights(c) === 'none', `the ${c.roleName} child starts from its role baseline, not the window`);
  }
  printRecords(l, from, print, new Set(['thread.spawn', 'pkru']));
  const spawned = l.sink.records.slice(from).filter((r) => r.kind === 'thread.spawn');
  check.that(spawned.length === 2 && spawned.every((r) => r.pkruBefore === hex32(sbx.threads.get(r.tid ?? -1)?.shadow ?? -1) &&
    r.detail?.['inherited'] === hex32(compiler.ut.rdpkru())),
    "each thread.spawn follows its baseline pkru record: pkruBefore is the baseline, inherited the creator's (window) PKRU");
  const err = thrown(() => writer.ut.write(a.start, Uint8Array.of(0xcc)));
  print(`executor child writes ${a.id}: ${message(err)} (${sbx.lastFault(writer.tid)?.pitfall ?? 'no fault'})`);
  check.that(err !== null && sbx.lastFault(writer.tid)?.pitfall === 'executor write to code', "the child's write faults: executor write to code");
  w.write(0, new Assembler().mov(eax, 7).ret().finish()); // the window still works for its own thread
  w.close();
  print(`window ${w.id} closed: compiler ${rights(compiler)}, compiler child ${rights(helper)}`);
  check.that(rights(compiler) === 'none' && rights(helper) === 'none', 'after the window closes no thread can write the key');
  sbx.seal(a);
  sbx.publish(a);
  const runner = sbx.spawn(sbx.owner, 'executor');
  check.that(sbx.enter(runner, a).rax === 7n, "the code the window wrote runs (the child's write changed nothing)");
  const v = closeAndVerify(l);
  print(v.line);
  check.that(v.ok, 'audit verify finds the log clean (the children are recorded with their baseline)', v.line);
  return check.verdict('a thread spawned inside a write window');
}

if (isEntry('spawn-inside-window')) process.exitCode = main();
