import { type RefObject, useEffect } from 'react';
import { useAppStore } from '../store';
import type { FocusTarget } from '../store/workspace';

/** The latest request each target has met, so a remount (another tab) does not steal the focus again. */
const met = new Map<FocusTarget, number>();

/**
 * Focus moves where the next action is: a keyboard action asks for a target (the reply box
 * after Claim), and the element that is that target takes the focus, at once or when it mounts.
 */
export function useFocusTarget(target: FocusTarget, ref: RefObject<HTMLElement | null>, before?: () => void): void {
  const request = useAppStore((s) => s.focusRequest);
  useEffect(() => {
    if (!request || request.target !== target || (met.get(target) ?? 0) >= request.n) return;
    const element = ref.current;
    if (!element) return;
    met.set(target, request.n);
    before?.();
    element.focus();
  });
}
