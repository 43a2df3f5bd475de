/**
 * The sandboxed preload: bundled into one CommonJS file (sandboxed preloads cannot
 * require local modules). Its only job is to expose the host; see ./host.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeElectronHost } from './host';

exposeElectronHost(contextBridge, ipcRenderer);
