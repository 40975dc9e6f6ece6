/**
 * The attack samples, in the order of samples/attacks/README.md.  samples/index.ts appends
 * them to SAMPLES (`...ATTACK_SAMPLES`), so `npm run samples` runs them with the others.
 */
import type { Sample } from '../index.js';
import * as executorWritesCode from './executor-writes-code.js';
import * as executorReadsCode from './executor-reads-code.js';
import * as wrpkruInImmediate from './wrpkru-in-immediate.js';
import * as xrstorGadget from './xrstor-gadget.js';
import * as rawPkeyMprotect from './raw-pkey-mprotect.js';
import * as forgedSigreturn from './forged-sigreturn.js';
import * as keyReuseAfterFree from './key-reuse-after-free.js';
import * as spawnInsideWindow from './spawn-inside-window.js';
import * as windowLeftOpenByException from './window-left-open-by-exception.js';
import * as largePatchWithoutQuiescing from './large-patch-without-quiescing.js';
import * as tamperedAuditLog from './tampered-audit-log.js';
import * as jumpIntoUnsealedCode from './jump-into-unsealed-code.js';
import * as gadgetAcrossRegions from './gadget-across-regions.js';
import * as windowRangeOutsideAllocation from './window-range-outside-allocation.js';
import * as roguePkruThroughSignalFrame from './rogue-pkru-through-signal-frame.js';

/** A sample module: what it documents and its main. */
interface AttackModule {
  readonly expected: Sample['expected'];
  readonly main: Sample['main'];
}

const MODULES: ReadonlyArray<readonly [string, AttackModule]> = [
  ['executor-writes-code', executorWritesCode],
  ['executor-reads-code', executorReadsCode],
  ['wrpkru-in-immediate', wrpkruInImmediate],
  ['xrstor-gadget', xrstorGadget],
  ['raw-pkey-mprotect', rawPkeyMprotect],
  ['forged-sigreturn', forgedSigreturn],
  ['key-reuse-after-free', keyReuseAfterFree],
  ['spawn-inside-window', spawnInsideWindow],
  ['window-left-open-by-exception', windowLeftOpenByException],
  ['large-patch-without-quiescing', largePatchWithoutQuiescing],
  ['tampered-audit-log', tamperedAuditLog],
  ['jump-into-unsealed-code', jumpIntoUnsealedCode],
  ['gadget-across-regions', gadgetAcrossRegions],
  ['window-range-outside-allocation', windowRangeOutsideAllocation],
  ['rogue-pkru-through-signal-frame', roguePkruThroughSignalFrame],
];

/** Every attack sample, named `attacks/<file>`. */
export const ATTACK_SAMPLES: readonly Sample[] = MODULES.map(([file, m]) => ({ name: `attacks/${file}`, expected: m.expected, main: m.main }));
