/** useSyncExternalStore's subscribe while there is nothing to subscribe to (no connection yet). */
export function noopSubscribe(): () => void {
  return () => {};
}
