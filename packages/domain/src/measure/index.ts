// The measure's decision core: pure rules the workflow shell feeds (see workflows/src/measure).
export * from './types';
export { LIMITS } from './validate';
export { calendarNeeds, decide, validate, clone, type DecideContext, type DecideRules, type Decision } from './decide';
export { closesAt, holds, initialState, newDuty, nextWakeUp, outstanding, rememberUpdate, rollover, rolloverDue, rolloverNeeds, settleEscalations, tick, type MeasureStart } from './state';
export { answerCalendarNeeds } from './calendar';
export { isMeasureOverdue, type MeasureDueDate } from './deadline';
export { fromV1State, type MeasureStateV1 } from './legacy';
export { combinedReportWaitsFor, findAction, measureActions, type DutyView, type MeasureAction, type MeasureActionType, type MeasureView } from './actions';
export { EMPTY_REPORT, prefillReport, reportContentOf, sentReport, type ReportDraft } from './prefill';
