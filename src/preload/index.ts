/**
 * Preload: exposes the studio API to the sandboxed renderer through contextBridge,
 * one function per contract channel — never raw ipcRenderer.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('mtlStudio', { platform: process.platform });
