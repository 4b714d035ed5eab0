// The server names a refused input by its path, in two spellings: zod's `content.kpiValues.0.value` and the
// decision core's `content.kpiValues[0].value`. A form shows each message beside its field; what no field
// of the form holds is shown above it.
import type { FieldError } from '../../lib/errors';
import type { Lang } from '../../lib/messages';
import { humanizeInstants } from './refusals';

export type FieldPath = (string | number)[];

/** `content.kpiValues[0].value` → ['content', 'kpiValues', 0, 'value']. */
export function fieldPath(field: string): FieldPath {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part.length > 0)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The core repeats the field before its message (`reason: must not be empty`): the form shows it beside the field. */
export function withoutFieldPrefix(field: string, message: string): string {
  for (const prefix of [`${field}: `, `${field.replace(/\.(\d+)/g, '[$1]')}: `]) if (message.startsWith(prefix)) return message.slice(prefix.length);
  return message;
}

/** Server messages that people meet in these forms, in plain Chinese; anything else is shown as sent. */
const ZH: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^must not be empty$/, () => '不能为空'],
  [/^at most (\d+) characters are allowed$/, (m) => `最多 ${m[1]} 个字`],
  [/^is (\d+) characters long; at most (\d+) are allowed$/, (m) => `共 ${m[1]} 个字，最多 ${m[2]} 个字`],
  [/^contains a character that cannot be stored/, () => '含有无法保存的字符'],
  [/^must be a finite number$/, () => '请填写数字'],
  [/^must be a whole number from 0 to 100$/, () => '请填写 0 到 100 之间的整数'],
  [/^must be an ISO 8601 date-time/, () => '请选择日期'],
  [/^the due date must be in the future$/, () => '截止日期须晚于现在'],
  [/^must be later than the current due date and than now$/, () => '延期后的日期须晚于当前截止日期'],
  [/^must be before this cycle closes \(([^)]*)\)/, (m) => `须在本报送周期结束前（${m[1]} 前），更晚的进展请在下一周期报送`],
  [/^say what to revise when returning a report$/, () => '退回报告时请说明需要修改的内容'],
  [/^say why the closure is returned$/, () => '不同意办结时请说明理由'],
  [/^choose the agency that takes the assignment over$/, () => '请选择接手任务的单位'],
  [/^transfer to another agency$/, () => '请选择其他单位'],
  [/^name at least 1 agency$/, () => '请至少选择一个单位'],
  [/^names an agency twice$/, () => '同一单位选择了两次'],
  [/agency \d+ is not in the agency directory$/, () => '机构目录中没有该单位'],
  [/^must be an agency id/, () => '请选择单位'],
];

export function localizeFieldMessage(message: string, lang: Lang): string {
  const text = humanizeInstants(message);
  if (lang !== 'zh-CN') return text;
  for (const [pattern, say] of ZH) {
    const match = pattern.exec(text);
    if (match) return say(match);
  }
  return text;
}

export interface FormFieldError {
  name: FieldPath;
  errors: string[];
}

/**
 * Splits the server's field errors into those a form shows beside a field (`onForm` says which paths
 * the form holds, e.g. `form.getFieldInstance` or a list of names) and the rest, each in plain words.
 */
export function mapFieldErrors(fields: readonly FieldError[], onForm: (path: FieldPath) => boolean, lang: Lang): { byField: FormFieldError[]; other: string[] } {
  const byField = new Map<string, FormFieldError>();
  const other: string[] = [];
  for (const { field, message } of fields) {
    const path = fieldPath(field);
    const text = localizeFieldMessage(withoutFieldPrefix(field, message), lang);
    // A list's element (`neededAgencyIds.1`) is shown on the list.
    const target = [path, path.slice(0, -1)].find((p) => p.length > 0 && onForm(p));
    if (!target) {
      other.push(field === '(input)' ? text : `${field}: ${text}`);
      continue;
    }
    const key = JSON.stringify(target);
    const entry = byField.get(key) ?? { name: target, errors: [] };
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byField.set(key, entry);
  }
  return { byField: [...byField.values()], other };
}
