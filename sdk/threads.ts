/**
 * Threads known to the SDK: each has a role, the SDK's shadow of its PKRU, and its open
 * windows.  Threads spawned through the SDK start from their role's baseline, never from the
 * creator's PKRU (which may hold an open window); foreign threads are attached explicitly.
 */
import type { UserThread } from '../mpk-hw/user-thread.js';
import type { GatedThread } from './pkru-gate.js';
import { roleName, type Role } from './policy.js';
import type { CodeRegion } from './code-region.js';

/** Per-thread statistics. */
export interface ThreadStats {
  windows: number;
  /** Windows opened while another was open (allowed with `nesting: 'count'`). */
  nestedWindows: number;
  bytesWritten: number;
  faults: number;
  entries: number;
  unauditedPkru: number;
}

/** The SDK-internal state of a thread: changed only through the functions below. */
interface ThreadState {
  shadow: number;
  runningIn: CodeRegion | null;
  readonly openWindows: string[];
}

let stateOf: (t: SdkThread) => ThreadState;

/** Sets the SDK's shadow of a thread's PKRU (the PKRU gate and the signal policy only). */
export function setShadow(t: SdkThread, v: number): void {
  stateOf(t).shadow = v >>> 0;
}

/** Sets the region whose code the thread is running (enter, start, hold only). */
export function setRunningIn(t: SdkThread, r: CodeRegion | null): void {
  stateOf(t).runningIn = r;
}

/** The thread's open window ids, mutable (windows.ts only). */
export function openWindowList(t: SdkThread): string[] {
  return stateOf(t).openWindows;
}

/** A thread under the SDK's policy. */
export class SdkThread implements GatedThread {
  /** The simulated thread. */
  readonly ut: UserThread;
  /** Its role. */
  readonly role: Role;
  readonly #state: ThreadState;
  readonly stats: ThreadStats = { windows: 0, nestedWindows: 0, bytesWritten: 0, faults: 0, entries: 0, unauditedPkru: 0 };

  static {
    stateOf = (t) => t.#state;
  }

  constructor(ut: UserThread, role: Role, shadow: number) {
    this.ut = ut;
    this.role = role;
    this.#state = { shadow: shadow >>> 0, runningIn: null, openWindows: [] };
  }

  /** The PKRU the SDK last set. */
  get shadow(): number {
    return this.#state.shadow;
  }

  /** The region whose code the thread is running (inside an enter), or null. */
  get runningIn(): CodeRegion | null {
    return this.#state.runningIn;
  }

  /** Windows open on this thread (ids, innermost last; a copy). */
  get openWindows(): readonly string[] {
    return [...this.#state.openWindows];
  }

  get tid(): number {
    return this.ut.tid;
  }

  /** The role's name. */
  get roleName(): string {
    return roleName(this.role);
  }

  /** Whether the role may ever open a write window on code. */
  get canWriteCode(): boolean {
    return typeof this.role === 'string' ? this.role === 'compiler' : this.role.rights.code === 'readwrite';
  }

  /** console.log shows the thread, not its machine. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SdkThread { tid: ${this.tid}, role: ${this.roleName}, shadow: 0x${this.shadow.toString(16).padStart(8, '0')}` +
      `${this.ut.alive ? '' : ', exited'} }`;
  }
}
