/**
 * A pkru.unaudited record of a signal frame edited in the handler (sdk/signals.ts) holds a PKRU
 * the thread never ran with: the replay behind verify, explain, summary and html keeps the
 * thread's PKRU where it was, while the record itself stays in the log and in the counts.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../../mpk-hw/machine.js';
import { SIGTRAP } from '../../../mpk-hw/kernel/constants.js';
import { rax } from '../../../jit/x64/index.js';
import { Replay } from '../../../sdk/audit/replay.js';
import { MemorySink, Sandbox, renderHtml, summarize } from '../../../sdk/index.js';
import { emitPublished } from '../emit.js';

describe('a signal frame edited in the handler', () => {
  it('does not become the thread\'s PKRU in the replay or the html timeline; it is still counted', () => {
    const mem = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: [mem] });
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const executor = sbx.spawn(sbx.owner, 'executor');
    const a = sbx.reserve(sbx.createRegion('code', 4096), 16, 'trap');
    emitPublished(sbx, compiler, a, (x) => x.int3().mov(rax, 5).ret());
    sbx.sigaction(SIGTRAP, (ctx) => ctx.thread.write32(ctx.pkruSlotAddr, 0));
    expect(sbx.enter(executor, a).rax).toBe(5n);
    sbx.close();
    const edited = mem.records.filter((r) => r.kind === 'pkru.unaudited');
    expect(edited.map((r) => r.detail?.['where'])).toEqual(['signal frame edited']);
    const replay = new Replay();
    for (const r of mem.records) {
      replay.apply(r);
      if (r.tid === executor.tid) expect(replay.thread(executor.tid).pkru, `after seq ${r.seq} ${r.kind}`).not.toBe(0);
    }
    expect(replay.thread(executor.tid).pkru).toBe(sbx.baseline('executor'));
    // The timeline never draws the executor with write rights on a code key.
    const html = renderHtml(mem.records, 't');
    expect(html).toMatch(new RegExp(`thread ${executor.tid} k\\d+: none`));
    expect(html).not.toMatch(new RegExp(`thread ${executor.tid} k\\d+: readwrite`));
    // ... and the record is still counted.
    expect(summarize(mem.records).threads.find((t) => t.tid === executor.tid)?.unauditedChanges).toBe(1);
  });
});
