/**
 * Translated code never runs stale bytes (SDM Vol.3A 11.6, self-modifying code): a loop that
 * rewrites an instruction of its own block, through an inline-translated store and through a
 * handler's store; and code rewritten by the host between slices.  Each runs translated and
 * interpreted in lockstep (random quanta) and must agree at every stop and at the end.
 */
import { describe, expect, it } from 'vitest';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../../mpk-hw/kernel/constants.js';
import { Translator } from '../../../../mpk-hw/cpu/translate/translator.js';
import { CODE, DATA, hexBytes, load, newSim, type Sim } from '../sim.js';
import { Rng } from '../native/rng.js';
import { regsDigest } from './lockstep.js';

const N = 300; // loop iterations

/**
 * Every 16th pass stores into its own block's code, the others into data:
 *   mov r8, r9; test al, 15; cmovz r8, r10; STORE [r8]; add ebx, imm32; inc eax; cmp eax, N; jb top; int3
 * with r9 = a data address and r10 = the address of add's imm32 (CODE + 14).
 */
const selfPatching = (store: string): string => `4d 89 c8  a8 0f  4d 0f 44 c2  ${store}  81 c3 11 11 11 11  ff c0  3d ${le32(N)}  72 e5  cc`;
/** mov [r8], eax: translated inline (a store to a code frame leaves the block first). */
const INLINE_STORE = selfPatching('41 89 00');
/** mov [r8], al: a handler's store inside the block (the block stops after it). */
const HANDLER_STORE = selfPatching('41 88 00');
/** add ebx, imm32; inc eax; cmp eax, N; jb top; int3 (the host rewrites the imm32 between slices) */
const HOST_PATCHED = `81 c3 01 00 00 00  ff c0  3d ${le32(N)}  72 f1  cc`;

function le32(v: number): string {
  return [0, 8, 16, 24].map((s) => ((v >>> s) & 0xff).toString(16).padStart(2, '0')).join(' ');
}

function sims(code: string): { ref: Sim; fast: Sim; tr: Translator } {
  const bytes = hexBytes(code);
  const ref = newSim();
  const fast = newSim();
  for (const s of [ref, fast]) {
    load(s, bytes, PROT_READ | PROT_WRITE | PROT_EXEC);
    s.regs.set64(0, 0n);
    s.regs.set64(3, 0n);
    s.regs.set64(9, BigInt(DATA));
    s.regs.set64(10, BigInt(CODE + 14));
  }
  const tr = new Translator(fast.cache, { hot: 2 });
  fast.cpu.translator = tr;
  return { ref, fast, tr };
}

function lockstep(code: string, between?: (s: Sim, stop: number) => void): { ebx: bigint; tr: Translator } {
  const { ref, fast, tr } = sims(code);
  const rng = new Rng(7);
  for (let stop = 0; stop < 100_000; stop++) {
    const q = 1 + rng.int(60);
    const a = ref.cpu.run(ref.regs, q);
    const b = fast.cpu.run(fast.regs, q);
    const sa = `${a.kind} ${regsDigest(ref.regs)} n=${ref.cpu.stats.instructions} dc=${ref.cache.stats.hits}/${ref.cache.stats.misses}`;
    const sb = `${b.kind} ${regsDigest(fast.regs)} n=${fast.cpu.stats.instructions} dc=${fast.cache.stats.hits}/${fast.cache.stats.misses}`;
    expect(sb, `stop ${stop}`).toBe(sa);
    expect(fast.t.read(CODE, 32)).toEqual(ref.t.read(CODE, 32));
    if (a.kind === 'exception') return { ebx: ref.regs.get64(3), tr };
    if (between !== undefined) {
      between(ref, stop);
      between(fast, stop);
    }
  }
  throw new Error('the loop did not end');
}

describe('translated code follows code that changes', () => {
  it('a loop rewriting its own block with an inline-translated store', () => {
    const { ebx, tr } = lockstep(INLINE_STORE);
    // Passes 0-15 add 0x11111111, then each 16 passes add the counter the last code store wrote.
    let expected = 0;
    for (let i = 0, imm = 0x11111111; i < N; i++) {
      if ((i & 15) === 0 && i > 0) imm = i;
      if (i === 0) imm = 0;
      expected = (expected + imm) >>> 0;
    }
    expect(ebx).toBe(BigInt(expected));
    expect(tr.stats.retired).toBeGreaterThan(N * 9 / 2);
    expect(tr.stats.invalidated).toBeGreaterThan(0);
  });

  it('a loop rewriting its own block through a handler store (MOV r/m8)', () => {
    const { tr } = lockstep(HANDLER_STORE);
    expect(tr.stats.retired).toBeGreaterThan(N * 9 / 2);
    expect(tr.stats.invalidated).toBeGreaterThan(0);
  });

  it('code the host rewrites between slices', () => {
    const { ebx, tr } = lockstep(HOST_PATCHED, (s, stop) => {
      if (stop % 3 === 0) s.t.write(CODE + 2, Uint8Array.of(1 + (stop % 7)));
    });
    expect(ebx).toBeGreaterThan(0n);
    expect(tr.stats.executions).toBeGreaterThan(0);
    expect(tr.stats.invalidated).toBeGreaterThan(0);
  });
});
