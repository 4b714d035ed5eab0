import { describe, expect, it, vi } from 'vitest';
import type { Db } from '@liandong/db';
import { calendarCommand, uncoveredCalendarLines, type CalendarCommandDeps } from './calendar';

function run(args: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const connect = vi.fn((): Db => {
    throw new Error('no database in this test');
  });
  const deps: CalendarCommandDeps = {
    env: { LIANDONG_PG_PORT: 54329 },
    connect,
    readFile: async (path) => {
      if (!(path in files)) throw new Error(`ENOENT: no such file, open '${path}'`);
      return files[path]!;
    },
    osUser: () => 'tester',
  };
  return calendarCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, deps).then((code) => ({ code, out, err, connect }));
}

describe('liandong calendar', () => {
  it('asks for --file', async () => {
    const { code, err } = await run(['set']);
    expect(code).toBe(2);
    expect(err[0]).toContain('--file is required');
  });

  it('names the file it cannot read or parse, before needing a database', async () => {
    const missing = await run(['set', '--file', '2027.json']);
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toContain('cannot read 2027.json');
    const broken = await run(['set', '--file', '2027.json'], { '2027.json': '{ "year": 2027,' });
    expect(broken.code).toBe(1);
    expect(broken.connect).not.toHaveBeenCalled();
  });

  it('names the field of a wrong schedule, before needing a database', async () => {
    const schedule = { year: 2027, holidays: [{ date: '2026-12-31', name: '元旦' }], workdays: [] };
    const { code, err, connect } = await run(['set', '--file', '2027.json'], { '2027.json': JSON.stringify(schedule) });
    expect(code).toBe(1);
    expect(err).toEqual(['error: 2027.json: holidays.0.date: 2026-12-31 is not in 2027']);
    expect(connect).not.toHaveBeenCalled();
  });

  it('warns about each year with deadlines but no holiday schedule, and says nothing when all are covered', () => {
    expect(uncoveredCalendarLines([])).toEqual([]);
    expect(uncoveredCalendarLines([{ year: 2027, measureIds: ['a', 'b'] }, { year: 2028, measureCount: 1 }])).toEqual([
      '  calendar: no holiday schedule for 2027 (2 measures have deadlines then) — enter it: pnpm liandong calendar set --file <2027.json>',
      '  calendar: no holiday schedule for 2028 (1 measure has deadlines then) — enter it: pnpm liandong calendar set --file <2028.json>',
    ]);
  });
});
