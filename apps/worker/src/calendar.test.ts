import { describe, expect, it, vi } from 'vitest';
import type { Db } from '@liandong/db';
import { buildWorkingCalendar, WorkingCalendar } from '@liandong/domain';
import { createCalendarProvider } from './calendar';

const packageOnly = buildWorkingCalendar([]);
const with2027 = buildWorkingCalendar([{ year: 2027, holidays: [{ date: '2027-02-08', name: '春节' }], workdays: [] }]);
const db = {} as Db;

/** A clock the test moves, and a loader that answers from a script. */
function setup(answers: (() => Promise<WorkingCalendar>)[]) {
  let time = 0;
  const load = vi.fn(() => answers.shift()!());
  return { load, now: () => time, advance: (ms: number) => void (time += ms) };
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the worker's cached working-day calendar", () => {
  it('serves the cached calendar and re-reads it in the background once older than a minute, telling onChange', async () => {
    const { load, now, advance } = setup([async () => packageOnly, async () => with2027]);
    const onChange = vi.fn();
    const provider = await createCalendarProvider({ db, load, now, onChange });
    expect(provider.current()).toBe(packageOnly);
    advance(59_999);
    expect(provider.current()).toBe(packageOnly);
    expect(load).toHaveBeenCalledTimes(1);
    advance(1);
    // Synchronous for the activity: the stale copy now, the fresh one once read.
    expect(provider.current()).toBe(packageOnly);
    await flush();
    expect(provider.current()).toBe(with2027);
    expect(onChange).toHaveBeenCalledWith(with2027, packageOnly);
    provider.stop();
  });

  it('re-reads at once on refresh (after an entry), leaving the recompute to its caller', async () => {
    const { load, now } = setup([async () => packageOnly, async () => with2027]);
    const onChange = vi.fn();
    const provider = await createCalendarProvider({ db, load, now, onChange });
    expect(await provider.refresh()).toBe(with2027);
    expect(provider.current()).toBe(with2027);
    expect(onChange).not.toHaveBeenCalled();
    provider.stop();
  });

  it('keeps the same calendar object when a re-read finds the same dates', async () => {
    const { load, now, advance } = setup([async () => packageOnly, async () => buildWorkingCalendar([])]);
    const onChange = vi.fn();
    const provider = await createCalendarProvider({ db, load, now, onChange });
    advance(60_000);
    provider.current();
    await flush();
    expect(provider.current()).toBe(packageOnly);
    expect(onChange).not.toHaveBeenCalled();
    provider.stop();
  });

  it('keeps the cached calendar when a re-read fails, reports it, and tries again a minute later', async () => {
    const { load, now, advance } = setup([async () => with2027, () => Promise.reject(new Error('connection refused')), async () => with2027]);
    const onError = vi.fn();
    const provider = await createCalendarProvider({ db, load, now, onError });
    advance(60_000);
    provider.current();
    await flush();
    expect(provider.current()).toBe(with2027);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'connection refused' }));
    expect(load).toHaveBeenCalledTimes(2);
    advance(60_000);
    provider.current();
    await flush();
    expect(load).toHaveBeenCalledTimes(3);
    provider.stop();
  });

  it("starts on the package's data when the entered years cannot be read (e.g. before migrations)", async () => {
    const onError = vi.fn();
    const provider = await createCalendarProvider({ db, load: () => Promise.reject(new Error('relation "calendar_years" does not exist')), onError });
    expect(provider.current().version).toBe(new WorkingCalendar().version);
    expect(onError).toHaveBeenCalledTimes(1);
    provider.stop();
  });
});
