/**
 * A hook for tests that watch what a sample does (test/sdk/fetch-monitor.ts): a sample calls it
 * with each machine it makes, before it makes a sandbox there, and gives that sandbox the audit
 * sinks it returns besides its own.  Samples run the same with it or without it.
 */
import type { Machine } from '../mpk-hw/machine.js';
import type { AuditSink } from '../sdk/audit/log.js';

/** Called with a sample's new machine; returns extra audit sinks for the sandbox made on it. */
export type Instrument = (machine: Machine) => readonly AuditSink[];
