// ctk evening: before leaving, refresh everything that would expire overnight (default 8 h).
import { runRoutineCommand, type RoutineCliOptions } from './refresh.js';

export function run(ids: string[], opts: RoutineCliOptions): Promise<number> {
  return runRoutineCommand('evening', ids, opts);
}
