/// <reference types="vite/client" />
import type { DeskbellHost } from '../shared/api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser shell. */
    deskbell?: DeskbellHost;
  }
}
