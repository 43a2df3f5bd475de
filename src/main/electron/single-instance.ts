/**
 * One Deskbell per user session: a second launch (a desktop shortcut clicked again, the
 * login item firing while it already runs) brings up the running window instead of
 * starting a second client that would double every ping.
 */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
}

/** Returns false when another instance holds the lock: this one must quit at once. */
export function claimSingleInstance(app: SingleInstanceApp, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', onSecondInstance);
  return true;
}
