/** UI strings of the Tasks view and its wizard. */

/** English. */
export const en = {
  tasks: {
    title: 'Tasks',
    defined_title: 'Tasks ({n})',
    none: 'No task yet. Pick target columns on the right.',
    kind: { binary: 'binary', multiclass: 'multiclass' },
    target: 'target column “{column}”',
    coverage: '{pct} % of rows labelled',
    add: 'Add tasks',
    pickHint: 'Pick one or more target columns; each becomes a classification task.',
    distinct: '{n} value | {n} values',
    pickSome: 'Pick a column to see its classes and balance.',
    classesCount: '{n} class | {n} classes',
    invalid: 'cannot be a task',
    notTarget: {
      empty: 'no values: cannot be a task',
      oneValue: 'one value only (“{value}”): a task needs at least 2 classes',
    },
    defineButton: 'Define tasks | Define {n} task | Define {n} tasks',
    defineNone: 'Define tasks',
    search: 'Find target columns (e.g. label*)',
    moreColumns:
      '{n} more column: find it with the search. | {n} more columns: find them with the search.',
    deleteTitle: 'Delete the task “{name}”?',
    deleteMessage:
      'Its column “{column}” becomes an input again, or is ignored if it holds no value yet (a new task never labelled). Runs that trained it keep their results.',
    deleteConfirm: 'Delete the task',
    defined: 'Tasks defined.',
    newTask: {
      title: 'New task to label',
      hint: 'No labels yet (e.g. a folder of images without sub-folders)? Name a task and its classes: it starts with every item unlabelled; label them in the Label view.',
      name: 'Task name',
      namePlaceholder: 'e.g. colour',
      classes: 'Classes, comma-separated',
      classesPlaceholder: 'e.g. red, black',
      classesHint:
        'At least two; more can be added while labelling. A class with a comma goes in double quotes: "black, matte", red.',
      classesProblem: {
        UNCLOSED_QUOTE: 'The quote at character {position} never closes.',
        TEXT_AFTER_QUOTE:
          'Character {position} follows a closing quote: put a comma between classes.',
      },
      similarClass:
        'Class “{label}” differs from “{other}” only by letter case or spaces: they will be two classes.',
      repeatedClass:
        'Class “{label}” is typed more than once: spaces around a class are dropped (as an import drops them from cells), so “{label} ” is “{label}”. It is kept once.',
      create: 'Create task',
      created: 'Task “{name}” created: label its items in the Label view.',
    },
    warnings: {
      FEW_ROWS:
        'Class “{label}” has only {count} row; its scores will be unreliable. | Class “{label}” has only {count} rows; its scores will be unreliable.',
      MANY_SMALL_CLASSES:
        '{count} more class has fewer than 5 rows. | {count} more classes have fewer than 5 rows: is this a measurement rather than a category? Bin it into a few classes first.',
      ONE_CLASS: 'Only {count} class: a task needs at least two.',
      TOO_MANY_CLASSES: '{count} distinct values: too many for a classification task.',
      NOT_CATEGORICAL:
        'Free text cannot be a target. To use this column, import the file again (Data → Import CSV…) and set its type to “categorical” in the preview.',
      TARGET_IS_INPUT: 'This column is an input of the model; as a target it stops being an input.',
      MISSING_LABELS:
        '{count} row lacks a label; it trains the other tasks only. | {count} rows lack a label; they train the other tasks only.',
      ALREADY_TASK: 'This column is already the target of a task.',
      NO_LABELS:
        'No row is labelled yet ({count} row): label it in the Label view before training. | No row is labelled yet ({count} rows): label some in the Label view before training.',
      INPUT_DETERMINES_TARGET:
        'Input column “{column}” determines this task exactly (each of its values goes with a single class). If it is derived from the target, set it to “ignore” in Data, or the scores will be too good to be true.',
      SIMILAR_CLASSES:
        'Class “{label}” differs from class “{other}” only by letter case or spaces: they are two classes. If they mean one, make the column’s values agree before training.',
    },
  },
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  tasks: {
    title: '任务',
    defined_title: '任务（{n}）',
    none: '还没有任务。请在右侧选择目标列。',
    kind: { binary: '二分类', multiclass: '多分类' },
    target: '目标列“{column}”',
    coverage: '{pct} % 的行有标签',
    add: '添加任务',
    pickHint: '选择一个或多个目标列，每列成为一个分类任务。',
    distinct: '{n} 个值',
    pickSome: '选择一列以查看其类别与分布。',
    classesCount: '{n} 个类别',
    invalid: '不能作为任务',
    notTarget: {
      empty: '没有值：不能作为任务',
      oneValue: '只有一个值（“{value}”）：任务至少需要 2 个类别',
    },
    defineButton: '定义任务 | 定义 {n} 个任务 | 定义 {n} 个任务',
    defineNone: '定义任务',
    search: '查找目标列（如 label*）',
    moreColumns: '还有 {n} 列：请用搜索查找。',
    deleteTitle: '删除任务“{name}”？',
    deleteMessage:
      '它的列“{column}”将重新作为输入；若该列还没有任何值（从未标注的新任务），则设为忽略。训练过它的运行保留其结果。',
    deleteConfirm: '删除任务',
    defined: '任务已定义。',
    newTask: {
      title: '新建待标注任务',
      hint: '还没有标签（例如没有子文件夹的图片文件夹）？为任务命名并列出其类别：所有条目起初都未标注，请在“标注”视图中标注。',
      name: '任务名称',
      namePlaceholder: '例如 颜色',
      classes: '类别，用逗号分隔',
      classesPlaceholder: '例如 红色，黑色',
      classesHint:
        '至少两个；标注时还可以添加。含逗号的类别请用英文双引号括起来："黑色，哑光"，红色。',
      classesProblem: {
        UNCLOSED_QUOTE: '第 {position} 个字符处的引号没有闭合。',
        TEXT_AFTER_QUOTE: '第 {position} 个字符紧跟在闭合引号之后：请在类别之间加逗号。',
      },
      similarClass: '类别“{label}”与“{other}”仅有大小写或空格不同：它们将是两个类别。',
      repeatedClass:
        '类别“{label}”输入了不止一次：类别名两端的空格会被去掉（与导入时去掉单元格两端空格相同），因此“{label} ”就是“{label}”。只保留一个。',
      create: '创建任务',
      created: '已创建任务“{name}”：请在“标注”视图中标注其条目。',
    },
    warnings: {
      FEW_ROWS: '类别“{label}”只有 {count} 行，其评分不可靠。',
      MANY_SMALL_CLASSES:
        '另有 {count} 个类别不足 5 行：这是测量值而不是类别吗？请先把它分成少数几个区间。',
      ONE_CLASS: '只有 {count} 个类别：任务至少需要两个类别。',
      TOO_MANY_CLASSES: '有 {count} 个不同值，作为分类任务太多。',
      NOT_CATEGORICAL:
        '自由文本不能作为目标。如需使用此列，请重新导入该文件（数据 → 导入 CSV…），并在预览中将其类型设为“类别”。',
      TARGET_IS_INPUT: '此列目前是模型输入；作为目标后将不再作为输入。',
      MISSING_LABELS: '{count} 行缺少标签，这些行只用于训练其他任务。',
      ALREADY_TASK: '此列已经是某个任务的目标。',
      NO_LABELS: '还没有任何行被标注（共 {count} 行）：训练前请先在“标注”视图中标注一些。',
      INPUT_DETERMINES_TARGET:
        '输入列“{column}”能完全确定此任务（它的每个取值只对应一个类别）。如果它由目标派生而来，请在“数据”中将其设为“忽略”，否则评分会虚高。',
      SIMILAR_CLASSES:
        '类别“{label}”与类别“{other}”仅有大小写或空格不同：它们是两个类别。如果本应是同一个，请在训练前统一该列的取值。',
    },
  },
};
