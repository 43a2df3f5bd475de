import type { LogFn } from '../ports';
import type { MachinePolicy } from './machine-policy';

/**
 * Which backend the desk uses: IT's locked URL always; otherwise the command line (or
 * DESKBELL_BACKEND_URL), then IT's URL as a default; none means the embedded backend.
 */
export function chooseBackendUrl(fromLaunch: string | null | undefined, machine: MachinePolicy, log: LogFn): string | null {
  const it = machine.value('backendUrl') ?? null;
  if (it && machine.isLocked('backendUrl')) {
    if (fromLaunch && fromLaunch.replace(/\/+$/, '') !== it.replace(/\/+$/, '')) {
      log('warn', 'the backend URL is locked by the machine settings; the one given at launch is ignored', { locked: it, given: fromLaunch });
    }
    return it;
  }
  return fromLaunch || it;
}
