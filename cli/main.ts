#!/usr/bin/env node
/** The `pkjit` command. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { auditCommand } from './audit.js';
import { demoCommand } from './demo.js';
import { disasmCommand, runCommand } from './run.js';
import { selftestCommand } from './selftest.js';
import { processIo, UsageError, type Io } from './io.js';

export const VERSION = '0.1.0';

export const HELP = `pkjit ${VERSION}: a sandboxing SDK for JIT code on simulated Intel MPK

usage: pkjit <command> [options]

commands:
  demo        execute-only memory with protection keys, a JIT under the SDK, the selftests
  selftest    the Linux kernel's pkeys selftests, ported to the simulated machine
  audit       verify, summarise, draw (html) or explain an audit log
  run         compile a JavaScript file (the subset) to x86-64 and run it under the SDK
  disasm      the machine code pkjit run would run for a JavaScript file, disassembled
  help        this text (pkjit <command> --help for a command's options)
  version     the version`;

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function main(argv: string[], io: Io): number {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return 0;
      case 'version':
      case '--version':
        io.out(VERSION);
        return 0;
      case 'demo':
        if (rest.length > 0) throw new UsageError(`demo takes no arguments (got '${rest.join(' ')}')`);
        return demoCommand(io);
      case 'selftest':
        return selftestCommand(rest, io);
      case 'audit':
        return auditCommand(rest, io);
      case 'run': return runCommand(rest, io);
      case 'disasm': return disasmCommand(rest, io);
      default:
        throw new UsageError(`unknown command '${cmd}' (try 'pkjit help')`);
    }
  } catch (e) {
    const parseError = e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS');
    if (e instanceof UsageError || parseError) {
      io.err(`pkjit: ${(e as Error).message}`);
      return 2;
    }
    throw e;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) process.exitCode = main(process.argv.slice(2), processIo());
