/**
 * The owned-resources filter (sdk/owned.ts): on every sandboxed thread, whatever its role, calls
 * that would change the SDK's keys or mappings are refused with EPERM and recorded; the same
 * calls on the embedder's own memory go through; strict mode kills the thread instead.
 */
import { describe, expect, it } from 'vitest';
import { Errno, MADV_DONTNEED, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, Machine, PAGE_SIZE, PROT_READ, PROT_WRITE, type UserThread } from '../../mpk-hw/index.js';
import { MemorySink, Sandbox, verifyLog } from '../../sdk/index.js';

function setup(strict = false) {
  const mem = new MemorySink();
  const sbx = new Sandbox(new Machine(), { audit: [mem], strict, guestData: true, allowSyscall: true,
    executorSyscalls: [0, 1, 9, 10, 11, 28, 60, 231, 329, 331] });
  const region = sbx.createRegion('code', 4096);
  const table = sbx.createRuntimeData('table', 4096);
  const heap = sbx.createGuestData('heap', 4096);
  return { mem, sbx, region, table, heap };
}

type Call = (t: UserThread, addr: number, key: number) => number;
const CALLS: ReadonlyArray<readonly [string, Call]> = [
  ['mprotect', (t, addr) => t.mprotect(addr, PAGE_SIZE, PROT_READ | PROT_WRITE)],
  ['pkey_mprotect', (t, addr) => t.pkeyMprotect(addr, PAGE_SIZE, PROT_READ | PROT_WRITE, 0)],
  ['munmap', (t, addr) => t.munmap(addr, PAGE_SIZE)],
  ['madvise', (t, addr) => t.syscall(28, addr, PAGE_SIZE, MADV_DONTNEED)],
  ['mmap', (t, addr) => t.mmap(addr, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)],
  ['pkey_free', (t, _addr, key) => t.pkeyFree(key)],
];
const ROLES = ['runtime', 'compiler', 'executor'] as const;

describe('the SDK owns its keys and memory', () => {
  const cases = ROLES.flatMap((role) => CALLS.map(([name, call]) => [role, name, call] as const));
  it.each(cases)('%s thread: %s on SDK memory or keys is refused with EPERM and recorded', (role, name, call) => {
    const { mem, sbx, region, table, heap } = setup();
    const t = sbx.spawn(sbx.owner, role);
    const codeKey = sbx.coldKey;
    for (const [addr, key] of [[region.start, codeKey], [region.stagingStart, sbx.runtimeDataKey], [table, sbx.runtimeDataKey],
      [heap, sbx.guestDataKey as number], [region.start - PAGE_SIZE, codeKey]] as const) {
      const before = mem.records.length;
      expect(call(t.ut, addr, key)).toBe(-Errno.EPERM);
      expect(mem.records.slice(before).filter((r) => r.kind === 'syscall.refused')).toEqual([
        expect.objectContaining({ tid: t.tid, reason: expect.stringMatching(/^SDK-owned: /), detail: { nr: expect.any(Number), name, action: 'EPERM' } })]);
    }
    sbx.close();
    expect(verifyLog(mem.text()).violations.filter((v) => v.invariant !== 3)).toEqual([]);
  });

  it.each(CALLS)('%s on the embedder\'s own memory goes through', (name, call) => {
    const { sbx } = setup();
    const t = sbx.spawn(sbx.owner, 'runtime');
    const mine = t.ut.mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE);
    const key = t.ut.pkeyAlloc(0, 0);
    expect(call(t.ut, mine, key), name).toBe(name === 'mmap' ? mine : 0);
  });

  it('strict mode kills the thread at the call; the SDK\'s own calls are never refused', () => {
    const { mem, sbx, region } = setup(true);
    const t = sbx.spawn(sbx.owner, 'runtime');
    expect(() => t.ut.mprotect(region.start, PAGE_SIZE, PROT_READ)).toThrow(/killed by seccomp/);
    expect(mem.records.filter((r) => r.kind === 'syscall.refused').map((r) => r.detail?.['action'])).toEqual(['kill-thread']);
    // The SDK still retags, maps and flips its own memory.
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const a = sbx.reserve(region, 4, 'f');
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xc3)));
    expect(sbx.seal(a).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(sbx.createRegion('two', 4096).size).toBe(4096);
  });
});
