import { describe, expect, it } from 'vitest';
import { fieldPath, localizeFieldMessage, mapFieldErrors, withoutFieldPrefix } from './fieldErrors';

describe('server field errors on a form', () => {
  it('reads both spellings of a path', () => {
    expect(fieldPath('content.kpiValues[0].value')).toEqual(['content', 'kpiValues', 0, 'value']);
    expect(fieldPath('content.kpiValues.0.value')).toEqual(['content', 'kpiValues', 0, 'value']);
    expect(fieldPath('reason')).toEqual(['reason']);
  });

  it('drops the field the decision core repeats before its message', () => {
    expect(withoutFieldPrefix('reason', 'reason: must not be empty')).toBe('must not be empty');
    expect(withoutFieldPrefix('content.kpiValues.0.value', 'content.kpiValues[0].value: must be a finite number')).toBe('must be a finite number');
    expect(withoutFieldPrefix('reason', 'must not be empty')).toBe('must not be empty');
  });

  it('puts each message beside its field in plain Chinese, a list element on its list, and the rest above the form', () => {
    const onForm = new Set([JSON.stringify(['reason']), JSON.stringify(['neededAgencyIds']), JSON.stringify(['content', 'percentDone'])]);
    const { byField, other } = mapFieldErrors(
      [
        { field: 'reason', message: 'reason: must not be empty' },
        { field: 'neededAgencyIds[1]', message: 'neededAgencyIds[1]: agency 999 is not in the agency directory' },
        { field: 'content.percentDone', message: 'must be a whole number from 0 to 100' },
        { field: 'cycleIndex', message: 'must be a cycle number (0 or more)' },
        { field: '(input)', message: 'Required' },
      ],
      (path) => onForm.has(JSON.stringify(path)),
      'zh-CN',
    );
    expect(byField).toEqual([
      { name: ['reason'], errors: ['不能为空'] },
      { name: ['neededAgencyIds'], errors: ['机构目录中没有该单位'] },
      { name: ['content', 'percentDone'], errors: ['请填写 0 到 100 之间的整数'] },
    ]);
    expect(other).toEqual(['cycleIndex: must be a cycle number (0 or more)', 'Required']);
  });

  it('keeps the server’s words in English, and any message it does not know', () => {
    expect(localizeFieldMessage('must not be empty', 'en')).toBe('must not be empty');
    expect(localizeFieldMessage('something new', 'zh-CN')).toBe('something new');
    expect(localizeFieldMessage('must be before this cycle closes (2026-02-28T16:00:00.000Z); later progress goes into the next cycle’s report', 'zh-CN')).toBe(
      '须在本报送周期结束前（2026-02-28 前），更晚的进展请在下一周期报送',
    );
  });
});
