/** `npm run bench`: benchmarks land here with the CPU (issue 3); today it reports the cost model. */
import { DEFAULT_COSTS } from '../mpk-hw/costs.js';

console.log('pkjit bench: no measured benchmarks yet; the cost model in simulated cycles is:');
for (const [k, v] of Object.entries(DEFAULT_COSTS)) console.log(`  ${k.padEnd(22)} ${v}`);
