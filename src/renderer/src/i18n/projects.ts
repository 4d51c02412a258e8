/** UI strings of the Projects view. */

/** English. */
export const en = {
  projects: {
    title: 'Projects',
    current: 'Open project',
    close: 'Close project',
    new: 'New project',
    name: 'Name',
    namePlaceholder: 'e.g. Penguins',
    nameLimit:
      'A project name has at most {max} characters: this one is at the limit, and anything typed or pasted past it is not taken.',
    file: 'Project file',
    create: 'Create project',
    open: 'Open a project',
    openButton: 'Open',
    recent: 'Recent projects',
    reopenFailed: 'The last project could not be opened again: {path}',
    noRecent: 'No recent project. Create one or open a .mtlproj file.',
    openedAt: 'Last opened',
    missingFile: 'File missing',
    migrated:
      'The project was upgraded from version {from} to {to}; a copy of the file as it was is kept at {backup}',
    damaged: 'This project file is damaged. It is open read-only: nothing will be written into it.',
    recover: 'Recover into a new file',
    recovered:
      'Recovered {rows} row into {path}. Tables with unreadable parts (skipped): {damaged}. | Recovered {rows} rows into {path}. Tables with unreadable parts (skipped): {damaged}.',
    switchedElsewhere:
      'Another tab or window opened the project “{name}” in place of “{previous}”. The studio has one project open at a time, so this tab shows it too.',
    closedElsewhere:
      'Another tab or window closed the project “{previous}”. The studio has one project open at a time, so this tab closed it too.',
    youWereOn: 'You were on its {view} view.',
    switchBack: 'Back to “{previous}”',
  },
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  projects: {
    title: '项目',
    current: '当前项目',
    close: '关闭项目',
    new: '新建项目',
    name: '名称',
    namePlaceholder: '例如：企鹅',
    nameLimit: '项目名称最多 {max} 个字符：已达上限，之后输入或粘贴的字符不会被接收。',
    file: '项目文件',
    create: '创建项目',
    open: '打开项目',
    openButton: '打开',
    recent: '最近的项目',
    reopenFailed: '无法重新打开上次的项目：{path}',
    noRecent: '没有最近的项目。新建一个，或打开 .mtlproj 文件。',
    openedAt: '上次打开',
    missingFile: '文件不存在',
    migrated: '项目已从版本 {from} 升级到 {to}；升级前的文件副本保存在 {backup}',
    damaged: '此项目文件已损坏，已以只读方式打开，不会向其中写入任何内容。',
    recover: '恢复到新文件',
    recovered: '已将 {rows} 行恢复到 {path}。含无法读取部分（已跳过）的表：{damaged} 个。',
    switchedElsewhere:
      '另一个标签页或窗口打开了项目“{name}”，替换了“{previous}”。工作室同一时间只打开一个项目，因此本标签页也随之切换。',
    closedElsewhere:
      '另一个标签页或窗口关闭了项目“{previous}”。工作室同一时间只打开一个项目，因此本标签页也随之关闭。',
    youWereOn: '你之前在它的“{view}”视图。',
    switchBack: '回到“{previous}”',
  },
};
