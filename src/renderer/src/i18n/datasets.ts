/** UI strings of the Data view: import wizard, table, column types and roles. */

/** English. */
export const en = {
  data: {
    title: 'Data',
    dataset: 'Dataset',
    rowsCount: '{n} row | {n} rows',
    nameLimit:
      'A dataset name has at most {max} characters: this one is at the limit, and anything typed or pasted past it is not taken.',
    nameCount: '{n} / {max}',
    columnsCount: '{n} column | {n} columns',
    type: 'Type',
    role: 'Role',
    filterColumn: 'Filter column',
    filterMode: 'Condition',
    filterPlaceholder: 'value',
    filtersButton: 'Filters | Filters (1) | Filters ({n})',
    filter: {
      add: 'Add a condition',
      remove: 'Remove this condition',
      clear: 'Clear filters',
      and: 'and',
      'needs-value': 'Enter a value.',
      'needs-number': 'Enter a number, e.g. 50 or -2.5.',
      ops: {
        '=': '=',
        '!=': '≠',
        '<': '<',
        '<=': '≤',
        '>': '>',
        '>=': '≥',
        between: 'between',
        contains: 'contains',
        equals: 'equals',
        missing: 'is missing',
        present: 'is present',
      },
    },
    columnSearch: 'Find columns (e.g. px*)',
    columnsShown: 'Columns: {shown} of {all}',
    chooser: {
      showMatching: 'Show all {n} matching',
      hideMatching: 'Hide all {n} matching',
      pin: 'Pin',
      unpin: 'Unpin',
      more: '{n} more column matches: refine the search to list it. | {n} more columns match: refine the search to list them.',
    },
    image: 'Image',
    bulk: {
      tickMatching: 'Tick all {n} listed by the search',
      ticked: 'none ticked | 1 ticked | {n} ticked',
      makeRole: 'Make {role}',
    },
    pixels: {
      found: '{n} numeric columns ({first} … {last}) look like the pixels of an image.',
      shape: 'Width × height × channels',
      declare: 'Show as image',
      declared: 'Image {shape} from {first} … {last}: each row shows its thumbnail.',
      remove: 'Not an image',
    },
    deleteTitle: 'Delete the dataset “{name}”?',
    deleteMessage:
      'Its {rows}, {tasks} and {runs} (with their results and models) are removed from the project file. This cannot be undone.',
    /** The counts of deleteMessage, each with its noun. */
    deleteCounts: {
      rows: '{n} row | {n} rows',
      tasks: '{n} task | {n} tasks',
      runs: '{n} run | {n} runs',
    },
    deleteConfirm: 'Delete the dataset',
    deleteWhileTraining:
      'Run {id} is training on this dataset: cancel it (in the Train view) before deleting the dataset.',
    deleted: 'Deleted the dataset “{name}”.',
    sortHint: 'Click to sort ascending, descending, or back to file order',
    noRows: 'No row matches the filter.',
    cellCut: 'Shortened: click to see the whole value',
    cellTitle: 'Row {row}, column “{column}”',
    cellLength: '{n} character | {n} characters',
    columns: 'Columns',
    column: 'Column',
    missing: 'Missing',
    distinct: 'Distinct',
    count: 'rows',
    min: 'min',
    max: 'max',
    mean: 'mean',
    std: 'std',
    noProfile: 'No distribution for this column.',
    note: 'Import note: {note}',
    noteReason: {
      decimalComma:
        'numbers written with a decimal comma ({cell}); import the file again with “Decimal comma (0,5 = 0.5)” ticked to read them as numbers',
      thousandsComma:
        'numbers written with commas grouping thousands ({cell}; cells written so: {count}), which no import option reads, so the column is not numeric; write them without the commas ({value}) and import the file again to read them as numbers',
      thousandsDot:
        'dot read as a thousands separator: {cell}, read as {read} (with a decimal comma, a dot before three digits groups thousands, as de-DE and fr-FR write numbers); cells written so: {count}. If the dot is a decimal point ({point}), import the file again without “Decimal comma (0,5 = 0.5)”, or write a decimal comma there',
      pointDecimal:
        'decimal points read with “Decimal comma (0,5 = 0.5)” ticked: {cell}, read as a decimal point, and no number of the column has a decimal comma. If the file writes decimal points, import it again without “Decimal comma (0,5 = 0.5)” (with it, a dot before three digits such as “1.000” reads as 1000)',
      dotThousands:
        'ambiguous dot: {cell}, read as {read} (a decimal point), but the column writes decimal commas ({comma}), so the dot may group thousands ({thousands}); cells written so: {count}. Remove the dot where it groups thousands, or write a decimal comma where it is a decimal point, and import the file again',
      dotThousandsGrouped:
        'ambiguous dot: {cell}, read as {read} (a decimal point), but the column groups thousands with dots ({comma}), so it probably means {thousands}; cells written so: {count}. Remove the dot where it groups thousands, or write a decimal comma where it is a decimal point, and import the file again',
      mostlyNumeric:
        'mostly numeric, but {count} of its {present} values cannot be read as numbers ({cells}); fix them, or add them to “Missing values” and import the file again, to read the column as numbers',
      rowIndex:
        'looks like a row index ({min}…{max}, one per row), so it was imported as ignored; set its role to “input” to use it',
      rowIndexDistinct:
        'looks like a row index ({min}…{max}, distinct, one per row), so it was imported as ignored; set its role to “input” to use it',
      constant:
        'one value in every row (“{value}”, all {rows} rows): it carries no information for any task',
      onePerRow:
        'a different value in every row ({values}: {rows} values in {rows} rows), like a name or an identifier: as a categorical input it only memorises the rows; set its role to “ignore”',
      cellAtLine: 'line {line} has “{text}”',
      cell: '“{text}”',
    },
    import: {
      cellCut: '{text}… ({n} characters in all; the import keeps them all)',
      open: 'Import CSV…',
      title: 'Import a CSV file',
      file: 'CSV file',
      encoding: 'Encoding',
      delimiter: 'Delimiter',
      name: 'Dataset name',
      hasHeader: 'First row holds column names',
      missingTokens: 'Missing values',
      missingHint:
        'Texts read as missing, comma-separated, any case; empty cells always are. “None” is a value unless you add it.',
      decimalComma: 'Decimal comma (0,5 = 0.5)',
      badLinesSkip: 'Skip lines with a wrong number of fields',
      auto: 'Detect',
      /** An encoding in the wizard's list: its name and what it is for. */
      encodingOption: '{name} — {script}',
      encodingScript: {
        unicode: 'Unicode',
        chineseSimplified: 'Chinese, simplified',
        chineseTraditional: 'Chinese, traditional',
        japanese: 'Japanese',
        western: 'Western European',
        westernEuro: 'Western European with €',
        centralEuropean: 'Central European',
        turkish: 'Turkish',
      },
      choose: 'Choose a CSV file to see a preview of its first rows.',
      /** Under the preview of a file with a header and no data row; Import is disabled. */
      noDataRows: 'The file has a header but no data rows: there is nothing to import.',
      detected:
        'Read as {encoding} ({confidence} % sure), delimiter “{delimiter}”, about {rows} row. | Read as {encoding} ({confidence} % sure), delimiter “{delimiter}”, about {rows} rows.',
      /** The same, for an encoding the user chose: no confidence (that is a detection's). */
      chosen:
        'Read as {encoding} (your choice), delimiter “{delimiter}”, about {rows} row. | Read as {encoding} (your choice), delimiter “{delimiter}”, about {rows} rows.',
      /** `detected` and `chosen` for a file read whole: its rows counted exactly. */
      detectedExact:
        'Read as {encoding} ({confidence} % sure), delimiter “{delimiter}”, {rows} row. | Read as {encoding} ({confidence} % sure), delimiter “{delimiter}”, {rows} rows.',
      chosenExact:
        'Read as {encoding} (your choice), delimiter “{delimiter}”, {rows} row. | Read as {encoding} (your choice), delimiter “{delimiter}”, {rows} rows.',
      phase: {
        scan: 'Scanning: {rows} rows',
        write: 'Writing: {rows} rows',
        load: 'Importing: {rows} rows',
      },
      /** A one-pass import went back to the start of the file (importReread.ts). */
      reread: {
        text: 'Re-reading the file: column “{column}” has the text “{value}” on line {line}, so it is not read as numbers',
        leadingZero:
          'Re-reading the file: column “{column}” has a number written with a leading zero, so it is not read as numbers',
        notBoolean:
          'Re-reading the file: column “{column}” has “{value}”, which is not a yes/no value',
        type: 'Re-reading the file: column “{column}” turned out to be {type} in its later rows',
      },
      starting: 'Starting…',
      start: 'Import',
      nameTaken: 'A dataset named “{name}” already exists: choose another name.',
      encodingDoubt:
        'This file looks like {detected}; read as {encoding} its text is probably garbled (see the preview). Choose “Detect” or {detected}, or confirm:',
      encodingDoubtCell:
        'Line {line}, {columnAt}: read as {encoding}, “{shown}”; as {detected}, “{text}”.',
      encodingMixed:
        'This file mixes two encodings: it holds UTF-8 characters, but line {line} is not UTF-8. Read as {encoding}, its UTF-8 characters are garbled (as UTF-8, the others would be). Fix the file, choose an encoding, or confirm:',
      encodingConfirm: 'The preview reads right: import it this way',
      encodingUnsure: 'The encoding is a guess: check that accents and other letters read right.',
      encodingTurkish:
        'This file may be Turkish {alternative} text: read as {encoding}, line {line} has þ, ð or ý between letters, where {alternative} reads ş, ğ, ı (and Ý as İ). If the names read wrong, choose {alternative}.',
      encodingUse: 'Read as {encoding}',
      /** The button of an error whose file looks delimited otherwise (ErrorRemedy.vue). */
      delimiterUse: 'Use delimiter {delimiter}',
      delimiterTab: 'Tab',
      previewNote: 'Column “{column}”: {note}',
      unnamedColumns:
        'A header cell has no name; named as pandas names it: {columns} | Header cells have no name; named as pandas names them: {columns}',
      unnamedColumn: 'column {position} → “{name}”',
      renamedColumns:
        'A column name is written twice in the header; the later one is renamed as pandas renames it: {columns} | Column names are written twice in the header; the later ones are renamed as pandas renames them: {columns}',
      renamedColumn: 'column {position} “{original}” (as column {first}) → “{name}”',
      previewNoteReason: {
        decimalComma:
          'numbers written with a decimal comma ({cell}); tick “Decimal comma (0,5 = 0.5)” to read them as numbers',
        thousandsComma:
          'numbers written with commas grouping thousands ({cell}; cells written so: {count}), which no import option reads, so the column will not be numeric; write them without the commas ({value}) before importing to read them as numbers',
        thousandsDot:
          'dot read as a thousands separator: {cell}, read as {read} (with a decimal comma, a dot before three digits groups thousands, as de-DE and fr-FR write numbers); cells written so: {count}. If the dot is a decimal point ({point}), untick “Decimal comma (0,5 = 0.5)”, or write a decimal comma there before importing',
        pointDecimal:
          'decimal points read with “Decimal comma (0,5 = 0.5)” ticked: {cell}, read as a decimal point, and no number of the column has a decimal comma. If the file writes decimal points, untick “Decimal comma (0,5 = 0.5)” (with it, a dot before three digits such as “1.000” reads as 1000)',
        dotThousands:
          'ambiguous dot: {cell}, read as {read} (a decimal point), but the column writes decimal commas ({comma}), so the dot may group thousands ({thousands}); cells written so: {count}. Remove the dot where it groups thousands, or write a decimal comma where it is a decimal point, before importing',
        dotThousandsGrouped:
          'ambiguous dot: {cell}, read as {read} (a decimal point), but the column groups thousands with dots ({comma}), so it probably means {thousands}; cells written so: {count}. Remove the dot where it groups thousands, or write a decimal comma where it is a decimal point, before importing',
        mostlyNumeric:
          'mostly numeric, but {count} of the first {present} values cannot be read as numbers ({cells}); fix them, or add them to “Missing values”, to read the column as numbers',
        rowIndex:
          'looks like a row index ({min}…{max}, one per row) and is ignored; choose “input” as its role to use it',
        rowIndexDistinct:
          'looks like a row index ({min}…{max}, distinct, one per row) and is ignored; choose “input” as its role to use it',
        constant:
          'one value in every row (“{value}”, all {rows} rows): it carries no information for any task',
        onePerRow:
          'a different value in every row ({values}: {rows} values in {rows} rows), like a name or an identifier: as a categorical input it only memorises the rows; choose “ignore” as its role',
      },
      cancelled: 'Import cancelled; nothing was stored.',
      done: 'Imported “{name}”: {n} row. | Imported “{name}”: {n} rows.',
      skippedLines:
        'Skipped {n} line with a wrong number of fields (line {lines}); it is not in the dataset. | Skipped {n} lines with a wrong number of fields (lines {lines}); they are not in the dataset.',
      duplicates:
        '{n} row repeats an earlier row exactly ({distinct} distinct rows occur more than once): a split can put copies of one row in both training and test, which inflates test scores. | {n} rows repeat an earlier row exactly ({distinct} distinct rows occur more than once): a split can put copies of one row in both training and test, which inflates test scores.',
    },
  },
  types: {
    numeric: 'numeric',
    categorical: 'categorical',
    boolean: 'boolean',
    text: 'text',
    image: 'image',
  },
  roles: { input: 'input', target: 'target', ignore: 'ignore' },
};

/** Simplified Chinese: the same keys. */
export const zhCN: typeof en = {
  data: {
    title: '数据',
    dataset: '数据集',
    rowsCount: '{n} 行',
    nameLimit: '数据集名称最多 {max} 个字符：已达上限，之后输入或粘贴的字符不会被接收。',
    nameCount: '{n} / {max}',
    columnsCount: '{n} 列',
    type: '类型',
    role: '角色',
    filterColumn: '筛选列',
    filterMode: '条件',
    filterPlaceholder: '值',
    filtersButton: '筛选 | 筛选（1） | 筛选（{n}）',
    filter: {
      add: '添加条件',
      remove: '删除此条件',
      clear: '清除筛选',
      and: '和',
      'needs-value': '请输入一个值。',
      'needs-number': '请输入数字，例如 50 或 -2.5。',
      ops: {
        '=': '=',
        '!=': '≠',
        '<': '<',
        '<=': '≤',
        '>': '>',
        '>=': '≥',
        between: '介于',
        contains: '包含',
        equals: '等于',
        missing: '缺失',
        present: '不缺失',
      },
    },
    columnSearch: '查找列（如 px*）',
    columnsShown: '列：显示 {shown} / {all}',
    chooser: {
      showMatching: '显示全部 {n} 个匹配列',
      hideMatching: '隐藏全部 {n} 个匹配列',
      pin: '固定',
      unpin: '取消固定',
      more: '还有 {n} 列匹配：请细化搜索以列出它们。',
    },
    image: '图像',
    bulk: {
      tickMatching: '勾选搜索列出的全部 {n} 列',
      ticked: '未勾选 | 已勾选 1 列 | 已勾选 {n} 列',
      makeRole: '设为{role}',
    },
    pixels: {
      found: '{n} 个数值列（{first} … {last}）看起来是图像的像素。',
      shape: '宽 × 高 × 通道',
      declare: '显示为图像',
      declared: '图像 {shape}，来自 {first} … {last}：每行显示其缩略图。',
      remove: '不是图像',
    },
    deleteTitle: '删除数据集“{name}”？',
    deleteMessage:
      '它的 {rows}、{tasks}和 {runs}（及其结果和模型）将从项目文件中删除。此操作无法撤销。',
    deleteCounts: {
      rows: '{n} 行',
      tasks: '{n} 个任务',
      runs: '{n} 次运行',
    },
    deleteConfirm: '删除数据集',
    deleteWhileTraining:
      '运行 {id} 正在此数据集上训练：请先（在“训练”视图中）取消它，再删除数据集。',
    deleted: '已删除数据集“{name}”。',
    sortHint: '点击切换升序、降序或恢复文件顺序',
    noRows: '没有符合筛选条件的行。',
    cellCut: '已截短：点击查看完整内容',
    cellTitle: '第 {row} 行，列“{column}”',
    cellLength: '{n} 个字符',
    columns: '列',
    column: '列名',
    missing: '缺失',
    distinct: '不同值',
    count: '行数',
    min: '最小',
    max: '最大',
    mean: '均值',
    std: '标准差',
    noProfile: '此列没有分布信息。',
    note: '导入提示：{note}',
    noteReason: {
      decimalComma:
        '数字使用小数逗号书写（{cell}）；勾选“小数逗号（0,5 = 0.5）”后重新导入该文件，即可按数字读取',
      thousandsComma:
        '数字使用逗号分隔千位（{cell}；这样书写的单元格共 {count} 个），任何导入选项都无法读取，因此该列不是数值列；请去掉逗号（{value}）后重新导入该文件，即可按数字读取',
      thousandsDot:
        '点号按千位分隔符读取：{cell}，已读作 {read}（使用小数逗号时，三位数字前的点号表示千位分隔，与德语、法语区域的数字写法相同）；这样书写的单元格共 {count} 个。若该点号是小数点（{point}），请取消勾选“小数逗号（0,5 = 0.5）”后重新导入该文件，或在该处改写为小数逗号',
      pointDecimal:
        '勾选“小数逗号（0,5 = 0.5）”时读到小数点：{cell}，已按小数点读取，且该列没有任何数字使用小数逗号。若文件使用小数点，请取消勾选“小数逗号（0,5 = 0.5）”后重新导入该文件（勾选时，三位数字前的点号，如“1.000”，会读作 1000）',
      dotThousands:
        '点号有歧义：{cell}，已按小数点读作 {read}，但该列使用小数逗号（{comma}），此处的点号可能用于分隔千位（{thousands}）；这样书写的单元格共 {count} 个。请在点号分隔千位处删去点号，在点号作小数点处改写为小数逗号，然后重新导入该文件',
      dotThousandsGrouped:
        '点号有歧义：{cell}，已按小数点读作 {read}，但该列用点号分隔千位（{comma}），此处很可能表示 {thousands}；这样书写的单元格共 {count} 个。请在点号分隔千位处删去点号，在点号作小数点处改写为小数逗号，然后重新导入该文件',
      mostlyNumeric:
        '大部分为数字，但 {present} 个值中有 {count} 个无法解析为数字（{cells}）；请修正它们，或将它们加入“缺失值”后重新导入，即可按数字读取该列',
      rowIndex:
        '看起来是行索引（{min}…{max}，每行一个），因此导入为“忽略”；将其角色设为“输入”即可使用',
      rowIndexDistinct:
        '看起来是行索引（{min}…{max}，互不相同，每行一个），因此导入为“忽略”；将其角色设为“输入”即可使用',
      constant: '每一行都是同一个值（“{value}”，共 {rows} 行）：它不为任何任务提供信息',
      onePerRow:
        '每一行的值都不相同（{values}：{rows} 行共 {rows} 个值），像是名称或标识符：作为分类输入，它只会记住各行；请将其角色设为“忽略”',
      cellAtLine: '第 {line} 行为“{text}”',
      cell: '“{text}”',
    },
    import: {
      cellCut: '{text}…（共 {n} 个字符；导入时全部保留）',
      open: '导入 CSV…',
      title: '导入 CSV 文件',
      file: 'CSV 文件',
      encoding: '编码',
      delimiter: '分隔符',
      name: '数据集名称',
      hasHeader: '首行为列名',
      missingTokens: '缺失值',
      missingHint:
        '视为缺失的文本，以逗号分隔，不区分大小写；空单元格总是缺失。“None”默认是一个值，除非你添加它。',
      decimalComma: '小数逗号（0,5 = 0.5）',
      badLinesSkip: '跳过字段数不对的行',
      auto: '自动检测',
      encodingOption: '{name} — {script}',
      encodingScript: {
        unicode: 'Unicode',
        chineseSimplified: '简体中文',
        chineseTraditional: '繁体中文',
        japanese: '日文',
        western: '西欧',
        westernEuro: '西欧（含 €）',
        centralEuropean: '中欧',
        turkish: '土耳其语',
      },
      choose: '选择一个 CSV 文件以预览前几行。',
      noDataRows: '该文件有表头，但没有数据行：没有可导入的内容。',
      detected: '按 {encoding} 读取（置信度 {confidence} %），分隔符“{delimiter}”，约 {rows} 行。',
      chosen: '按 {encoding} 读取（您选择的编码），分隔符“{delimiter}”，约 {rows} 行。',
      detectedExact:
        '按 {encoding} 读取（置信度 {confidence} %），分隔符“{delimiter}”，共 {rows} 行。',
      chosenExact: '按 {encoding} 读取（您选择的编码），分隔符“{delimiter}”，共 {rows} 行。',
      phase: {
        scan: '扫描中：{rows} 行',
        write: '写入中：{rows} 行',
        load: '导入中：{rows} 行',
      },
      reread: {
        text: '正在重新读取文件：列“{column}”在第 {line} 行有文本“{value}”，因此不按数值读取',
        leadingZero: '正在重新读取文件：列“{column}”有以前导零书写的数字，因此不按数值读取',
        notBoolean: '正在重新读取文件：列“{column}”有“{value}”，不是是/否值',
        type: '正在重新读取文件：列“{column}”在后面的行中实为{type}',
      },
      starting: '正在开始…',
      start: '导入',
      nameTaken: '已有名为“{name}”的数据集：请换一个名称。',
      encodingDoubt:
        '此文件看起来是 {detected}；按 {encoding} 读取，文字很可能是乱码（见预览）。请选择“自动检测”或 {detected}，或确认：',
      encodingDoubtCell:
        '第 {line} 行，{columnAt}：按 {encoding} 读取为“{shown}”，按 {detected} 读取为“{text}”。',
      encodingMixed:
        '此文件混用了两种编码：其中有 UTF-8 字符，但第 {line} 行不是 UTF-8。按 {encoding} 读取时 UTF-8 字符会成为乱码（按 UTF-8 读取则其余字符会）。请修正文件、选择编码，或确认：',
      encodingConfirm: '预览显示正确：按此方式导入',
      encodingUnsure: '编码是猜测的：请检查重音字母等是否显示正确。',
      encodingTurkish:
        '此文件可能是土耳其语 {alternative} 文本：按 {encoding} 读取时，第 {line} 行的字母之间出现 þ、ð 或 ý，而 {alternative} 将它们读作 ş、ğ、ı（Ý 读作 İ）。如果名称显示不对，请选择 {alternative}。',
      encodingUse: '按 {encoding} 读取',
      delimiterUse: '使用分隔符 {delimiter}',
      delimiterTab: '制表符',
      previewNote: '列“{column}”：{note}',
      unnamedColumns: '表头中有列没有名称，已按 pandas 的规则命名：{columns}',
      unnamedColumn: '第 {position} 列 → “{name}”',
      renamedColumns: '表头中有列名重复，后出现的列已按 pandas 的规则改名：{columns}',
      renamedColumn: '第 {position} 列“{original}”（同第 {first} 列）→ “{name}”',
      previewNoteReason: {
        decimalComma: '数字使用小数逗号书写（{cell}）；勾选“小数逗号（0,5 = 0.5）”即可按数字读取',
        thousandsComma:
          '数字使用逗号分隔千位（{cell}；这样书写的单元格共 {count} 个），任何导入选项都无法读取，因此该列不会是数值列；请先去掉逗号（{value}）再导入，即可按数字读取',
        thousandsDot:
          '点号按千位分隔符读取：{cell}，已读作 {read}（使用小数逗号时，三位数字前的点号表示千位分隔，与德语、法语区域的数字写法相同）；这样书写的单元格共 {count} 个。若该点号是小数点（{point}），请取消勾选“小数逗号（0,5 = 0.5）”，或在该处改写为小数逗号，再导入',
        pointDecimal:
          '勾选“小数逗号（0,5 = 0.5）”时读到小数点：{cell}，已按小数点读取，且该列没有任何数字使用小数逗号。若文件使用小数点，请取消勾选“小数逗号（0,5 = 0.5）”再导入（勾选时，三位数字前的点号，如“1.000”，会读作 1000）',
        dotThousands:
          '点号有歧义：{cell}，已按小数点读作 {read}，但该列使用小数逗号（{comma}），此处的点号可能用于分隔千位（{thousands}）；这样书写的单元格共 {count} 个。请在点号分隔千位处删去点号，在点号作小数点处改写为小数逗号，再导入',
        dotThousandsGrouped:
          '点号有歧义：{cell}，已按小数点读作 {read}，但该列用点号分隔千位（{comma}），此处很可能表示 {thousands}；这样书写的单元格共 {count} 个。请在点号分隔千位处删去点号，在点号作小数点处改写为小数逗号，再导入',
        mostlyNumeric:
          '大部分为数字，但前 {present} 个值中有 {count} 个无法解析为数字（{cells}）；请修正它们，或将它们加入“缺失值”，即可按数字读取该列',
        rowIndex: '看起来是行索引（{min}…{max}，每行一个），已设为“忽略”；选择角色“输入”即可使用',
        rowIndexDistinct:
          '看起来是行索引（{min}…{max}，互不相同，每行一个），已设为“忽略”；选择角色“输入”即可使用',
        constant: '每一行都是同一个值（“{value}”，共 {rows} 行）：它不为任何任务提供信息',
        onePerRow:
          '每一行的值都不相同（{values}：{rows} 行共 {rows} 个值），像是名称或标识符：作为分类输入，它只会记住各行；请选择角色“忽略”',
      },
      cancelled: '导入已取消，未保存任何内容。',
      done: '已导入“{name}”：{n} 行。',
      skippedLines: '跳过了 {n} 行字段数不对的行（第 {lines} 行），它们不在数据集中。',
      duplicates:
        '有 {n} 行与前面某行完全相同（{distinct} 个不同的行出现了不止一次）：划分可能把同一行的副本同时放进训练集和测试集，使测试分数虚高。',
    },
  },
  types: {
    numeric: '数值',
    categorical: '类别',
    boolean: '布尔',
    text: '文本',
    image: '图像',
  },
  roles: { input: '输入', target: '目标', ignore: '忽略' },
};
