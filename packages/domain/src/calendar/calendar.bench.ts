import { bench, describe } from 'vitest';
import { DEFAULT_REPORTING_POLICY } from '../reporting/policy';
import { computeCycle } from '../reporting/cycles';
import { WorkingCalendar } from './calendar';

const calendar = new WorkingCalendar();

describe('working-day calendar', () => {
  bench('load the chinese-days calendar', () => void new WorkingCalendar());
  bench('120 monthly cycles (ten years) with due dates and the ladder', () => {
    for (let i = 0; i < 120; i++) computeCycle(DEFAULT_REPORTING_POLICY, calendar, new Date('2016-11-22T00:00:00Z'), i);
  });
});
