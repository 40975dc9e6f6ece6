import { describe, expect, it } from 'vitest';
import { Machine, PROT_READ, PROT_WRITE, PROT_EXEC, SYS, FUTEX_WAIT, FUTEX_WAKE, type UserThread } from '../../../mpk-hw/index.js';
import { Assembler, byte, qword, eax, edi, esi, edx, r10, rax, rbx, rcx, rdi, dl } from '../../../jit/x64/index.js';

function load(t: UserThread, code: Uint8Array): number {
  const p = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
  t.write(p, code);
  t.mprotect(p, 4096, PROT_READ | PROT_EXEC);
  return p;
}

function exit(a: Assembler): void {
  a.mov(eax, SYS.exit).xor(edi, edi).syscall();
}

/** Appends `id` to the log at [rbx+8+n] with a racy read-modify-write of n = [rbx], 20 times. */
function appender(): Uint8Array {
  const a = new Assembler();
  const top = a.newLabel();
  a.mov(rcx, 20);
  a.bind(top).mov(rax, qword(rbx)).mov(byte({ base: rbx, index: rax, disp: 8 }), dl).add(rax, 1).mov(qword(rbx), rax);
  a.dec(rcx).jcc('ne', top);
  exit(a);
  return a.finish();
}

/** Runs two guest appenders with a seed; returns the log and the final count. */
function race(seed: number): string {
  const m = new Machine({ cpus: 2 });
  const main = m.spawn();
  const shared = main.mmap(0, 4096, PROT_READ | PROT_WRITE);
  const code = load(main, appender());
  const s = m.scheduler({ seed, quantum: 7 });
  for (const id of [0x61, 0x62]) {
    const t = main.clone();
    t.task.regs.setNum(3 /* rbx */, shared);
    t.task.regs.setNum(2 /* rdx */, id);
    s.addGuest(t.task, code);
  }
  expect(s.run(100_000).reason).toBe('done');
  const n = Number(main.read64(shared));
  return `${n}:${new TextDecoder().decode(main.read(shared + 8, n))}`;
}

describe('scheduler with guest threads', () => {
  it('interleavings are reproducible per seed, differ across seeds, and show the lost-update race', () => {
    const runs = [5, 5, 6, 7, 8, 9].map(race);
    expect(runs[0]).toBe(runs[1]);
    expect(new Set(runs).size).toBeGreaterThan(2);
    expect(runs.some((r) => Number(r.split(':')[0]) < 40)).toBe(true); // a preemption inside read-modify-write
  });

  it('futex: a guest thread blocks in FUTEX_WAIT until another wakes it', () => {
    const m = new Machine({ cpus: 1 });
    const main = m.spawn();
    const word = main.mmap(0, 4096, PROT_READ | PROT_WRITE);
    const w = new Assembler(); // waiter: futex(word, WAIT, 0); then [word+8] = 1; exit
    w.mov(rdi, rbx).mov(esi, FUTEX_WAIT).xor(edx, edx).xor(r10, r10).mov(eax, SYS.futex).syscall();
    w.mov(qword({ base: rbx, disp: 8 }), 1);
    exit(w);
    const k = new Assembler(); // waker: [word] = 1; futex(word, WAKE, 1); exit
    k.mov(qword(rbx), 1).mov(rdi, rbx).mov(esi, FUTEX_WAKE).mov(edx, 1).mov(eax, SYS.futex).syscall();
    exit(k);
    const s = m.scheduler({ seed: 1 });
    const a = main.clone();
    a.task.regs.setNum(3, word);
    s.addGuest(a.task, load(main, w.finish()));
    const r1 = s.run(10_000);
    expect(r1.reason).toBe('deadlock');
    expect(r1.blocked).toEqual([`thread ${a.tid} waits for futex 0x${word.toString(16)}`]);
    const b = main.clone();
    b.task.regs.setNum(3, word);
    s.addGuest(b.task, load(main, k.finish()));
    expect(s.run(10_000).reason).toBe('done');
    expect(main.read64(word + 8)).toBe(1n);
  });
});

describe('thread budget', () => {
  it('each guest thread stops at its own budget, exactly; a finishing thread is not counted', () => {
    const m = new Machine({ cpus: 2 });
    const main = m.spawn();
    const a = new Assembler();
    const top = a.newLabel();
    a.bind(top).add(rax, 1).jmp(top); // endless
    const endless = load(main, a.finish());
    const b = new Assembler();
    b.mov(rcx, 10);
    const loop = b.newLabel();
    b.bind(loop).dec(rcx).jcc('ne', loop);
    exit(b);
    const short = load(main, b.finish());
    const s = m.scheduler({ seed: 5, quantum: 13, threadBudget: 1000 });
    const t1 = main.clone();
    const t2 = main.clone();
    const t3 = main.clone();
    s.addGuest(t1.task, endless);
    s.addGuest(t2.task, endless);
    s.addGuest(t3.task, short);
    const r = s.run(1_000_000);
    expect(r.reason).toBe('done');
    // Two endless threads stopped at exactly 1000 each; the short one (about 23 instructions) finished.
    expect(r.instructions - 2000).toBeGreaterThan(20);
    expect(r.instructions - 2000).toBeLessThan(30);
    expect([...s.overBudget].map((t) => t.tid).sort()).toEqual([t1.tid, t2.tid].sort());
    expect(t1.task.dead).toBe(false);
    expect(t3.task.dead).toBe(true);
  });
});

describe('the scheduler counts the slice that ends a thread', () => {
  // A loop of 3 instructions run 50 times, then mov/xor/syscall: 1 + 150 + 3 = 154 retired,
  // the SYSCALL of exit among them.  The slice that runs the exit used to count 0.
  it.each([1, 7, 1000])('quantum %i: run() reports every instruction retired, exit included', (quantum) => {
    const m = new Machine();
    const main = m.spawn();
    const a = new Assembler();
    const top = a.newLabel();
    a.mov(rcx, 50);
    a.bind(top).add(rax, 1).dec(rcx).jcc('ne', top);
    exit(a);
    const code = load(main, a.finish());
    for (const random of [false, true]) {
      const s = m.scheduler({ seed: 5, quantum, randomPreemption: random });
      const t = main.clone();
      s.addGuest(t.task, code);
      const r = s.run(1_000_000);
      expect(r.reason).toBe('done');
      expect(r.instructions).toBe(154);
    }
  });
});
