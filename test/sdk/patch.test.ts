import { describe, expect, it } from 'vitest';
import { Machine, SIGTRAP } from '../../mpk-hw/index.js';
import { Assembler, eax } from '../../jit/x64/index.js';
import { MemorySink } from '../../sdk/audit/log.js';
import { verifyLog } from '../../sdk/audit/check.js';
import { Sandbox } from '../../sdk/sandbox.js';
import { isAtomicPatch } from '../../sdk/patch.js';
import type { Allocation } from '../../sdk/code-region.js';

/** A published function `mov eax, 7; [int3;] ret` at a 16-byte aligned allocation: imm32 at offset 1. */
function setup(withTrap = false) {
  const mem = new MemorySink();
  const sbx = new Sandbox(new Machine(), { audit: [mem] });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  const a: Allocation = sbx.reserve(sbx.createRegion('code', 4096), 32, 'function');
  const asm = new Assembler();
  asm.mov(eax, 7);
  if (withTrap) asm.int3();
  asm.ret();
  const code = asm.finish();
  sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, code));
  sbx.seal(a);
  sbx.publish(a);
  return { sbx, mem, compiler, executor, a };
}

describe('live patching', () => {
  it.each([
    [0x1000, 8, true], [0x1004, 4, true], [0x1001, 4, true], [0x1005, 4, false], [0x1000, 9, false], [0x1007, 1, true],
  ])('isAtomicPatch(%s, %s) is %s', (at, len, atomic) => {
    expect(isAtomicPatch(at, len)).toBe(atomic);
  });

  it('an aligned 4-byte patch of an immediate is atomic, re-sealed and recorded', () => {
    const { sbx, mem, compiler, executor, a } = setup();
    expect(sbx.enter(executor, a).rax).toBe(7n);
    const r = sbx.patch(compiler, a, 1, Uint8Array.of(42, 0, 0, 0), { reason: 'inline cache' });
    expect(r).toMatchObject({ atomic: true, quiesced: false });
    expect(sbx.enter(executor, a).rax).toBe(42n);
    expect(sbx.checkIntegrity(a)).toBe(true);
    sbx.close();
    expect(mem.records.filter((x) => x.kind === 'patch')).toHaveLength(1);
    expect(verifyLog(mem.text()).violations).toEqual([]);
  });

  it('a patch that would create WRPKRU is refused and changes nothing', () => {
    const { sbx, compiler, executor, a } = setup();
    expect(() => sbx.patch(compiler, a, 1, Uint8Array.of(0x0f, 0x01, 0xef, 0), { reason: 'evil' })).toThrow(/WRPKRU at offset 1/);
    expect(sbx.enter(executor, a).rax).toBe(7n);
  });

  it('a large patch while an executor runs in the region is refused (not quiesced); an executor cannot patch', () => {
    const { sbx, compiler, executor, a } = setup(true);
    let refused = '';
    executor.ut.sigaction(SIGTRAP, () => {
      try { sbx.patch(compiler, a, 0, new Uint8Array(12).fill(0x90), { reason: 'big' }); } catch (e) { refused = (e as Error).message; }
    });
    expect(sbx.enter(executor, a).rax).toBe(7n);
    expect(refused).toMatch(new RegExp(`threads ${executor.tid} are running in region code`));
    expect(() => sbx.patch(executor, a, 1, Uint8Array.of(1), { reason: 'x' })).toThrow(/may not write code/);
    const r = sbx.patch(compiler, a, 1, Uint8Array.of(9, 0, 0, 0, 0xcc, 0xc3, 0x90, 0x90, 0x90), { reason: 'quiet now' });
    expect(r).toMatchObject({ atomic: false, quiesced: true });
  });
});
