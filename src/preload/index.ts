/**
 * Preload: exposes the studio API to the sandboxed renderer through contextBridge,
 * one function per contract channel plus `subscribe` — never raw ipcRenderer.
 * Built as one CommonJS file (a sandboxed preload cannot load ES modules or other files).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'mtlStudio',
  createBridge({
    invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    on: (channel, listener) => ipcRenderer.on(channel, listener),
  }),
);
