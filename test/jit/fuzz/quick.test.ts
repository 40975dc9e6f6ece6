/**
 * The quick fuzz set: 150 generated programs, each run by node and by pkjit, with zero
 * mismatches allowed; and proof that the fuzzer can fail: a pkjit that prints a wrong byte or
 * stops where node does not throw is caught and saved. A program costs ~0.2 s (a node process
 * and a pkjit run), so npm test runs a deterministic slice of 30 (every fifth program, from the
 * third: fetch-monitor.test.ts runs the slice from the first); FUZZ_QUICK_FULL=1 runs all 150
 * (about 30 s). The long campaign is `npm run fuzz`.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCampaign, type CampaignOptions } from '../../../fuzz/campaign.js';
import type { JitOutcome } from '../../../fuzz/compare.js';
import { failureReport } from '../../../fuzz/failures.js';
import { generate } from '../../../fuzz/generate.js';
import { NodeOracle } from '../../../fuzz/oracle.js';
import { InProcessRunner, type JitRunner } from '../../../fuzz/pkjit.js';

const RUNS = 150;
const MAX_STEPS = 1_000_000;
const FULL = process.env['FUZZ_QUICK_FULL'] === '1';
/** Every STRIDE-th program of the quick set, from the OFFSET-th. */
const STRIDE = FULL ? 1 : 5;
const OFFSET = FULL ? 0 : 2;

function options(count: number, runner: JitRunner, seeds: readonly number[], extra: Partial<CampaignOptions> = {}): CampaignOptions {
  return {
    count, seed: 0, runner, inFlight: 3,
    workDir: mkdtempSync(join(tmpdir(), 'pkjit-quick-')),
    oracle: new NodeOracle({ parallel: 2, timeoutMs: 10_000 }),
    program: (i) => generate(seeds[i] ?? 0),
    ...extra,
  };
}

/** pkjit, with its outcome changed by `tamper` (a deliberately wrong JIT). */
function tampered(tamper: (o: JitOutcome) => JitOutcome): JitRunner {
  const real = new InProcessRunner(MAX_STEPS);
  return { run: async (source, file) => tamper(await real.run(source, file)), close: () => real.close() };
}

describe(`quick fuzz: pkjit against node${FULL ? '' : ` (every ${STRIDE}th program from p${OFFSET})`}`, () => {
  const seeds = fc.sample(fc.integer(), { seed: 0xf022, numRuns: RUNS }).filter((_, i) => i % STRIDE === OFFSET);
  const count = seeds.length;

  it(`${count} generated programs, no mismatch, under 5% refused`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'pkjit-quick-failures-'));
    const bad: string[] = [];
    const s = await runCampaign(options(count, new InProcessRunner(MAX_STEPS), seeds, {
      outDir: out,
      onResult: (r) => { if (r.verdict.kind === 'mismatch') bad.push(`${r.file} (seed ${r.program.seed}): ${failureReport(r).split('\n')[0]}`); },
    }));
    expect(s.programs).toBe(count);
    expect(bad, `mismatching programs and outputs saved in ${out}`).toEqual([]);
    expect(s.refused, [...s.refusedBy.keys()].join('\n')).toBeLessThan(count * 0.05);
    expect(s.same).toBeGreaterThan(count * 0.7);
  }, 120_000);
});

describe('the fuzzer catches a wrong pkjit', () => {
  const seeds = fc.sample(fc.integer(), { seed: 0xbad, numRuns: 4 });

  it('one extra byte of output is a mismatch, saved with both outputs', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pkjit-quick-out-')), 'failures');
    // Every run gets an extra line: a finished one, and one that threw as node did (exit 1).
    const wrong = tampered((o) => (o.exitCode === 0 || o.exitCode === 1 ? { ...o, stdout: Buffer.concat([o.stdout, Buffer.from('!\n')]) } : o));
    const s = await runCampaign(options(seeds.length, wrong, seeds, { outDir: out }));
    expect(s.same).toBe(0);
    expect(s.mismatches).toBeGreaterThan(0);
    expect([...s.groups.keys()].every((k) => k === 'stdout differs' || k === 'stdout differs before the stop')).toBe(true);
    const first = s.saved[0] ?? '';
    expect(readFileSync(first, 'utf8')).toBe(generate(seeds[Number(/p(\d+)\.js$/.exec(first)?.[1])] ?? 0).source);
    expect(readFileSync(first.replace(/\.js$/, '.txt'), 'utf8')).toMatch(/^verdict: MISMATCH: stdout differs( before the stop)?: line \d+: node .* \/ pkjit "!"\n/);
  });

  it('a stop where node does not throw is a mismatch', async () => {
    // (a program that throws in node too, exit 1 here as well, is made to finish: also wrong)
    const stops = tampered((o) => (o.exitCode === 0 ? { ...o, exitCode: 3, error: 'x.js: uncaught TypeError: made up' } : o.exitCode === 1 ? { ...o, exitCode: 0 } : o));
    const s = await runCampaign(options(seeds.length, stops, seeds));
    expect(s.same).toBe(0);
    expect([...s.groups.keys()].filter((k) => !k.startsWith('node threw, pkjit exited 0'))).toEqual(['stopped where node did not throw: x.js: uncaught TypeError: made up']);
  });
});
