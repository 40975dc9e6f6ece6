/**
 * Attack: protection-key use-after-free (spec P-2; libmpk).  A compromised or buggy runtime
 * thread calls pkey_free on a region's key and pkey_alloc again.  Linux would let it: pkey_free
 * does not untag the pages, pkey_alloc hands out the lowest free key (the same number), and it
 * sets the CALLER's PKRU rights for that key from its access_rights argument (0: read/write).
 * The thread would then hold write rights on live code that every other thread sees as
 * execute-only, and executors that entered the code before would run whatever it wrote.
 *
 * Stopped by: the owned-resources filter on every sandboxed thread, whatever its role
 * (sdk/owned.ts).  A pkey_free of a key the SDK allocated, and mprotect / pkey_mprotect /
 * munmap / madvise / mmap(MAP_FIXED) over SDK memory, are refused with EPERM and recorded
 * (`syscall.refused` with the reason) unless the SDK itself makes the call.  So:
 *  - the executor's pkey_free is refused, and so is the runtime thread's;
 *  - pkey_alloc then gives the attacker a different key; its rights on the code key stay none;
 *  - its write to the code faults (SEGV_PKUERR, 'write to code without a window') and ends it;
 *  - its mprotect of the code pages to RW is refused too;
 *  - the executor keeps running the sealed bytes, and `pkjit audit verify` finds the log intact.
 *
 * Run it alone with `node dist/samples/attacks/key-reuse-after-free.js` (after `npm run build`).
 */
import { eax } from '../../jit/x64/index.js';
import { Errno, PROT_READ, PROT_WRITE, pkruKeyBits } from '../../mpk-hw/index.js';
import { bitsRights } from '../../sdk/policy.js';
import type { Expected } from '../index.js';
import type { Allocation, SdkThread } from '../../sdk/index.js';
import { Checks, closeAndVerify, isEntry, lab, mark, message, printRecords, publish, thrown, type Lab, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'pkey_free + pkey_alloc by a runtime thread (key reuse): refused on every thread; the code key stays the SDK\'s',
  contains: ['name=pkey_free action=EPERM', "SDK-owned: key 3 is the SDK's", 'name=mprotect action=EPERM', 'write to code without a window',
    'audit verify: intact, 0 invariant violation(s)', 'STOPPED: key reuse after pkey_free'],
};

/** A thread's rights on `key`: none, read or readwrite. */
function rightsOn(t: SdkThread, key: number): string {
  return bitsRights(pkruKeyBits(t.ut.rdpkru(), key));
}

/** The attack on the runtime thread: free the region's key, allocate it again, rewrite `f`. */
function reuseKey(l: Lab, f: Allocation, attacker: SdkThread, key: number, print: Print, check: Checks): void {
  print(`attacker: thread ${attacker.tid}, role ${attacker.roleName}; rights on key ${key}: ${rightsOn(attacker, key)}`);
  const freed = attacker.ut.pkeyFree(key);
  const again = attacker.ut.pkeyAlloc(0, 0);
  print(`attacker: pkey_free(${key}) = ${freed}, pkey_alloc(0, 0) = ${again}; its rights on key ${key}: ${rightsOn(attacker, key)}; ` +
    `executor's: ${rightsOn(l.executor, key)}`);
  check.that(freed === -Errno.EPERM && l.sbx.keyAllocated(key), `the runtime thread's pkey_free(${key}) is refused with EPERM too`);
  check.that(again !== key && rightsOn(attacker, key) === 'none', `pkey_alloc hands out another key; the attacker's rights on key ${key} stay none`);
  const mprotected = attacker.ut.mprotect(l.region.start, 4096, PROT_READ | PROT_WRITE);
  print(`attacker: mprotect(code pages, RW) = ${mprotected}`);
  check.that(mprotected === -Errno.EPERM, 'mprotect of the code pages is refused (SDK memory)');
  const wrote = thrown(() => attacker.ut.write(f.start + 1, Uint8Array.of(0x37, 0x13, 0, 0))); // mov eax, 7 -> mov eax, 0x1337
  print(`attacker writes ${f.id}: ${message(wrote)} (${l.sbx.lastFault(attacker.tid)?.pitfall ?? 'no fault'})`);
  check.that(l.sbx.lastFault(attacker.tid)?.pitfall === 'write to code without a window', 'the write faults: the attacker holds no rights on the code key');
}

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  const { sbx, executor } = l;
  const f = publish(l, 'function', (x) => x.mov(eax, 7).ret());
  print(`${f.id} returns ${sbx.enter(executor, f).rax} on executor ${executor.tid}`);
  const key = sbx.keyOf(l.region) as number;
  let from = mark(l);
  check.that(executor.ut.pkeyFree(key) === -Errno.EPERM, `an executor's pkey_free(${key}) is refused with EPERM`);
  printRecords(l, from, print);

  const attacker = sbx.spawn(sbx.owner, 'runtime');
  from = mark(l);
  reuseKey(l, f, attacker, key, print, check);
  printRecords(l, from, print);
  const rax = sbx.enter(executor, f).rax;
  print(`executor: ${f.id} still returns ${rax}; sbx.checkIntegrity(${f.id}) = ${sbx.checkIntegrity(f)}`);
  check.that(rax === 7n, 'the executor still runs the sealed bytes');
  const records = l.sink.records.slice(from);
  check.that(records.filter((r) => r.kind === 'syscall.refused' && r.tid === attacker.tid).length === 2,
    'two syscall.refused records for the attacker (pkey_free, mprotect)');
  const v = closeAndVerify(l);
  print(v.line);
  check.that(v.violations.length === 0, 'audit verify: intact, no invariant broken', v.line);
  return check.verdict('key reuse after pkey_free');
}

if (isEntry('key-reuse-after-free')) process.exitCode = main();
