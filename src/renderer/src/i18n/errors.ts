/** UI strings of error codes and reasons, as the main process reports them. */

/** English. */
export const en = {
  errors: {
    codes: {
      BAD_REQUEST: 'The request was not accepted',
      NOT_FOUND: 'Not found',
      CSV_PARSE: 'The CSV file could not be read',
      CSV_ENCODING: 'The file’s text encoding could not be read',
      IMPORT_CANCELLED: 'Import cancelled; nothing was stored.',
      IMAGE_DECODE: 'An image could not be read',
      TASK_INVALID: 'This task cannot be defined',
      SPLIT_INVALID: 'The rows cannot be split into training, validation and test sets',
      TRAINING_FAILED: 'Training failed',
      TRAINING_CANCELLED: 'Training was cancelled.',
      TRAINING_INTERRUPTED:
        'Training was interrupted: the studio stopped before the run finished. Resume it from its last checkpoint, or restart it to train it again with the same configuration.',
      BACKEND_UNAVAILABLE: 'The compute backend is not available',
      CHECKPOINT_INVALID:
        'The run cannot be resumed from its checkpoint; restart it to train it again from the first epoch',
      STORE: 'The project file could not be read or written',
      DISK_FULL: 'The disk is full',
      PROJECT_BUSY: 'The project file is busy: another program is writing to it',
      PROJECT_CORRUPT: 'The project file is damaged',
      MIGRATION: 'The project file could not be upgraded',
      EXPORT_FAILED: 'The export failed; nothing was written',
      INTERNAL: 'Something went wrong',
    },
    /** Said before the server's own message where the UI is not in English. */
    serverMessage: 'The studio server’s message (in English):',
    reasons: {
      FOLDER_MISSING: 'The folder “{path}” does not exist',
      FILE_MISSING: 'The file “{path}” does not exist',
      DATASET_NAME_TAKEN: 'A dataset named “{name}” already exists: choose another name',
      TOKEN_REFUSED: 'The studio server no longer accepts this page: open the URL it printed',
      REQUEST_TOO_LARGE: 'The request is larger than the studio server accepts ({limit} bytes)',
      IMAGE_MODEL_NEEDS_FOLDER:
        'This run was trained on images: choose a folder of images, not a CSV file',
      TABLE_MODEL_NEEDS_CSV: 'This run was trained on a table: choose a CSV file, not a folder',
    },
  },
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  errors: {
    codes: {
      BAD_REQUEST: '请求未被接受',
      NOT_FOUND: '未找到',
      CSV_PARSE: '无法读取 CSV 文件',
      CSV_ENCODING: '无法识别文件的文本编码',
      IMPORT_CANCELLED: '导入已取消，未保存任何内容。',
      IMAGE_DECODE: '无法读取图像',
      TASK_INVALID: '无法定义此任务',
      SPLIT_INVALID: '无法将这些行划分为训练集、验证集和测试集',
      TRAINING_FAILED: '训练失败',
      TRAINING_CANCELLED: '训练已取消。',
      TRAINING_INTERRUPTED:
        '训练被中断：工作室在运行完成前停止了。可以从最后的检查点断点续训，或用相同配置重新开始训练。',
      BACKEND_UNAVAILABLE: '计算后端不可用',
      CHECKPOINT_INVALID: '无法从检查点继续此运行；请重新开始，从第一轮重新训练',
      STORE: '无法读写项目文件',
      DISK_FULL: '磁盘已满',
      PROJECT_BUSY: '项目文件正被其他程序写入',
      PROJECT_CORRUPT: '项目文件已损坏',
      MIGRATION: '无法升级项目文件',
      EXPORT_FAILED: '导出失败，未写入任何文件',
      INTERNAL: '出现错误',
    },
    serverMessage: '工作室服务器的原始消息（英文）：',
    reasons: {
      FOLDER_MISSING: '文件夹“{path}”不存在',
      FILE_MISSING: '文件“{path}”不存在',
      DATASET_NAME_TAKEN: '已有名为“{name}”的数据集：请换一个名称',
      TOKEN_REFUSED: '工作室服务器不再接受此页面：请打开它输出的网址',
      REQUEST_TOO_LARGE: '请求超出了工作室服务器的上限（{limit} 字节）',
      IMAGE_MODEL_NEEDS_FOLDER: '此运行是用图像训练的：请选择一个图像文件夹，而不是 CSV 文件',
      TABLE_MODEL_NEEDS_CSV: '此运行是用表格训练的：请选择一个 CSV 文件，而不是文件夹',
    },
  },
};
