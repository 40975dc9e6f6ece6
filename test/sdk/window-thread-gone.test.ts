/**
 * A window whose thread exits before it is closed: close() restores no PKRU (there is none)
 * but undoes everything else - the region's window count (so its key is not pinned for good),
 * under the mprotect policy the staging pages' RW - records the close, and throws nothing.
 * Before, TaskGone escaped close() and the region stayed pinned (invariant 1 in the log).
 */
import { describe, expect, it } from 'vitest';
import { Machine, PROT_WRITE } from '../../mpk-hw/index.js';
import { MemorySink, Sandbox, verifyLog } from '../../sdk/index.js';

describe.each(['pkey', 'mprotect'] as const)('%s policy: a window outlives its thread', (policy) => {
  it('close() succeeds, unpins the region, puts the pages back, and the log verifies', () => {
    const mem = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: [mem], policy, codeKeys: 1 });
    const c = sbx.spawn(sbx.owner, 'compiler');
    const region = sbx.createRegion('r', 4096);
    const a = sbx.reserve(region, 16, 'f');
    const w = sbx.openWindow(c, a, { reason: 'emit' });
    expect(() => c.ut.exit(0)).toThrow();
    expect(c.ut.alive).toBe(false);
    expect(w.close().id).toBe(w.id);
    expect(region.openWindows).toBe(0);
    expect(sbx.records().at(-1)).toMatchObject({ kind: 'window.close', detail: { threadGone: true } });
    const vma = sbx.owner.ut.task.process.mm.vmas.find(a.stagingStart);
    if (policy === 'mprotect') expect((vma?.prot ?? PROT_WRITE) & PROT_WRITE).toBe(0);
    // With one code key, another region's window needs the key the dead thread's window held.
    const c2 = sbx.spawn(sbx.owner, 'compiler');
    const b = sbx.reserve(sbx.createRegion('r2', 4096), 16, 'g');
    sbx.withWindow(c2, b, { reason: 'emit' }, (x) => x.write(0, Uint8Array.of(0xc3)));
    sbx.close();
    expect(verifyLog(mem.text())).toMatchObject({ status: 'intact', violations: [] });
  });
});
