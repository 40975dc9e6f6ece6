/**
 * Architectural exceptions raised by the MMU and (later) the CPU.  They are thrown as
 * values and caught in exactly one place per execution engine, which rewinds the
 * instruction and hands the exception to the kernel.  SDM Vol.3A 6.15.
 */
import { MpkHwError, hex } from './errors.js';
import { formatPfError } from './pf-error-code.js';

/** Kind of memory access. `fetch` is an instruction fetch; the others are data accesses. */
export type Access = 'read' | 'write' | 'fetch';

/** Base of all processor exceptions (a vector number and a message). */
export class CpuException extends MpkHwError {
  /** Interrupt vector: 0 #DE, 3 #BP, 6 #UD, 13 #GP, 14 #PF. */
  readonly vector: number;
  constructor(vector: number, code: string, message: string) {
    super(code, message);
    this.name = 'CpuException';
    this.vector = vector;
  }
}

/** #PF: a page fault, with the error code the processor pushes and the fault address (CR2). */
export class PageFault extends CpuException {
  /** Linear address that faulted (CR2). */
  readonly address: number;
  /** What kind of access faulted. */
  readonly access: Access;
  /** Error code as defined in pf-error-code.ts. */
  readonly errorCode: number;
  /** Key of the page when the page was present, else -1. */
  readonly pkey: number;
  constructor(address: number, access: Access, errorCode: number, pkey: number) {
    super(14, 'PAGE_FAULT', `#PF ${access} at ${hex(address)} error ${formatPfError(errorCode)}${pkey >= 0 ? ` pkey ${pkey}` : ''}`);
    this.name = 'PageFault';
    this.address = address;
    this.access = access;
    this.errorCode = errorCode;
    this.pkey = pkey;
  }
}

/** #GP(0): e.g. a non-canonical address, or WRPKRU with ECX/EDX not zero. */
export class GeneralProtection extends CpuException {
  constructor(reason: string) {
    super(13, 'GENERAL_PROTECTION', `#GP(0): ${reason}`);
    this.name = 'GeneralProtection';
  }
}

/** #UD: an undefined or unsupported encoding, or an instruction the CPU lacks (WRPKRU without PKE). */
export class InvalidOpcode extends CpuException {
  constructor(reason: string) {
    super(6, 'INVALID_OPCODE', `#UD: ${reason}`);
    this.name = 'InvalidOpcode';
  }
}

/** #DE: DIV/IDIV with a zero divisor or a quotient too large for the destination (a fault). */
export class DivideError extends CpuException {
  constructor(reason: string) {
    super(0, 'DIVIDE_ERROR', `#DE: ${reason}`);
    this.name = 'DivideError';
  }
}

/** #BP: INT3.  A trap: the saved RIP points after the INT3 (SDM Vol.3A 6.5, 6.15 "Interrupt 3"). */
export class Breakpoint extends CpuException {
  constructor(reason: string) {
    super(3, 'BREAKPOINT', `#BP: ${reason}`);
    this.name = 'Breakpoint';
  }
}
