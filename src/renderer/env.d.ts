/// <reference types="vite/client" />
import type { DeskbellHost } from '../shared/api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser shell. */
    deskbell?: DeskbellHost;
    /** Sounds this page actually started, newest last (bounded): for diagnostics and e2e tests. */
    deskbellSoundLog?: { id: string; sound: string; volume: number; playedAt: number; decidedAt: number; hidden: boolean }[];
  }
}
