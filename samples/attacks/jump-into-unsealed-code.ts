/**
 * Attack: jump into code that was never verified (issue 9, hole 1).  Sealing refuses a WRPKRU
 * gadget, but refusing it is only half the job: if the refused bytes sat in executable memory,
 * hijacked control flow could still reach them.  Here a published function with an indirect
 * call (`call rdi`: the threat model's arbitrary control flow on an executor) is pointed two
 * bytes into `movabs rax, 0xc3ef010f; ret` (48 B8 0F 01 EF C3 ...), where 0F 01 EF C3 decodes
 * as WRPKRU; RET: PKRU := EAX, and back.  First while the allocation is still being written
 * (its window open), then after seal() refused it with VerifyError.
 *
 * Stopped by: staging.  A window writes the allocation's staging image, which is never
 * executable; the allocation's code pages hold int3 (0xCC) filler until publish() copies in
 * bytes that passed every verifier.  The jump lands on int3: SIGTRAP, the SDK diagnoses it
 * ('breakpoint (int3: retired or unfinished code)'), records a `fault` and ends the thread.
 * PKRU never changes, and the other published code keeps running its sealed bytes.
 *
 * Run it alone with `node dist/samples/attacks/jump-into-unsealed-code.js` (after `npm run build`).
 */
import { eax, rdi } from '../../jit/x64/index.js';
import { PkeyFaultError, VerifyError, type Allocation } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import {
  Checks, closeAndVerify, codeBytes, formatDiagnosis, isEntry, lab, mark, message, printRecords, publish, stagedBytes, thrown, type Lab, type Print,
} from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'an indirect call into an allocation being written or refused by seal hits int3: SIGTRAP, no PKRU change',
  contains: ["pitfall 'breakpoint (int3: retired or unfinished code)'", 'audit verify: intact, 0 invariant violation(s)',
    'STOPPED: a jump into unsealed code'],
};

/** movabs rax, 0xc3ef010f; ret: WRPKRU; RET at offset 2. */
const GADGET = Uint8Array.of(0x48, 0xb8, 0x0f, 0x01, 0xef, 0xc3, 0, 0, 0, 0, 0xc3);

/** A fresh executor calls `caller` with rdi = the gadget (offset 2 of `bad`); checks what happened. */
function jumpIn(l: Lab, caller: Allocation, bad: Allocation, print: Print, check: Checks): void {
  print(`  staged: ${stagedBytes(l, bad)}; code pages: ${codeBytes(l, bad.start, bad.size)}`);
  check.that(codeBytes(l, bad.start, bad.size) === Array(bad.size).fill('cc').join(' '), `${bad.id}'s code pages hold int3; its bytes are only staged`);
  const executor = l.sbx.spawn(l.sbx.owner, 'executor'); // the trap ends the thread
  const from = mark(l);
  const err = thrown(() => l.sbx.enter(executor, caller, [bad.start + 2]));
  print(`  enter ${caller.id}(rdi = ${bad.id} + 2): ${message(err)}`);
  if (!(err instanceof PkeyFaultError)) {
    check.that(false, `the jump into ${bad.id} traps`, message(err));
    return;
  }
  print(`  ${formatDiagnosis(err.diagnosis)}`);
  printRecords(l, from, print);
  check.that(err.diagnosis.pitfall === 'breakpoint (int3: retired or unfinished code)' && err.diagnosis.alloc === bad.id &&
    err.diagnosis.address === bad.start + 2, `the jump lands on int3 in ${bad.id} (SIGTRAP), not on WRPKRU`, err.diagnosis.pitfall);
  check.that(err.diagnosis.pkru === l.sbx.baseline('executor'), "the executor's PKRU is still its baseline when it traps");
  check.that(!executor.ut.alive, 'the executor thread was ended');
  check.that(!l.sink.records.slice(from).some((r) => r.kind === 'pkru.unaudited'), 'no PKRU change to record (no pkru.unaudited)');
}

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  const { sbx, compiler } = l;
  const caller = publish(l, 'indirect-call', (x) => x.call(rdi).ret());
  const victim = publish(l, 'victim', (x) => x.mov(eax, 7).ret());
  print(`${victim.id} returns ${sbx.enter(l.executor, victim).rax}; ${caller.id} is 'call rdi; ret'`);

  print('1. an allocation still being written (window open):');
  const writing = sbx.reserve(l.region, GADGET.length, 'attacker');
  const w = sbx.openWindow(compiler, writing, { reason: 'emit attacker' });
  w.write(0, GADGET);
  jumpIn(l, caller, writing, print, check);
  w.close();

  print('2. an allocation whose seal() threw VerifyError:');
  const refused = sbx.reserve(l.region, GADGET.length, 'attacker');
  sbx.withWindow(compiler, refused, { reason: 'emit attacker' }, (x) => x.write(0, GADGET));
  const err = thrown(() => sbx.seal(refused));
  print(`  seal: ${message(err)}`);
  check.that(err instanceof VerifyError && refused.state === 'writing', 'seal refuses the gadget; the allocation stays unsealed');
  jumpIn(l, caller, refused, print, check);

  const rax = sbx.enter(l.executor, victim).rax;
  print(`${victim.id} still returns ${rax}; sbx.checkIntegrity(${victim.id}) = ${sbx.checkIntegrity(victim)}`);
  check.that(rax === 7n && sbx.checkIntegrity(victim), 'the victim still runs its sealed bytes');
  const v = closeAndVerify(l);
  print(v.line);
  check.that(v.ok, 'audit verify: intact, no invariant broken', v.line);
  return check.verdict('a jump into unsealed code');
}

if (isEntry('jump-into-unsealed-code')) process.exitCode = main();
