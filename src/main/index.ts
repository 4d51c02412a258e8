/**
 * Electron entry: the window, its security settings, the menu, native dialogs, the IPC
 * binding of the contract and the projects the operating system asks to open (a
 * double-clicked `.mtlproj`: an argument on Windows and Linux, also of a second instance,
 * which hands it to the first; `open-file` on macOS). Everything else lives in services
 * shared with the CLI and the browser mode (src/main/services, src/main/server).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  shell,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
} from 'electron';
import { IPC_EVENT_NAME, ipcInvokeName, type DialogKind } from '../shared/contract';
import { bindInvokeChannels } from './services/dispatch';
import { coalesceEpochEvents } from './services/epochCoalescing';
import { createHandlers } from './services/handlers';
import { PROJECT_EXTENSION, StudioSession } from './services/session';
import { projectArgument, ProjectLaunchQueue } from './projectLaunch';

const session = new StudioSession({ stateDir: app.getPath('userData') });
/**
 * Folder of this bundle (out/main). Not `__dirname`: using it makes electron-vite insert a
 * CommonJS shim after the chunk's last `import … from '…'` text — which may sit inside a
 * template string (the model export's preprocess.js), leaving `__dirname` undefined here.
 */
const bundleDir = dirname(fileURLToPath(import.meta.url));
/** Projects the OS asked to open; opened once the window can hear of them. */
const launches = new ProjectLaunchQueue(
  (path) => session.openProject(path),
  (outcome) => session.emit('projects.opened', outcome),
);

// One window: a second start (double-click on another project) hands its file to this one.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();
app.on('second-instance', (_event, argv, workingDirectory) => {
  const path = projectArgument(argv.slice(1), workingDirectory);
  if (path) launches.request(path);
  const window = BrowserWindow.getAllWindows()[0];
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});
// macOS sends double-clicked files here, possibly before 'ready'.
app.on('open-file', (event, path) => {
  event.preventDefault();
  launches.request(path);
});
{
  const path = projectArgument(process.argv.slice(1), process.cwd());
  if (path) launches.request(path);
}

/** True when an IPC message comes from our own page (not a navigated or injected frame). */
function fromOurPage(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  const devServer = process.env.ELECTRON_RENDERER_URL;
  return url.startsWith('file://') || (devServer !== undefined && url.startsWith(devServer));
}

async function showDialog(kind: DialogKind): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow() ?? undefined;
  const projectFilter = { name: 'MTL Studio project', extensions: [PROJECT_EXTENSION.slice(1)] };
  if (kind === 'save-file') {
    // The dialog asks before an existing file is chosen (Linux only when told so), so the
    // renderer sends such a path with `overwrite: true` (composables/replaceConfirm.ts).
    const options: Electron.SaveDialogOptions = { properties: ['showOverwriteConfirmation'] };
    const result = parent
      ? await dialog.showSaveDialog(parent, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  }
  if (kind === 'new-project') {
    const options = { defaultPath: `project${PROJECT_EXTENSION}`, filters: [projectFilter] };
    const result = parent
      ? await dialog.showSaveDialog(parent, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  }
  if (kind === 'open-folder' || kind === 'open-image-source' || kind === 'open-image') {
    // A folder, or (image fields) a file in it: only macOS's dialog picks either; elsewhere it
    // picks the folder, and a manifest or a single image is typed or chosen in the folder.
    const either = process.platform === 'darwin' && kind !== 'open-folder';
    const folder: Electron.OpenDialogOptions = {
      properties: either ? ['openFile', 'openDirectory'] : ['openDirectory'],
    };
    const result = parent
      ? await dialog.showOpenDialog(parent, folder)
      : await dialog.showOpenDialog(folder);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
  const options: Electron.OpenDialogOptions = {
    properties: ['openFile'],
    filters:
      kind === 'open-csv'
        ? [
            { name: 'CSV', extensions: ['csv', 'tsv', 'txt'] },
            { name: 'All files', extensions: ['*'] },
          ]
        : [projectFilter],
  };
  const result = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/**
 * Prints a report's HTML to PDF with Electron's own Chromium: a hidden, sandboxed window
 * without JavaScript (the report has none) loads it from a temporary file.
 */
async function printToPdf(html: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'mtl-report-'));
  const file = join(dir, 'report.html');
  await writeFile(file, html);
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, javascript: false, contextIsolation: true },
  });
  try {
    await window.loadFile(file);
    return await window.webContents.printToPDF({
      printBackground: true,
      pageSize: 'A4',
      preferCSSPageSize: true,
    });
  } finally {
    window.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

function bindIpc(): void {
  const handlers = createHandlers(session, {
    info: { version: app.getVersion(), mode: 'electron', platform: process.platform },
    showDialog,
    printToPdf,
  });
  bindInvokeChannels(handlers, (channel, answer) => {
    ipcMain.handle(ipcInvokeName(channel), (event, request: unknown) => {
      if (!fromOurPage(event)) {
        return { ok: false, error: { code: 'BAD_REQUEST', message: 'Untrusted sender.' } };
      }
      return answer(request);
    });
  });
  // A fast run's epochs go to the window as one event per EPOCH_PUSH_MS, like the browser
  // mode's (services/epochCoalescing.ts); every other event at once, after them.
  const pushes = coalesceEpochEvents((channel, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      window.webContents.send(IPC_EVENT_NAME, { channel, payload });
    }
  });
  session.onEvent(pushes.listener);
}

function createMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'About MTL Studio',
          click: () =>
            void dialog.showMessageBox({
              message: `MTL Studio ${app.getVersion()}`,
              detail: 'Multi-task classification, one shared model.',
            }),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1320,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'MTL Studio',
    webPreferences: {
      preload: join(bundleDir, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The page listens for `projects.opened` once loaded: open what the OS asked for then.
  window.webContents.once('did-finish-load', () => launches.start());
  // Links open in the system browser; the window itself never navigates away.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(bundleDir, '../renderer/index.html'));
  return window;
}

void app.whenReady().then(async () => {
  if (!primary) return;
  bindIpc();
  createMenu();
  // The project open when the app was last quit comes back (the window asks the session).
  await session.reopenLastProject();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let disposed = false;
app.on('before-quit', (event) => {
  if (disposed) return;
  // Store runs in flight as interrupted, cancel imports and close the project file cleanly.
  event.preventDefault();
  disposed = true;
  void session.dispose().finally(() => app.quit());
});
