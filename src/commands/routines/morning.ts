// ctk morning: refresh every account that expires within the warning window (or is dead).
import { runRoutineCommand, type RoutineCliOptions } from './refresh.js';

export function run(ids: string[], opts: RoutineCliOptions): Promise<number> {
  return runRoutineCommand('morning', ids, opts);
}
