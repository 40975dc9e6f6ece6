/**
 * `npm run bench`: benchmarks that report ratios measured side by side in one run.
 * Sections: the CPU (guest instructions per second, PKRU checks on and off) and the cost model.
 */
import { DEFAULT_COSTS } from '../mpk-hw/costs.js';
import { cpuBench } from './cpu.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function main(): void {
  const quick = process.argv.includes('--quick');
  console.log('pkjit bench' + (quick ? ' (quick)' : ''));
  console.log('\nCPU: guest instructions per second (best of 5 alternating runs; PKRU checks on vs off)');
  console.log(`${'program'.padEnd(15)} ${'instructions'.padStart(13)} ${'MIPS on'.padStart(8)} ${'MIPS off'.padStart(9)} ${'check cost'.padStart(10)}  what`);
  for (const r of cpuBench(quick ? 1 : 5, quick ? 0.1 : 1)) {
    console.log(`${r.name.padEnd(15)} ${String(r.instructions).padStart(13)} ${r.mipsOn.toFixed(1).padStart(8)} ${r.mipsOff.toFixed(1).padStart(9)} ${pct(r.overhead).padStart(10)}  ${r.what}`);
  }
  console.log('\nCost model (simulated cycles; see mpk-hw/costs.ts for sources):');
  for (const [k, v] of Object.entries(DEFAULT_COSTS)) console.log(`  ${k.padEnd(22)} ${v}`);
}

main();
