/** Terminal `provisioningState`s: nothing is running on the resource. */
const TERMINAL = new Set(["succeeded", "failed", "canceled", "cancelled"]);

/** Whether an ARM `provisioningState` means no operation is running (none reported counts as terminal). */
export function isTerminalState(state: string | undefined): boolean {
  return state === undefined || TERMINAL.has(state.toLowerCase());
}
