/** Output of the CLI: injectable so commands can be tested without a process. */
import { styleText } from 'node:util';

/** Where a command writes. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Whether colour may be used on stdout. */
  readonly color: boolean;
}

/** The real process streams; colour only on a terminal and without NO_COLOR. */
export function processIo(): Io {
  // A closed pipe (pkjit selftest | head) ends the output quietly instead of with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  return {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    color: process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined,
  };
}

/** Colours `text` when the sink allows it. */
export function paint(io: Io, style: 'green' | 'red' | 'bold' | 'dim' | 'yellow', text: string): string {
  return io.color ? styleText(style, text) : text;
}

/** A user mistake on the command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
