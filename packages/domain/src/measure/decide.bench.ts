// What the decision core costs per command, beside what the workflow around it costs (docs/BENCHMARKS.md).
import { bench, describe } from 'vitest';
import { decide, validate, type MeasureCommand } from './index';
import { MeasureShell, officerOf } from './measure.test-support';

const lead = officerOf(1);
// A measure a lead has broken into 200 open subtasks: the state a busy measure carries.
const busy = new MeasureShell({ startedAt: '2026-01-05T02:00:00.000Z', leads: [1], partners: [11, 12, 13] });
for (let i = 0; i < 200; i++) busy.ok('createSubtask', { actor: lead, assigneeAgencyId: 11 + (i % 3), title: `子任务 ${i}`, dueAt: '2026-03-31T16:00:00Z' });
const command = { type: 'createSubtask', actor: lead, assigneeAgencyId: 12, title: '梳理清单', dueAt: '2026-03-31T16:00:00Z' } as MeasureCommand;
let n = 0;

describe('the decision core, one command on a measure with 200 open subtasks', () => {
  bench('validate (the update validator)', () => {
    validate(busy.state, command, busy.now);
  });
  bench('decide (the handler: checks, then the new state and its events)', () => {
    decide(busy.state, command, { now: busy.now, newId: () => `b-${++n}` });
  });
});
