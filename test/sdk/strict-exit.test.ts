/**
 * A strict-mode kill at an SDK entry check (return from JIT code with a PKRU the SDK did not
 * set) is the SDK's own exit: one pkru.unaudited, the SDK's value put back (recorded) before the
 * exit system call, so the PKRU check filter does not judge the exit again and kill by seccomp.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/machine.js';
import { Assembler, qword, rax } from '../../jit/x64/index.js';
import { MemorySink, Sandbox, SdkError, verifyLog, type SdkThread } from '../../sdk/index.js';

describe.each([true, false])('strict %s: JIT code returns with a rogue PKRU', (strict) => {
  it(strict ? 'the thread exits with 137, one pkru.unaudited, the repair recorded with action kill-thread' : 'the PKRU is repaired and the call returns', () => {
    const log = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: [log], strict });
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const ex = sbx.spawn(sbx.owner, 'executor');
    // A stray WRPKRU in JIT code, stood in for by a runtime function (the verifier refuses the real one).
    sbx.runtime.define('rogue', (_a, caller: SdkThread) => { caller.ut.wrpkru(0); return 0n; });
    const gate = sbx.runtime.install(compiler);
    const region = sbx.createRegion('code', 4096);
    const h = sbx.load(region, new Assembler().movabs(rax, gate.table).call(qword(rax)).mov(rax, 5).ret().finish(), { reason: 'rogue' });
    const from = sbx.records().length;
    let err: unknown = null;
    let result: bigint | null = null;
    try { result = h.call(ex); } catch (e) { err = e; }
    const after = sbx.records().slice(from);
    expect(after.filter((r) => r.kind === 'pkru.unaudited').length).toBe(1);
    const repair = after.filter((r) => r.kind === 'pkru' && r.detail?.['cause'] === 'repair');
    expect(repair.length).toBe(1);
    expect(ex.shadow).toBe(sbx.baseline('executor'));
    if (strict) {
      expect(err).toBeInstanceOf(SdkError);
      expect((err as Error).message).toContain(`thread ${ex.tid} exited with 137`);
      expect((err as Error).message).not.toContain('seccomp');
      expect(repair[0]?.detail).toMatchObject({ action: 'kill-thread' });
      expect(ex.ut.alive).toBe(false);
    } else {
      expect(err).toBeNull();
      expect(result).toBe(5n);
    }
    sbx.close();
    // The rogue PKRU is a real violation (invariant 3) in both modes; the log's chain is intact.
    expect(verifyLog(log.text()).status).toBe('intact');
  });
});
