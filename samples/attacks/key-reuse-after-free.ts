/**
 * Attack: protection-key use-after-free (spec P-2; libmpk).  A compromised runtime thread
 * calls pkey_free on a region's key and pkey_alloc again.  Linux lets it: pkey_free does not
 * untag the pages, pkey_alloc hands out the lowest free key (the same number), and it sets
 * the CALLER's PKRU rights for that key from its access_rights argument (0: read/write).  The
 * attacker now holds write rights on live code that every other thread sees as execute-only.
 *
 * What the SDK prevents:
 *  - executors cannot do this: pkey_free and pkey_alloc are refused by their system-call
 *    filter (shown first, a `syscall.refused` record);
 *  - the executors' own rights do not change: pkey_alloc changes only the caller's PKRU;
 *  - the attacker's changed PKRU is caught at its next SDK entry: the shadow check records
 *    `pkru.unaudited` and (non-strict mode) repairs it, writing the SDK's value back (a `pkru`
 *    record with cause 'repair'; strict mode would kill the thread there);
 *  - the SDK does not run JIT code on a runtime thread at all (violation ROLE);
 *  - an integrity check (sbx.checkIntegrity) finds code changed since its seal;
 *  - `pkjit audit verify` (verifyLog) flags the log: invariant 3 covers every thread that holds
 *    write rights on a code key outside a window of its own on that key, not only executors.
 *
 * What it does NOT prevent (printed as such):
 *  - threads that are not executors have no system-call allowlist: the pkey_free and
 *    pkey_alloc themselves are neither refused nor recorded, and the writes to code made
 *    before the next SDK entry succeed (the repair comes after them);
 *  - integrity is checked automatically only before an allocation's FIRST entry, so code that
 *    was already entered runs the attacker's bytes until someone calls checkIntegrity.
 *
 * Run it alone with `node dist/samples/attacks/key-reuse-after-free.js` (after `npm run build`).
 */
import { eax } from '../../jit/x64/index.js';
import { Errno, pkruKeyBits } from '../../mpk-hw/index.js';
import { bitsRights } from '../../sdk/policy.js';
import type { Expected } from '../index.js';
import type { Allocation, SdkThread } from '../../sdk/index.js';
import { Checks, closeAndVerify, isEntry, lab, mark, message, printRecords, publish, thrown, type Lab, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'pkey_free + pkey_alloc by a runtime thread (key reuse): pkru.unaudited and repaired at its next SDK entry, flagged by audit verify',
  contains: ['name=pkey_free action=EPERM', "rights='k3 none->readwrite'", 'where=enter', 'cause=repair', 'code=ROLE', 'code=INTEGRITY',
    'invariant 3: thread 104 (runtime)', 'STOPPED: key reuse after pkey_free'],
};

/** A thread's rights on `key`: none, read or readwrite. */
function rightsOn(t: SdkThread, key: number): string {
  return bitsRights(pkruKeyBits(t.ut.rdpkru(), key));
}

/** The attack on the runtime thread: free the region's key, allocate it again, rewrite `f`. */
function reuseKey(l: Lab, f: Allocation, attacker: SdkThread, key: number, print: Print, check: Checks): void {
  print(`attacker: thread ${attacker.tid}, role ${attacker.roleName} (not an executor: no system-call allowlist); ` +
    `rights on key ${key}: ${rightsOn(attacker, key)}`);
  const freed = attacker.ut.pkeyFree(key);
  const again = attacker.ut.pkeyAlloc(0, 0);
  print(`attacker: pkey_free(${key}) = ${freed}, pkey_alloc(0, 0) = ${again}; its rights on key ${key}: ${rightsOn(attacker, key)}; ` +
    `executor's: ${rightsOn(l.executor, key)}`);
  check.that(l.sbx.keyAllocated(key) && again === key, 'Linux hands the same key back (lowest free key, spec P-2/P-3)');
  check.that(rightsOn(l.executor, key) === 'none', "the executors' rights on the key are unchanged (pkey_alloc sets only the caller's PKRU)");
  attacker.ut.write(f.start + 1, Uint8Array.of(0x37, 0x13, 0, 0)); // mov eax, 7 -> mov eax, 0x1337
  print(`NOT prevented: the attacker rewrote ${f.id} (no SDK record: the SDK made no call)`);
  print(`NOT prevented: ${f.id} was entered before, so its integrity is not re-checked: executor now gets 0x${l.sbx.enter(l.executor, f).rax.toString(16)}`);
}

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  const { sbx, executor } = l;
  const f = publish(l, 'function', (x) => x.mov(eax, 7).ret());
  print(`${f.id} returns ${sbx.enter(executor, f).rax} on executor ${executor.tid}`);
  const key = sbx.keys.keyOf(l.region) as number;
  let from = mark(l);
  check.that(executor.ut.pkeyFree(key) === -Errno.EPERM, `an executor's pkey_free(${key}) is refused with EPERM`);
  printRecords(l, from, print);

  const attacker = sbx.spawn(sbx.owner, 'runtime');
  from = mark(l);
  reuseKey(l, f, attacker, key, print, check);
  const entered = thrown(() => sbx.enter(attacker, f));
  print(`attacker's next SDK entry (enter ${f.id}): ${message(entered)}`);
  print(`attacker's rights on key ${key} after that entry: ${rightsOn(attacker, key)}`);
  const integrity = sbx.checkIntegrity(f);
  print(`sbx.checkIntegrity(${f.id}) = ${integrity}`);
  printRecords(l, from, print);
  const records = l.sink.records.slice(from);
  const unaudited = records.find((r) => r.kind === 'pkru.unaudited');
  check.that(unaudited?.tid === attacker.tid && unaudited.detail?.['where'] === 'enter',
    'the shadow check records pkru.unaudited for the attacker at its next SDK entry');
  check.that(records.some((r) => r.kind === 'pkru' && r.tid === attacker.tid && r.detail?.['cause'] === 'repair') &&
    rightsOn(attacker, key) === 'none' && attacker.ut.rdpkru() === attacker.shadow,
    `the SDK repairs the attacker's PKRU there (cause repair): its rights on key ${key} are none again`);
  check.that(records.some((r) => r.kind === 'violation' && r.tid === attacker.tid && r.detail?.['code'] === 'ROLE'),
    'the SDK refuses to run code on the attacker, a runtime thread (violation ROLE)');
  check.that(!integrity, 'an explicit integrity check finds the changed code (violation INTEGRITY)');

  const v = closeAndVerify(l);
  print(v.line);
  check.that(v.violations.some((x) => x.invariant === 3 && x.seq === unaudited?.seq),
    `audit verify flags the log: invariant 3 at seq ${String(unaudited?.seq)} (runtime thread ${attacker.tid} held write rights on code key k${key} outside a window)`,
    v.line);
  return check.verdict('key reuse after pkey_free');
}

if (isEntry('key-reuse-after-free')) process.exitCode = main();
