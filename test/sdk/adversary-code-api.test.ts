/**
 * What the hostile-API adversary (adversary.test.ts part 2, adversary-api.ts) found in the code
 * API (sbx.load, CodeHandle, StartedCode) that its tables do not reach: each an exact
 * reproducer of a defect found on 2026-12-02 and fixed the same day (each comment names the SDK
 * file that was at fault); they fail if it comes back.  (The escapes the tables reach are
 * ESCAPES in adversary.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { SdkError, type Allocation, type CodeHandle, type CodeRegion, type Verifier } from '../../sdk/index.js';
import { ApiWorld } from './adversary-api-world.js';
import { thrown } from './thrown.js';


/** Code that returns 7: mov eax, 7; ret. */
const FN7 = Uint8Array.of(0xb8, 7, 0, 0, 0, 0xc3);

describe('what the adversary found in the code API (fails today)', () => {
  // FIXED SDK BUG (sdk/code-handle.ts CodeServices.body passes the option to seal; sdk/seal.ts seal:
  // `opts.allowSyscall ?? sbx.options.allowSyscall`): one call's { allowSyscall: true }
  // overrides the sandbox's allowSyscall: false, and no record says so (log.open says false; the
  // seal record has no allowSyscall), so the code pages hold a SYSCALL the log's policy forbids
  // (invariant `scan`: "(scan) SYSCALL at 0x... in region r0").  handle.replace does the same, and
  // so does sbx.seal(a, [], { allowSyscall: true }) of the old API.  Found by the random property
  // (ADVERSARY_CATALOG=1).  If per-call syscalls are meant, the seal record must carry the
  // option and the scan must read it there.
  it('sbx.load(region, [0f 05 c3], { reason, allowSyscall: true }) leaves no SYSCALL the log does not allow', () => {
    const w = new ApiWorld();
    const r0 = w.pools.region[0]?.get() as CodeRegion;
    thrown(() => w.sbx.load(r0, Uint8Array.of(0x0f, 0x05, 0xc3), { reason: 'load', allowSyscall: true }));
    expect(w.problems()).toEqual([]);
  });

  // FIXED SDK BUG (sdk/code-handle.ts checkLoadOptions wants `verifiers` to be functions;
  // sdk/sandbox.ts #loadOptions then runs sdk/sandbox-checks.ts checkSealArgs, which wants
  // objects { name, check }): no non-empty verifiers list passes, a Verifier is refused with
  // BAD_OPTION ("an array of verifier functions"), a function with BAD_ARGUMENT.
  it("sbx.load takes a Verifier ({ name, check }) in its verifiers option, as seal does", () => {
    const w = new ApiWorld();
    const r1 = w.pools.region[1]?.get() as CodeRegion;
    const e = thrown(() => w.sbx.load(r1, FN7, { reason: 'load', verifiers: [{ name: 'none', check: () => [] }] }));
    expect(e).toBeNull();
  });

  // FIXED SDK BUG (sdk/seal.ts VerifyError: hexAddr(f.address) of each finding): a verifier whose
  // check returns a non-array (5) makes seal throw "TypeError: Cannot read properties of
  // undefined (reading 'toString')" (at hexAddr, sdk/audit/schema.ts) instead of an SdkError.
  // Old API (sbx.seal), found by the catalog's random calls of seal (ADVERSARY_CATALOG=1);
  // load's verifiers option will reach it once it takes verifiers.
  it('sbx.seal(a, [a verifier returning 5]) throws an SdkError', () => {
    const w = new ApiWorld();
    const staged = w.pools.alloc[1]?.get() as Allocation;
    expect(thrown(() => w.sbx.seal(staged, [{ name: 'five', check: () => 5 } as unknown as Verifier]))).toBeInstanceOf(SdkError);
  });

  // FIXED SDK BUG (sdk/code-handle.ts CodeServices.replace): a code source that disposes the handle
  // (slot -> trap, body left to retire) runs before replace switches the slot; replace then
  // points the disposed handle's slot at the new body, which stays published and is never
  // retired (handle.call says HANDLE_DISPOSED; JIT code calling [slot] runs it).  No invariant
  // breaks (the body is verified code), but dispose's "the slot points at an int3 trap" does not hold.
  it("a dispose inside replace's code source: the slot ends on the trap and every body retires", () => {
    const w = new ApiWorld();
    w.withHandles();
    const h = w.pools.handle[0]?.get() as CodeHandle;
    thrown(() => h.replace(() => (h.dispose(), FN7), { reason: 'replace' }));
    w.sbx.collect(h.region);
    const entry = Number(w.sbx.machine.peek(w.sbx.owner.ut.pid, h.slot, 8)?.reduceRight((x, b) => x * 256 + b, 0));
    const live = h.region.allocations.filter((a) => a.state === 'published' && entry >= a.start && entry < a.start + a.size);
    expect([h.disposed, live.map((a) => a.id), h.body.state]).toEqual([true, [], 'retired']);
  });

  // FIXED SDK BUG (sdk/enter.ts enterCode): a thread started under a scheduler and not run yet is not
  // "running" to enter (no ENTER_RUNNING), so handle.call / sbx.enter run it host-driven (they
  // return 7) and leave its registers and stack changed: when the scheduler runs it, it fetches
  // from 0x1000 (SEGV_MAPERR, "unmapped address") and dies; StartedCode.state is 'ended' and its
  // result is lost.  The same with sbx.start and sbx.enter.
  it('handle.call on a thread started under a scheduler: refused, or the started code still returns 7', () => {
    const w = new ApiWorld();
    w.withHandles();
    const h = w.pools.handle[0]?.get() as CodeHandle;
    const t = w.sbx.spawn(w.sbx.owner, 'executor');
    const started = h.start(w.own.sched, t);
    const e = thrown(() => h.call(t));
    w.own.sched.run(100_000);
    expect([e === null || e instanceof SdkError, started.state, started.result]).toEqual([true, 'returned', 7n]);
  });
});
