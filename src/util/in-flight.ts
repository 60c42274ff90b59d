// Whether this process holds Claude Code's locks right now (a token refresh or its save in
// flight). Tiny on purpose: the entry point asks it before leaving on a closed pipe or terminal.
let held = 0;

export function lockTaken(): void {
  held++;
}

export function lockReleased(): void {
  held = Math.max(0, held - 1);
}

export function refreshInFlight(): boolean {
  return held > 0;
}
