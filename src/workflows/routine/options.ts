// What `ctk refresh`, `ctk morning` and `ctk evening` ask of the routine.
import type { ResolvedAccount } from '../../domain/account.js';
import type { MethodChoice, QueueMode } from '../../domain/routine.js';

export type RoutineCommand = 'refresh' | 'morning' | 'evening';

export interface RoutineOptions {
  command: RoutineCommand;
  /** The accounts in scope (every account unless ids were given). */
  accounts: ResolvedAccount[];
  queueMode: QueueMode;
  /** The window in hours, for messages and JSON (null for `refresh <ids…>`). */
  windowHours: number | null;
  /** The warning window for the status table. */
  warningHours: number;
  method: MethodChoice;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  loginTimeoutMs: number;
  concurrency: number;
  /** The claude executable as configured (name or path). */
  bin: string;
}
