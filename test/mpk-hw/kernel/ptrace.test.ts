/** ptrace requests (mpk-hw/kernel/ptrace.ts): issue 13 row 12. */
import { describe, expect, it } from 'vitest';
import {
  Errno, Machine, PAGE_SIZE, PKEY_DISABLE_ACCESS, PROT_EXEC, PROT_READ, PROT_WRITE, PTRACE_PEEKDATA, PTRACE_PEEKTEXT,
  PTRACE_POKEDATA, PTRACE_POKETEXT, PTRACE_TRACEME, SYS, pkruWithKeyBits, type UserThread,
} from '../../../mpk-hw/index.js';

/** A parent tracing its forked child, and a page of the child's (mapped before the fork). */
function traced(prot: number): { t: UserThread; child: UserThread; p: number } {
  const t = new Machine().spawn();
  const p = t.mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE);
  t.write64(p, 0x1122334455667788n);
  expect(t.mprotect(p, PAGE_SIZE, prot)).toBe(0);
  const child = t.fork();
  expect(child.syscall(SYS.ptrace, PTRACE_TRACEME, 0, 0, 0)).toBe(0);
  return { t, child, p };
}

describe('PTRACE_PEEKTEXT/POKETEXT are PEEKDATA/POKEDATA (issue 13 row 12)', () => {
  // kernel/ptrace.c ptrace_request: `case PTRACE_PEEKTEXT: case PTRACE_PEEKDATA: return
  // generic_ptrace_peekdata(...)`, and POKETEXT/POKEDATA -> generic_ptrace_pokedata; both go
  // through ptrace_access_vm (FOLL_FORCE), so text pages and denied keys are no obstacle.
  it.each([
    ['PEEKTEXT', PTRACE_PEEKTEXT, PTRACE_POKETEXT],
    ['PEEKDATA', PTRACE_PEEKDATA, PTRACE_POKEDATA],
  ])('%s on a read-only text page (PROT_READ|PROT_EXEC) reads the word; the matching POKE writes it (FOLL_FORCE)', (_n, peek, poke) => {
    const { t, child, p } = traced(PROT_READ | PROT_EXEC);
    const out = t.scratch();
    expect(t.syscall(SYS.ptrace, peek, child.pid, p, out)).toBe(0);
    expect(t.read64(out)).toBe(0x1122334455667788n);
    expect(t.syscall(SYS.ptrace, poke, child.pid, p + 8, 0xccn)).toBe(0);
    expect(t.syscall(SYS.ptrace, peek, child.pid, p + 8, out)).toBe(0);
    expect(t.read64(out)).toBe(0xccn);
  });

  it('PEEKTEXT ignores the tracee\'s pkeys like PEEKDATA, and an unmapped address is -EIO', () => {
    const { t, child, p } = traced(PROT_READ | PROT_WRITE);
    expect(child.pkeyAlloc()).toBe(1);
    expect(child.pkeyMprotect(p, PAGE_SIZE, PROT_READ | PROT_WRITE, 1)).toBe(0);
    child.wrpkru(pkruWithKeyBits(0, 1, PKEY_DISABLE_ACCESS));
    const out = t.scratch();
    expect(t.syscall(SYS.ptrace, PTRACE_PEEKTEXT, child.pid, p, out)).toBe(0);
    expect(t.read64(out)).toBe(0x1122334455667788n);
    expect(t.syscall(SYS.ptrace, PTRACE_PEEKTEXT, child.pid, 0x10000, out)).toBe(-Errno.EIO);
  });
});
