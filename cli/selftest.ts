/** `pkjit selftest`: the ported Linux pkeys selftests on the simulated machine. */
import { parseArgs } from 'node:util';
import { runSelftest, type SelftestResult } from '../mpk-hw/selftest/index.js';
import type { MachineOptions } from '../mpk-hw/machine.js';
import { paint, UsageError, type Io } from './io.js';

export const SELFTEST_HELP = `usage: pkjit selftest [--filter TEXT] [--pre-6.12] [--amd] [--init-pkru HEX] [--json]

Runs the behaviours of the Linux kernel's pkeys selftests (protection_keys.c and
pkey_sighandler_tests.c) on the simulated machine: one line per case, PASS or FAIL,
then a summary.  Exits 0 only when every case passes.

  --filter TEXT      run only cases whose name contains TEXT
  --pre-6.12         model signal delivery before Linux 6.12 (the sighandler cases fail there)
  --amd              AMD init tracking of PKRU (XINUSE cleared by WRPKRU(0))
  --init-pkru HEX    init_pkru_value (default 0x55555554)
  --json             print the results as JSON`;

/** Parses a PKRU value such as 0x55555554. */
function parsePkru(text: string): number {
  if (!/^(0x)?[0-9a-f]{1,8}$/i.test(text)) throw new UsageError(`--init-pkru: '${text}' is not a 32-bit hex value`);
  return parseInt(text.replace(/^0x/i, ''), 16) >>> 0;
}

/** Runs the command; returns the exit code. */
export function selftestCommand(args: string[], io: Io): number {
  const { values } = parseArgs({
    args,
    options: {
      filter: { type: 'string' }, 'pre-6.12': { type: 'boolean' }, amd: { type: 'boolean' },
      'init-pkru': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) {
    io.out(SELFTEST_HELP);
    return 0;
  }
  const machine: MachineOptions = {
    ...(values['pre-6.12'] === true ? { signalDelivery: 'pre-6.12' as const } : {}),
    ...(values.amd === true ? { vendor: 'amd' as const } : {}),
    ...(values['init-pkru'] !== undefined ? { initPkru: parsePkru(values['init-pkru']) } : {}),
  };
  const json = values.json === true;
  const line = (r: SelftestResult): void => {
    if (json) return;
    const variants = r.variants.length > 0 ? paint(io, 'dim', ` [${r.variants.join(', ')}]`) : '';
    io.out(r.passed ? `${paint(io, 'green', 'PASS')} ${r.name}${variants}` : `${paint(io, 'red', 'FAIL')} ${r.name}: ${r.why}`);
  };
  const results = runSelftest({ machine, ...(values.filter !== undefined ? { filter: values.filter } : {}), onResult: line });
  if (results.length === 0) throw new UsageError(`--filter '${values.filter ?? ''}' matches no case`);
  const failed = results.filter((r) => !r.passed).length;
  if (json) io.out(JSON.stringify({ passed: results.length - failed, failed, results }, null, 2));
  else io.out(paint(io, 'bold', `${results.length - failed} passed, ${failed} failed, ${results.length} cases`));
  return failed === 0 ? 0 : 1;
}
