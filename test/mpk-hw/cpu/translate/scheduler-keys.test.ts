/**
 * Threads with different PKRU on one or two CPUs, under the scheduler: two workers run a hot
 * loop on a shared page, each with a PKRU that denies one of two keys, while a third thread
 * keeps moving the page between the keys (pkey_mprotect) and between read-only and read-write
 * (each change flushes every CPU that has the mm); a SIGSEGV handler rewrites the PKRU saved in
 * the signal frame.  The interpreter's and the translator's traces (every stop), final memory
 * and exit status must be identical, over 40 scheduling seeds on each CPU count.
 */
import { describe, expect, it } from 'vitest';
import { Machine, PROT_READ, PROT_WRITE, PROT_EXEC, SYS } from '../../../../mpk-hw/index.js';
import type { UserThread } from '../../../../mpk-hw/user-thread.js';
import { Assembler, qword, eax, edi, esi, edx, ecx, r10d, rax, rbx, rdi, r10, r12, r13 } from '../../../../jit/x64/index.js';
import { firstDifference, memoryDigest, traced } from './lockstep.js';

function loadCode(t: UserThread, code: Uint8Array): number {
  const p = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
  t.write(p, code);
  t.mprotect(p, 4096, PROT_READ | PROT_EXEC);
  return p;
}

/** rbx = page: loop 400: rax = [rbx]; rax += 1; [rbx] = rax; [rbx+8] += 1; then exit. */
function worker(): Uint8Array {
  const a = new Assembler();
  const top = a.newLabel();
  a.mov(ecx, 400);
  a.bind(top).mov(rax, qword(rbx)).add(rax, 1).mov(qword(rbx), rax).add(qword({ base: rbx, disp: 8 }), 1);
  a.dec(ecx).jcc('ne', top);
  a.mov(eax, SYS.exit).xor(edi, edi).syscall();
  return a.finish();
}

/** Flips the key of page rbx between r12 and r13 (pkey_mprotect), and its rights, 30 times. */
function flipper(): Uint8Array {
  const a = new Assembler();
  const top = a.newLabel();
  a.mov(eax, 30).mov(qword({ base: rbx, disp: 64 }), rax);
  a.bind(top);
  for (const [key, prot] of [[r12, PROT_READ | PROT_WRITE], [r13, PROT_READ | PROT_WRITE], [r12, PROT_READ], [r12, PROT_READ | PROT_WRITE]] as const) {
    a.mov(rdi, rbx).mov(esi, 4096).mov(edx, prot).mov(r10d, 0).emit('mov', r10, key);
    a.mov(eax, SYS.pkey_mprotect).syscall();
  }
  a.emit('sub', qword({ base: rbx, disp: 64 }), 1);
  a.jcc('ne', top);
  a.mov(eax, SYS.exit).xor(edi, edi).syscall();
  return a.finish();
}

function scenario(seed: number, translate: boolean, cpus: number): { stops: string; mem: string; exit: string; retired: number } {
  const m = new Machine({ cpus, translate: translate ? { hot: 1 } : false });
  const main = m.spawn();
  main.wrpkru(0);
  const page = main.mmap(0, 4096 * 2, PROT_READ | PROT_WRITE);
  const k1 = main.syscall(SYS.pkey_alloc, 0, 0);
  const k2 = main.syscall(SYS.pkey_alloc, 0, 0);
  expect(main.syscall(SYS.pkey_mprotect, page, 4096, PROT_READ | PROT_WRITE, k1)).toBe(0);
  const w = loadCode(main, worker());
  const f = loadCode(main, flipper());
  let faults = 0;
  main.sigaction(11, (ctx) => {
    faults++;
    const t = ctx.thread;
    if (faults > 500) { t.exit(1); }
    // the interrupted thread resumes (sigreturn) with a PKRU chosen here: sometimes all open,
    // sometimes its old value (it faults again until the flipper moves the key)
    const old = t.read32(ctx.pkruSlotAddr);
    t.write32(ctx.pkruSlotAddr, faults % 3 === 0 ? 0 : faults % 3 === 1 ? old : (old | (2 << (2 * k1))) >>> 0);
  });
  const s = m.scheduler({ seed, quantum: 37 });
  const tw = main.clone();
  tw.task.regs.setNum(3, page);
  tw.wrpkru(1 << (2 * k2)); // the worker may not touch k2
  s.addGuest(tw.task, w);
  const tw2 = main.clone();
  tw2.task.regs.setNum(3, page);
  tw2.wrpkru(1 << (2 * k1)); // this one may not touch k1
  s.addGuest(tw2.task, w);
  const tf = main.clone();
  tf.task.regs.setNum(3, page);
  tf.task.regs.setNum(12, k1);
  tf.task.regs.setNum(13, k2);
  s.addGuest(tf.task, f);
  const { result, stops } = traced(() => s.run(2_000_000));
  const exit = `${result.reason} ${result.instructions} ${JSON.stringify(main.task.process.exit)} faults=${faults}`;
  return { stops: JSON.stringify(stops), mem: memoryDigest(m), exit, retired: m.translator?.stats.retired ?? 0 };
}

describe('translated code under context switches between PKRUs and key flips', () => {
  for (const cpus of [1, 2]) {
    it(`${cpus} cpu(s)`, () => {
      let translated = 0;
      for (let seed = 1; seed <= 40; seed++) {
        const a = scenario(seed, false, cpus);
        const b = scenario(seed, true, cpus);
        translated += b.retired;
        const da = JSON.parse(a.stops), db = JSON.parse(b.stops);
        expect(firstDifference(da, db), `seed ${seed}`).toBeNull();
        expect(b.exit, `seed ${seed}`).toBe(a.exit);
        expect(b.mem, `seed ${seed}`).toBe(a.mem);
      }
      // The translated runs really ran translated code (most of the workers' loops).
      expect(translated).toBeGreaterThan(40 * 1000);
    });
  }
});
