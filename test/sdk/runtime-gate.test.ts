import { describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/index.js';
import { Assembler, rax, rdi, rsi, qword } from '../../jit/x64/index.js';
import { MemorySink } from '../../sdk/audit/log.js';
import { verifyLog } from '../../sdk/audit/check.js';
import { Sandbox } from '../../sdk/sandbox.js';
import { stubBytes, RUNTIME_CALL_BASE } from '../../sdk/runtime-gate.js';

describe('runtime gate', () => {
  it('stub bytes are mov eax, nr; syscall; ret', () => {
    expect([...stubBytes(RUNTIME_CALL_BASE + 2)]).toEqual([0xb8, 0x02, 0x70, 0, 0, 0x0f, 0x05, 0xc3]);
  });

  it('JIT code calls the host runtime through the table; the call sees its arguments and the caller', () => {
    const mem = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: [mem] });
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const executor = sbx.spawn(sbx.owner, 'executor');
    const seen: number[] = [];
    sbx.runtime.define('print', (args, caller) => { seen.push(Number(args[0]), caller.tid); return 0n; });
    sbx.runtime.define('mul', (args) => (args[0] ?? 0n) * (args[1] ?? 0n));
    const gate = sbx.runtime.install(compiler);
    const mulIndex = gate.index.get('mul') ?? -1;
    const a = sbx.reserve(sbx.createRegion('code', 4096), 32, 'f');
    const asm = new Assembler();
    // f(x, y) = mul(x, y) through the table (the table address is an immediate here)
    asm.movabs(rax, gate.table + 8 * mulIndex).call(qword(rax)).ret();
    const code = asm.finish();
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, code));
    sbx.seal(a);
    sbx.publish(a);
    expect(sbx.enter(executor, a, [6, 7]).rax).toBe(42n);
    expect(sbx.runtime.calls).toBe(1);
    // The executor cannot redirect the table: it is runtime data (read-only for executors).
    const b = sbx.reserve(a.region, 32, 'g');
    const asm2 = new Assembler();
    asm2.mov(qword(rdi), rsi).ret();
    const code2 = asm2.finish();
    sbx.withWindow(compiler, b, { reason: 'emit' }, (w) => w.write(0, code2));
    sbx.seal(b);
    sbx.publish(b);
    expect(() => sbx.enter(executor, b, [gate.table, 0x1234])).toThrow(/write to runtime data by an executor/);
    expect(seen).toEqual([]);
    sbx.close();
    expect(verifyLog(mem.text())).toMatchObject({ status: 'intact', violations: [] });
  });
});
