/** UI strings of the application frame: title, navigation, words used everywhere. */

/** English. */
export const en = {
  app: {
    title: 'MTL Studio',
    tagline: 'Multi-task classification, one shared model.',
    language: 'Language',
    modeElectron: 'Desktop app',
    modeBrowser: 'Browser mode',
    noProject: 'No project open',
    disconnected: 'Disconnected — reconnecting…',
    refusedTitle: 'This page is no longer connected to the studio.',
    refusedHint:
      'The studio server was restarted with a new access token. Open the URL that `npm run serve` printed (start it with --token to keep one URL).',
    startupFailed: 'The studio could not start:',
  },
  nav: {
    label: 'Main navigation',
    projects: 'Projects',
    data: 'Data',
    tasks: 'Tasks',
    labels: 'Label',
    train: 'Train',
    compare: 'Compare',
    predict: 'Predict',
    export: 'Export',
  },
  common: {
    loading: 'Loading…',
    error: 'Error:',
    retry: 'Retry',
    empty: 'Nothing here yet.',
    dismiss: 'Dismiss',
    browse: 'Browse…',
    serverPathHint: 'Browser mode: type a path on the machine running the studio server.',
    close: 'Close',
    cancel: 'Cancel',
    delete: 'Delete',
    keep: 'Keep',
    undo: 'Undo',
    noDataset: 'Import a dataset first (Data).',
  },
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  app: {
    title: 'MTL Studio',
    tagline: '多任务分类，一个共享模型。',
    language: '语言',
    modeElectron: '桌面应用',
    modeBrowser: '浏览器模式',
    noProject: '未打开项目',
    disconnected: '连接已断开，正在重连…',
    refusedTitle: '此页面已不再连接到工作室。',
    refusedHint:
      '工作室服务器已用新的访问令牌重新启动。请打开 `npm run serve` 输出的网址（用 --token 启动可保持同一网址）。',
    startupFailed: '无法启动：',
  },
  nav: {
    label: '主导航',
    projects: '项目',
    data: '数据',
    tasks: '任务',
    labels: '标注',
    train: '训练',
    compare: '比较',
    predict: '预测',
    export: '导出',
  },
  common: {
    loading: '加载中…',
    error: '错误：',
    retry: '重试',
    empty: '暂无内容。',
    dismiss: '关闭',
    browse: '浏览…',
    serverPathHint: '浏览器模式：请输入运行服务器的机器上的文件路径。',
    close: '关闭',
    cancel: '取消',
    delete: '删除',
    keep: '保留',
    undo: '撤销',
    noDataset: '请先导入数据集（数据）。',
  },
};
