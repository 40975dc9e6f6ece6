/**
 * Source text to ESTree: acorn with the options node uses for `node FILE.js` (latest syntax,
 * a classic script, sloppy mode unless "use strict"), plus locations so every later error can
 * say `FILE:line:col`. acorn's SyntaxError becomes a JsSyntaxError; nothing else is caught.
 */

import { parse, type Node, type Program } from 'acorn';
import { JsSyntaxError, UnsupportedError, assert } from '../errors.js';

/** Parses `source` as a script; throws JsSyntaxError (1-based line and column) if acorn rejects it. */
export function parseProgram(source: string, file: string): Program {
  try {
    return parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  } catch (e) {
    if (isAcornSyntaxError(e)) {
      throw new JsSyntaxError(file, e.loc.line, e.loc.column + 1, e.message.replace(/ \(\d+:\d+\)$/, ''));
    }
    throw e;
  }
}

/** acorn's error: a SyntaxError with `loc` (line 1-based, column 0-based) and `pos`. */
interface AcornSyntaxError extends SyntaxError {
  loc: { line: number; column: number };
}

function isAcornSyntaxError(e: unknown): e is AcornSyntaxError {
  if (!(e instanceof SyntaxError) || !('loc' in e)) return false;
  const loc: unknown = e.loc;
  return typeof loc === 'object' && loc !== null && 'line' in loc && 'column' in loc;
}

/** A node's start as `{ line, column }`, both 1-based (acorn's columns are 0-based). */
export function startOf(node: Node): { line: number; column: number } {
  assert(node.loc, `node ${node.type} at offset ${node.start} has no location (parse without locations?)`);
  return { line: node.loc.start.line, column: node.loc.start.column + 1 };
}

/** An UnsupportedError located at the first character of `node`. */
export function unsupportedAt(file: string, node: Node, what: string): UnsupportedError {
  const { line, column } = startOf(node);
  return new UnsupportedError(file, line, column, what);
}
