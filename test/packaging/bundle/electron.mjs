// The part of Electron's main-process API that src/main/index.ts uses, recording what the
// bundle does with it in globalThis.electronStub (read by drive.mjs). No window, no IPC: the
// driver calls the recorded IPC handlers itself and reads what is sent to the page.
import { EventEmitter } from 'node:events';

const state = {
  handlers: new Map(),
  sent: [],
  appListeners: new Map(),
  windows: [],
  menu: null,
  quit: false,
};
globalThis.electronStub = state;

export const app = {
  getPath: () => process.env.MTL_STUB_USER_DATA,
  getVersion: () => '0.0.0-bundle-check',
  requestSingleInstanceLock: () => true,
  on(event, listener) {
    if (!state.appListeners.has(event)) state.appListeners.set(event, []);
    state.appListeners.get(event).push(listener);
    return app;
  },
  whenReady: () => Promise.resolve(),
  quit() {
    state.quit = true;
  },
};

export const ipcMain = {
  handle(name, handler) {
    state.handlers.set(name, handler);
  },
};

class WebContents extends EventEmitter {
  send(channel, payload) {
    state.sent.push({ channel, payload });
  }
  setWindowOpenHandler() {}
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return state.windows;
  }
  static getFocusedWindow() {
    return null;
  }
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    state.windows.push(this);
  }
  async loadFile(path) {
    this.loaded = path;
    setTimeout(() => this.webContents.emit('did-finish-load'), 0);
  }
  async loadURL(url) {
    return this.loadFile(url);
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
}

export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu(menu) {
    state.menu = menu;
  },
};

export const dialog = {
  showMessageBox: async () => ({ response: 0 }),
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showSaveDialog: async () => ({ canceled: true }),
};

export const shell = { openExternal: async () => undefined };

export default { app, ipcMain, BrowserWindow, Menu, dialog, shell };
