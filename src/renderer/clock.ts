import { useEffect, useState } from 'react';
import { useAppStore } from './store';

/** The backend's clock, refreshed every second for wait timers (less often where minutes are enough). */
export function useNow(everyMs = 1000): number {
  const offset = useAppStore((s) => s.session?.clockOffsetMs ?? 0);
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    const timer = setInterval(() => setNow(Date.now() + offset), everyMs);
    return () => clearInterval(timer);
  }, [offset, everyMs]);
  return now;
}

export function formatWait(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** A moment as the librarian's locale writes it, to the minute: every list of records uses this one form. */
export function formatWhen(at: number): string {
  return new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}
