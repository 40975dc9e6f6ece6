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

/** A thread under the SDK's policy. */
export class SdkThread implements GatedThread {
  /** The simulated thread. */
  readonly ut: UserThread;
  /** Its role. */
  readonly role: Role;
  /** The PKRU the SDK last set. */
  shadow: number;
  /** The region whose code the thread is running (inside an enter), or null. */
  runningIn: CodeRegion | null = null;
  /** Windows open on this thread (ids). */
  readonly openWindows: string[] = [];
  readonly stats: ThreadStats = { windows: 0, nestedWindows: 0, bytesWritten: 0, faults: 0, entries: 0, unauditedPkru: 0 };

  constructor(ut: UserThread, role: Role, shadow: number) {
    this.ut = ut;
    this.role = role;
    this.shadow = shadow;
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
}
