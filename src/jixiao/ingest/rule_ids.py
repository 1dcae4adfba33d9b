"""Rule ids of problems with input files (``INPUT-*``), the unusable-input family (exit code 2 when a
file cannot be used at all; a bad value is a finding and the build goes on).  Commands that check
their own arguments (an output extension, a template id) use the same ids.  docs/input-rules.md is
generated from this table; tests/test_rule_ids.py checks that every id emitted anywhere is registered."""
from __future__ import annotations

RULE_IDS: dict[str, str] = {
    "INPUT-NOT-FOUND": "找不到文件，或给出的是文件夹而不是填报文件",
    "INPUT-FORMAT": "文件类型不支持（填报文件应为 .yaml/.yml 或 .xlsx），或输出文件扩展名、输出格式不对",
    "INPUT-UNREADABLE": "文件无法读取（权限、设备错误等），含规则包文件",
    "INPUT-TOO-LARGE": "文件（或 Excel 解压后）超过大小上限，可能选错了文件",
    "INPUT-ENCODING": "YAML 文件不是 UTF-8 编码",
    "INPUT-EMPTY": "YAML 文件为空",
    "INPUT-YAML-SYNTAX": "YAML 格式错误（缩进、截断等），给出行号",
    "INPUT-YAML-KEY": "YAML 的键不是简单文本",
    "INPUT-DUPLICATE-KEY": "同一字段或同一公开值的键出现两次",
    "INPUT-NOT-FILING": "文件顶层不是“字段: 值”的映射，或缺少 schema: jixiao.filing/1，不是 jixiao 填报文件",
    "INPUT-SCHEMA": "工作簿的 schema 或格式版本不受支持，须用当前版本的 jixiao template 重新生成",
    "INPUT-XLSX-CORRUPT": "文件已损坏或不是 Excel 工作簿（.xlsx）",
    "INPUT-XLSX-NOT-JIXIAO": "工作簿不是 jixiao template 生成的（缺少隐藏工作表 _jixiao 或其中的 schema）",
    "INPUT-XLSX-HEADER": "模板工作表的标题行被修改，或缺少所需的列",
    "INPUT-XLSX-ROW": "模板中一行有值但字段路径缺失或无效，或公开值缺少键",
    "INPUT-XLSX-PARENT": "明细行未写明或写错所属的上级项（名称须与上级工作表完全一致）",
    "INPUT-UNKNOWN-FIELD": "未知字段（列出可用字段）",
    "INPUT-MISSING": "缺少必填字段",
    "INPUT-NOT-FILE": "给出的不是普通文件（文件夹、管道、设备或指向它们的链接），不读取",
    "INPUT-DOCX-CORRUPT": "Word 文件（.docx）已损坏或不是 Word 文件",
    "INPUT-TEXT": "文字中含有控制字符、NUL、U+FFFE 或孤立的代理字符（给出字符编码）",
    "INPUT-XLSX-FORMULA": "公式单元格没有保存计算结果，或保存的结果是错误值（如 #DIV/0!）：请在Excel中打开并保存后再导入",
    "INPUT-XLSX-RANGE": "工作表中有超出模板范围或无效的单元格引用（如 XFD1048576）",
    "INPUT-XLSX-SHEET": "模板中的工作表被改名或删除",
    "INPUT-YAML-CHARACTER": "YAML 文件中含有控制字符（给出字符编码和行号）",
    "INPUT-YAML-STRUCTURE": "YAML 使用了锚点/别名，嵌套过深或值过多：填报文件不需要这些",
    "OUTPUT-PATH": "输出路径不可用：应为文件却是文件夹（或相反）、是设备或位于 /proc、/sys、/dev 之下",
    "INPUT-COLUMNS": "批量数据缺少所需的列",
    "INPUT-OPTION": "命令行选项的值无效（如抽样比例不在0到1之间）",
    "INPUT-PARTS": "--parts 写了未知的文档部分（可选：决算、项目、整体）",
    "INPUT-XLSX-KEY": "“公开数值”表的“键”不是已知的指标名称（给出最接近的名称）",
    "INPUT-XLSX-LOCATION": "“公开数值”表的“位置”不是模板中的工作表和行标题（给出最接近的位置）",
    "INPUT-SHAPE": "字段的形状不对：应为映射却是单个值，或应为单个值却是列表或映射",
    "INPUT-DUPLICATE": "列表中两项的标识（如项目名称）重复",
    "INPUT-MONEY-UNIT": "金额单位无效（只能是“万元”或“元”）",
    "INPUT-MONEY": "金额无法读取（不是数字、是浮点数或小数位过多）",
    "INPUT-COUNT": "人数、个数等计数不是非负整数",
    "INPUT-INT": "整数字段（如年度）不是整数",
    "INPUT-PERCENT": "百分比无法读取",
    "INPUT-NUMBER": "数值无法读取",
    "INPUT-CHOICE": "取值不在允许的选项中",
    "INPUT-VALUE": "其他无法读取的值（含公开数值中无法读取的数字）",
    "INPUT-TEMPLATE": "--template 指定的文档模板不存在或无效（jixiao render）",
}

#: ids of validate.py: 政府收支分类科目 codes (``CODE-*``) and the keys of published values
CODE_RULE_IDS: dict[str, str] = {
    "PUBLISHED-KEY-MISPLACED": "公开值的键放错了位置（如把支出总计的变动写在收入总计的键下）",
    "CODE-MALFORMED": "科目编码格式不对（功能分类应为3/5/7位数字，经济分类3/5位）",
    "CODE-UNKNOWN": "科目编码不在该年度的政府收支分类科目中",
    "CODE-RETIRED": "科目编码在该年度已停用（警告）",
    "CODE-NOT-YET-VALID": "科目编码在该年度尚未启用（警告）",
    "CODE-NAME-MISMATCH": "科目名称与分类科目中的名称不同（警告）",
    "PUBLISHED-KEY-UNKNOWN": "公开数值的键既不是已登记的指标，也不是数据路径，jixiao 无法核对它（警告）",
}
