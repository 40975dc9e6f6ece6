/**
 * pkey_alloc / pkey_free (mpk-hw/kernel/pkeys.ts).  Spec L-2, L-3, L-4, L-5 (no PKU), L-6,
 * P-1, P-2, P-3, P-15.
 */
import { describe, expect, it } from 'vitest';
import {
  Errno, Machine, PAGE_SIZE, PKRU_LINUX_INIT, PROT_EXEC, PROT_NONE, SEGV_PKUERR, SIGSEGV, PROT_READ, PROT_WRITE, SYS, pkruWithKeyBits,
  type UserThread,
} from '../../../mpk-hw/index.js';

/** The smaps block of the area containing `addr`, as a map of field -> text. */
function smapsOf(m: Machine, t: UserThread, addr: number): Map<string, string> {
  const text = m.smaps(t.pid) ?? '';
  let cur: Map<string, string> | null = null;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (head !== null) {
      const inside = parseInt(head[1] ?? '', 16) <= addr && addr < parseInt(head[2] ?? '', 16);
      if (cur !== null) return cur;
      cur = inside ? new Map() : null;
      continue;
    }
    const kv = /^(\w+):\s+(.*)$/.exec(line);
    if (cur !== null && kv !== null) cur.set(kv[1] ?? '', (kv[2] ?? '').trim());
  }
  if (cur === null) throw new Error(`no smaps block for 0x${addr.toString(16)}`);
  return cur;
}

/** Allocates every free key with rights 0; returns them in allocation order. */
function allocAll(t: UserThread): number[] {
  const keys: number[] = [];
  for (;;) {
    const k = t.pkeyAlloc(0, 0);
    if (k < 0) {
      expect(k).toBe(-Errno.ENOSPC);
      return keys;
    }
    keys.push(k);
  }
}

describe('pkey_alloc argument checks (L-3 steps 1, 2)', () => {
  it.each([
    ['flags 1', 1, 0],
    ['flags 0x80000000', 0x80000000, 0],
    ['flags 2^32 (upper half of the register)', 2n ** 32n, 0],
    ['rights 4', 0, 4],
    ['rights 7', 0, 7],
    ['rights 0x100', 0, 0x100],
    ['rights -1', 0, -1],
  ])('%s -> -EINVAL and no key consumed', (_name, flags, rights) => {
    const t = new Machine().spawn();
    expect(t.syscall(SYS.pkey_alloc, flags, rights)).toBe(-Errno.EINVAL);
    expect(t.pkeyAlloc(0, 0)).toBe(1);
  });
});

describe('pkey_alloc allocation order (L-3 step 3, P-2, P-3)', () => {
  it('returns 1, then 2, then reuses a freed key before higher ones', () => {
    const t = new Machine().spawn();
    expect(t.pkeyAlloc()).toBe(1);
    expect(t.pkeyAlloc()).toBe(2);
    expect(t.pkeyAlloc()).toBe(3);
    expect(t.pkeyFree(2)).toBe(0);
    expect(t.pkeyAlloc()).toBe(2);
    expect(t.pkeyAlloc()).toBe(4);
  });

  it('gives out exactly 15 keys (1..15), then -ENOSPC', () => {
    const t = new Machine().spawn();
    expect(allocAll(t)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(t.pkeyAlloc()).toBe(-Errno.ENOSPC);
  });

  it('gives out 14 once a PROT_EXEC-only mmap created the execute-only key (key 1)', () => {
    const t = new Machine().spawn();
    expect(t.mmap(0, PAGE_SIZE, PROT_EXEC)).toBeGreaterThan(0);
    expect(allocAll(t)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('a PROT_READ|PROT_EXEC mmap does not create the execute-only key', () => {
    const t = new Machine().spawn();
    expect(t.mmap(0, PAGE_SIZE, PROT_READ | PROT_EXEC)).toBeGreaterThan(0);
    expect(allocAll(t)).toHaveLength(15);
  });
});

describe('pkey_alloc PKRU update (L-3 step 4, P-1)', () => {
  it.each([0, 1, 2, 3])('rights %i set only the new key\'s two bits of the caller', (rights) => {
    const t = new Machine().spawn();
    // Key 1 starts with the complement of the rights, so an unwritten pair is caught.
    const before = pkruWithKeyBits(0xa5a5a5a4, 1, 3 - rights);
    t.wrpkru(before);
    const k = t.pkeyAlloc(0, rights);
    expect(k).toBe(1);
    expect(t.rdpkru()).toBe(pkruWithKeyBits(before, 1, rights));
  });

  it('rights 3 on key 2 with PKRU 0 gives exactly 0x30', () => {
    const t = new Machine().spawn();
    expect(t.pkeyAlloc()).toBe(1);
    t.wrpkru(0);
    expect(t.pkeyAlloc(0, 3)).toBe(2);
    expect(t.rdpkru()).toBe(0x30);
  });

  it('another thread of the process keeps its PKRU', () => {
    const t = new Machine().spawn();
    const other = t.clone();
    expect(other.rdpkru()).toBe(PKRU_LINUX_INIT);
    t.wrpkru(0);
    expect(t.pkeyAlloc(0, 0)).toBe(1);
    expect(t.rdpkru()).toBe(0);
    expect(other.rdpkru()).toBe(PKRU_LINUX_INIT);
  });

  it('a thread cloned before the allocation still has AD for the new key (P-1)', () => {
    const t = new Machine().spawn();
    const other = t.clone();
    expect(t.pkeyAlloc(0, 0)).toBe(1);
    expect(t.rdpkru()).toBe(0x55555550);
    expect(other.rdpkru()).toBe(0x55555554);
    const p = t.mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE);
    expect(t.pkeyMprotect(p, PAGE_SIZE, PROT_READ | PROT_WRITE, 1)).toBe(0);
    t.write32(p, 0x1234);
    const codes: number[] = [];
    other.sigaction(SIGSEGV, (ctx) => {
      codes.push(ctx.readSiginfo().code);
      ctx.thread.write32(ctx.pkruSlotAddr, 0);
    });
    expect(other.read32(p)).toBe(0x1234);
    expect(codes).toEqual([SEGV_PKUERR]);
  });
});

describe('pkey_free (L-4)', () => {
  it.each([
    ['-1', -1], ['-2', -2], ['16', 16], ['115', 115], ['2^31', 2 ** 31], ['unallocated 1', 1], ['unallocated 15', 15],
  ])('pkey_free(%s) -> -EINVAL', (_n, key) => {
    const t = new Machine().spawn();
    expect(t.pkeyFree(key)).toBe(-Errno.EINVAL);
  });

  it('the execute-only key cannot be freed, and stays in use', () => {
    const m = new Machine();
    const t = m.spawn();
    const p = t.mmap(0, PAGE_SIZE, PROT_EXEC);
    expect(smapsOf(m, t, p).get('ProtectionKey')).toBe('1');
    expect(t.pkeyFree(1)).toBe(-Errno.EINVAL);
    expect(t.pkeyAlloc()).toBe(2);
  });

  it('a second free of the same key -> -EINVAL', () => {
    const t = new Machine().spawn();
    expect(t.pkeyAlloc()).toBe(1);
    expect(t.pkeyFree(1)).toBe(0);
    expect(t.pkeyFree(1)).toBe(-Errno.EINVAL);
  });

  it('does not retag pages and does not change PKRU', () => {
    const m = new Machine();
    const t = m.spawn();
    const p = t.mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
    const k = t.pkeyAlloc(0, 2);
    expect(k).toBe(1);
    expect(t.pkeyMprotect(p, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, k)).toBe(0);
    t.wrpkru(0x12345678);
    expect(t.pkeyFree(k)).toBe(0);
    expect(t.rdpkru()).toBe(0x12345678);
    expect(smapsOf(m, t, p).get('ProtectionKey')).toBe('1');
    // The stale key is handed out again (use after free of keys).
    expect(t.pkeyAlloc(0, 0)).toBe(1);
    expect(t.rdpkru()).toBe(0x12345678 & ~0xc);
  });

  it('pkey_free(0) succeeds and pkey_alloc may then return 0 (L-4 derived, P-15)', () => {
    const t = new Machine().spawn();
    t.wrpkru(0x55555555 & ~3);
    expect(t.pkeyFree(0)).toBe(0);
    expect(t.pkeyAlloc(0, 1)).toBe(0);
    expect(t.rdpkru()).toBe(0x55555555);
    t.wrpkru(0);
    expect(t.pkeyAlloc()).toBe(1);
  });

  it('pkey_mprotect refuses a freed key', () => {
    const t = new Machine().spawn();
    const p = t.mmap(0, PAGE_SIZE, PROT_READ);
    expect(t.pkeyAlloc()).toBe(1);
    expect(t.pkeyFree(1)).toBe(0);
    expect(t.pkeyMprotect(p, PAGE_SIZE, PROT_READ, 1)).toBe(-Errno.EINVAL);
  });
});

describe('fork copies the key state (L-2)', () => {
  it('the child frees every key the parent allocated, and shares the execute-only key', () => {
    const t = new Machine().spawn();
    expect(t.mmap(0, PAGE_SIZE, PROT_EXEC)).toBeGreaterThan(0);
    expect(t.pkeyAlloc()).toBe(2);
    expect(t.pkeyAlloc()).toBe(3);
    const c = t.fork();
    expect(c.pkeyFree(2)).toBe(0);
    expect(c.pkeyFree(3)).toBe(0);
    expect(c.pkeyFree(1)).toBe(-Errno.EINVAL);
    expect(c.pkeyAlloc()).toBe(2);
    expect(t.pkeyAlloc()).toBe(4);
  });
});

describe('without PKU (pku: false)', () => {
  it('pkey_alloc -> -ENOSPC; pkey_mprotect key 1 -> -EINVAL; key -1 acts as mprotect', () => {
    const m = new Machine({ pku: false });
    const t = m.spawn();
    expect(t.pkeyAlloc(0, 0)).toBe(-Errno.ENOSPC);
    const p = t.mmap(0, PAGE_SIZE, PROT_NONE);
    expect(t.pkeyMprotect(p, PAGE_SIZE, PROT_READ, 1)).toBe(-Errno.EINVAL);
    expect(t.pkeyMprotect(p, PAGE_SIZE, PROT_READ | PROT_WRITE, -1)).toBe(0);
    t.write32(p, 7);
    expect(t.read32(p)).toBe(7);
    expect(m.smaps(t.pid)).not.toContain('ProtectionKey');
  });
});
