/**
 * UI strings of images (assets): the image import wizard, the thumbnail grid with its
 * larger view, the image statistics of a column, and the card example.
 */

/** English. */
export const en = {
  images: {
    source: {
      csv: 'CSV file',
      images: 'Folder of images',
    },
    import: {
      open: 'Import images…',
      title: 'Import a folder of images',
      path: 'Folder, or manifest CSV',
      choose:
        'Choose a folder of images (sub-folders as classes, or a manifest.csv) or a manifest CSV, then preview it.',
      layout: 'Labels from',
      layouts: {
        auto: 'Detect',
        folders: 'Sub-folders (one task per level)',
        manifest: 'Manifest CSV (path + label columns)',
        flat: 'No labels (flat folder)',
      },
      tasksFromFolders: 'Task names per folder level',
      pathColumn: 'Column with the image paths',
      pathColumnByName: '(found by name)',
      tasksFromFoldersHint:
        'Comma-separated, top level first; empty: label for one level, else level_1, level_2, …. Fewer names than levels name the top levels only.',
      makeTasks: 'Make the folder levels tasks (each with 2–100 classes), ready to train',
      folderLevels: 'Sub-folders {n} levels deep; tasks from',
      folderLevelsUsed: 'the top level only | the top {n} levels',
      deeperThanNamed:
        '{n} image lies in a folder deeper than the named levels (e.g. {example}): it takes the classes of its named folders above; the deeper folder names are ignored. | {n} images lie in folders deeper than the named levels (e.g. {example}): they take the classes of their named folders above; the deeper folder names are ignored.',
      shallowerThanNamed:
        '{n} image lies in fewer folders than the levels ({example}): it is left unlabelled for {tasks}; you can label it later in the Label view. | {n} images lie in fewer folders than the levels: each is left unlabelled for the levels below its own folders (e.g. {example}: {tasks}); you can label them later in the Label view.',
      size: 'Input size (px)',
      colour: 'Colour',
      colours: { rgb: 'RGB', grey: 'Grey' },
      suggested:
        'Input size and colour start from the images found: {size} × {size} px, {colour}. Change them if you like.',
      fit: 'Fit to square',
      fits: {
        cover: 'Fill and crop the centre',
        contain: 'Fit inside (black bars)',
        fill: 'Stretch',
      },
      onCorrupt: 'Corrupt or unreadable image',
      corruptPolicies: {
        refuse: 'Refuse the import',
        skip: 'Skip it (listed)',
      },
      corruptWillRefuse:
        '{n} image cannot be read, so the import will be refused. To import the others, set “{option}” to “{skip}”. | {n} images cannot be read, so the import will be refused. To import the others, set “{option}” to “{skip}”.',
      skipCorrupt: 'Skip them',
      duplicates: 'Duplicate files',
      duplicatePolicies: {
        keep: 'Keep (flagged)',
        skip: 'Skip later copies',
      },
      name: 'Dataset name',
      preview: 'Preview',
      start: 'Import',
      starting: 'Starting…',
      phase: {
        scan: 'Scanning: {n} files',
        // Counts files: the unreadable ones are read too (the preview's count leaves them out).
        decode: 'Decoding: {n} of {total} files ({size})',
        decodeUnreadable:
          'Decoding: {n} of {total} files ({size}); {bad} of them unreadable, to skip',
      },
      summary: '{images} images ({size}), labels from: {layout}.',
      manifest: 'Manifest: {name}',
      task: 'Task “{name}”: {classes} class, {missing} without a label | Task “{name}”: {classes} classes, {missing} without a label',
      corrupt: 'Corrupt or unreadable: {n}',
      tooLarge: 'Too large to decode: {n}',
      noImages: 'No image files in this folder (accepted: {accepted}).',
      nonImages: 'Not images (ignored): {n}',
      duplicateGroups: 'Duplicate groups: {n}',
      listedTwice:
        'The manifest lists {n} file twice; the import will be refused until each file is listed once: | The manifest lists {n} files twice; the import will be refused until each file is listed once:',
      listedTwiceLines: 'manifest lines {first} and {second}',
      emptyFolders:
        'Empty sub-folder, no class from it: {names} | Empty sub-folders, no class from them: {names}',
      emptyFoldersMore: '{names} and {n} more',
      none: 'none',
      sizes: 'Original sizes: {w} × {h} px{mean}, channels {channels}, formats {formats}',
      sizesMean: ' (mean {w} × {h})',
      done: 'Imported “{name}”: {n} image. | Imported “{name}”: {n} images.',
      tasksNote: ' Task defined: {names}. | Tasks defined: {names}.',
      untaskedNote:
        ' {column} has {n} class: no task defined on it. | {column} has {n} classes: no task defined on it.',
      skippedNote: '{n} corrupt image was skipped. | {n} corrupt images were skipped.',
      skippedTooLargeNote:
        '{n} image too large to decode was skipped. | {n} images too large to decode were skipped.',
      // Images much smaller than the input size (src/shared/smallImages.ts): warned, kept.
      small:
        '{n} image is much smaller than the {size} × {size} px input (shorter side below {below} px): it will be enlarged for training, with little to learn from. It is kept unless you tick the box below to skip it. | {n} images are much smaller than the {size} × {size} px input (shorter side below {below} px): each will be enlarged for training, with little to learn from. They are kept unless you tick the box below to skip them.',
      smallImage: '{path} ({w} × {h} px)',
      smallSeparator: ', ',
      smallMore: '{names} and {n} more',
      smallNote:
        '{n} image is much smaller than the {size} × {size} px input and was enlarged: {names}. | {n} images are much smaller than the {size} × {size} px input and were enlarged: {names}.',
      // The wizard's choice to leave them out (assets.import skipSmall), and what it says then.
      skipSmall:
        'Skip the {n} image smaller than {below} × {below} px (shorter side) | Skip the {n} images smaller than {below} × {below} px (shorter side)',
      smallSkipped:
        '{n} image is much smaller than the {size} × {size} px input (shorter side below {below} px) and will be left out: {kept} image to import. | {n} images are much smaller than the {size} × {size} px input (shorter side below {below} px) and will be left out: {kept} images to import.',
      smallSkippedNote:
        '{n} image much smaller than the {size} × {size} px input was skipped: {names}. | {n} images much smaller than the {size} × {size} px input were skipped: {names}.',
    },
    // Why an image file cannot be used (ImageProblemKind in src/shared/assets.ts).
    problems: {
      EMPTY_FILE: 'empty file (0 bytes)',
      NOT_AN_IMAGE: 'not an image, or a format that cannot be read',
      UNSUPPORTED_FORMAT: 'format {format} is not accepted (accepted: {accepted})',
      TOO_LARGE: 'too large: {width} × {height} px (limit {limit} px)',
      // TOO_LARGE when the decoder could not even read the size.
      tooLargeUnsized: 'too large to decode (over {limit} px)',
      CORRUPT_HEADER: 'the image header is damaged',
      TRUNCATED: 'the file ends before the image does (truncated)',
      CORRUPT_DATA: 'the image data is damaged',
      UNREADABLE: 'cannot be decoded',
      FILE_NOT_FOUND: 'file not found',
      FILE_UNREADABLE: 'the file cannot be read ({code})',
      OUTSIDE_FOLDER:
        'a link to {target}, outside the folder being imported; copy the file into the folder instead of linking to it',
      OUTSIDE_PREDICT_FOLDER:
        'a link to {target}, outside the folder being predicted; copy the file into the folder instead of linking to it',
      manifestLine: ' (manifest line {line})',
    },
    grid: {
      title: 'Images',
      table: 'Table',
      thumbnails: 'Thumbnails',
      loading: 'Loading thumbnails…',
      open: 'Open image {row}',
      close: 'Close',
      row: 'Row {row}',
      original:
        '{w} × {h} px, {channels} channel, {kb} KB | {w} × {h} px, {channels} channels, {kb} KB',
      path: 'File: {path}',
      enlarged: 'Shown {n} times its size, pixels kept sharp',
      noImage: 'No image in this row.',
    },
    stats: {
      title: 'Images of “{column}”',
      count: 'Images: {n}',
      width: 'Width: {min}–{max} px (mean {mean})',
      height: 'Height: {min}–{max} px (mean {mean})',
      widthSeries: 'Images by width (px)',
      channels: 'Channels: {list}',
      formats: 'Formats: {list}',
      bytes: 'Files: {total} MB in all, {mean} KB on average',
      duplicates: 'Duplicates (same content): {n}',
      pixels: 'Trained as {size} × {size} {colour}, {fit}',
    },
    cards: {
      button: 'Try the card example',
      hint: 'Generates {n} synthetic card images (colour, points, pattern, texture) into a folder beside the project file, imports them into this project and defines the four tasks; then train from the Train view. A folder of that name that holds other files is left untouched: the cards go to a new one (…-cards-2).',
      running: 'Generating and importing the cards…',
      generated: '{n} cards drawn',
      imported: '{n} of {total} cards imported',
      done: 'Card example ready: {n} cards with four tasks, drawn into {dir}.',
      passedOver:
        '{wanted} already holds other files, left untouched: the cards went to a new folder.',
    },
  },
};

/** Simplified Chinese. */
export const zhCN: typeof en = {
  images: {
    source: {
      csv: 'CSV 文件',
      images: '图像文件夹',
    },
    import: {
      open: '导入图像…',
      title: '导入图像文件夹',
      path: '文件夹或清单 CSV',
      choose: '选择一个图像文件夹（子文件夹作为类别，或含 manifest.csv）或一个清单 CSV，然后预览。',
      layout: '标签来源',
      layouts: {
        auto: '自动检测',
        folders: '子文件夹（每一层一个任务）',
        manifest: '清单 CSV（路径列 + 标签列）',
        flat: '无标签（平铺文件夹）',
      },
      tasksFromFolders: '每层文件夹的任务名',
      pathColumn: '图像路径所在的列',
      pathColumnByName: '（按列名查找）',
      tasksFromFoldersHint:
        '以逗号分隔，从顶层开始；留空时一层为 label，多层为 level_1、level_2 …。名称少于层数时只命名顶部各层。',
      makeTasks: '将各层文件夹设为任务（每个 2–100 个类别），导入后即可训练',
      folderLevels: '子文件夹共 {n} 层；任务取自',
      folderLevelsUsed: '仅顶层 | 顶部 {n} 层',
      deeperThanNamed:
        '{n} 张图像位于已命名各层之下的文件夹中（例如 {example}）：它们取其上方已命名文件夹的类别，更深的文件夹名被忽略。',
      shallowerThanNamed:
        '{n} 张图像所在的文件夹少于层数：每张图像在其文件夹以下的层上没有标签（例如 {example}：{tasks}），可以稍后在“标注”视图中标注。',
      size: '输入尺寸（像素）',
      colour: '颜色',
      colours: { rgb: 'RGB 彩色', grey: '灰度' },
      suggested: '输入尺寸和颜色按找到的图像预设：{size} × {size} 像素，{colour}。可以自行更改。',
      fit: '适配为正方形',
      fits: {
        cover: '填满并裁剪中心',
        contain: '完整放入（黑边）',
        fill: '拉伸',
      },
      onCorrupt: '损坏或无法读取的图像',
      corruptPolicies: {
        refuse: '拒绝整个导入',
        skip: '跳过（列出）',
      },
      corruptWillRefuse:
        '有 {n} 张图像无法读取，因此导入会被拒绝。要导入其余图像，请把“{option}”设为“{skip}”。',
      skipCorrupt: '跳过它们',
      duplicates: '重复文件',
      duplicatePolicies: {
        keep: '保留（标记）',
        skip: '跳过后出现的副本',
      },
      name: '数据集名称',
      preview: '预览',
      start: '导入',
      starting: '正在开始…',
      phase: {
        scan: '扫描中：{n} 个文件',
        decode: '解码中：{n} / {total} 个文件（{size}）',
        decodeUnreadable: '解码中：{n} / {total} 个文件（{size}）；其中 {bad} 个无法读取，将跳过',
      },
      summary: '{images} 张图像（{size}），标签来源：{layout}。',
      manifest: '清单：{name}',
      task: '任务“{name}”：{classes} 个类别，{missing} 张无标签',
      corrupt: '损坏或无法读取：{n}',
      tooLarge: '过大无法解码：{n}',
      noImages: '此文件夹中没有图像文件（接受：{accepted}）。',
      nonImages: '非图像文件（已忽略）：{n}',
      duplicateGroups: '重复组：{n}',
      listedTwice: '清单中有 {n} 个文件被列出两次；在每个文件只列出一次之前，导入会被拒绝：',
      listedTwiceLines: '清单第 {first} 行和第 {second} 行',
      emptyFolders: '空的子文件夹（不含图像，不产生类别）：{names}',
      emptyFoldersMore: '{names} 等另外 {n} 个',
      none: '无',
      sizes: '原始尺寸：{w} × {h} 像素{mean}，通道 {channels}，格式 {formats}',
      sizesMean: '（平均 {w} × {h}）',
      done: '已导入“{name}”：{n} 张图像。',
      tasksNote: '已定义任务：{names}。',
      untaskedNote: '{column} 有 {n} 个类别，未为其定义任务。',
      skippedNote: '已跳过 {n} 张损坏的图像。',
      skippedTooLargeNote: '已跳过 {n} 张过大无法解码的图像。',
      small:
        '有 {n} 张图像远小于 {size} × {size} 像素的输入（短边小于 {below} 像素）：训练时会被放大，几乎没有可学的内容。它们会被保留；如要跳过，请勾选下方的复选框。',
      smallImage: '{path}（{w} × {h} 像素）',
      smallSeparator: '、',
      smallMore: '{names} 及另外 {n} 张',
      smallNote: '有 {n} 张图像远小于 {size} × {size} 像素的输入，已被放大：{names}。',
      skipSmall: '跳过 {n} 张小于 {below} × {below} 像素（按短边）的图像',
      smallSkipped:
        '有 {n} 张图像远小于 {size} × {size} 像素的输入（短边小于 {below} 像素），将不导入：导入 {kept} 张图像。',
      smallSkippedNote: '已跳过 {n} 张远小于 {size} × {size} 像素输入的图像：{names}。',
    },
    problems: {
      EMPTY_FILE: '空文件（0 字节）',
      NOT_AN_IMAGE: '不是图像，或是无法读取的格式',
      UNSUPPORTED_FORMAT: '不接受 {format} 格式（可接受：{accepted}）',
      TOO_LARGE: '过大：{width} × {height} 像素（上限 {limit} 像素）',
      tooLargeUnsized: '过大，无法解码（超过 {limit} 像素）',
      CORRUPT_HEADER: '图像文件头已损坏',
      TRUNCATED: '文件在图像结束前就结束了（被截断）',
      CORRUPT_DATA: '图像数据已损坏',
      UNREADABLE: '无法解码',
      FILE_NOT_FOUND: '找不到文件',
      FILE_UNREADABLE: '无法读取文件（{code}）',
      OUTSIDE_FOLDER:
        '指向 {target} 的链接，位于所导入的文件夹之外；请把文件复制到文件夹中，而不是链接到它',
      OUTSIDE_PREDICT_FOLDER:
        '指向 {target} 的链接，位于所预测的文件夹之外；请把文件复制到文件夹中，而不是链接到它',
      manifestLine: '（清单第 {line} 行）',
    },
    grid: {
      title: '图像',
      table: '表格',
      thumbnails: '缩略图',
      loading: '正在加载缩略图…',
      open: '打开第 {row} 行的图像',
      close: '关闭',
      row: '第 {row} 行',
      original: '{w} × {h} 像素，{channels} 个通道，{kb} KB',
      path: '文件：{path}',
      enlarged: '放大 {n} 倍显示，像素保持清晰',
      noImage: '此行没有图像。',
    },
    stats: {
      title: '“{column}”的图像',
      count: '图像数：{n}',
      width: '宽度：{min}–{max} 像素（平均 {mean}）',
      height: '高度：{min}–{max} 像素（平均 {mean}）',
      widthSeries: '按宽度（像素）统计的图像数',
      channels: '通道：{list}',
      formats: '格式：{list}',
      bytes: '文件：共 {total} MB，平均 {mean} KB',
      duplicates: '重复（内容相同）：{n}',
      pixels: '训练尺寸 {size} × {size}，{colour}，{fit}',
    },
    cards: {
      button: '试试卡片示例',
      hint: '在项目文件旁的文件夹中生成 {n} 张合成卡片图像（颜色、点数、图案、纹理），导入此项目并定义四个任务；然后在“训练”视图中训练。若同名文件夹中已有其他文件，则不作任何改动：卡片写入新文件夹（…-cards-2）。',
      running: '正在生成并导入卡片…',
      generated: '已绘制 {n} 张卡片',
      imported: '已导入 {n} / {total} 张卡片',
      done: '卡片示例已就绪：{n} 张卡片，四个任务，图像位于 {dir}。',
      passedOver: '{wanted} 中已有其他文件，未作改动：卡片已写入新文件夹。',
    },
  },
};
