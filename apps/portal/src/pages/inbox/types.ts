import type { Inputs, Outputs } from '../../lib/api';

/** What waits on the agency (工作台), as `inbox.items` returns it. */
export type InboxItem = Outputs['inbox']['items']['items'][number];
export type InboxKind = InboxItem['kind'];
export type InboxCounts = Outputs['inbox']['counts'];
/** Working days left before a deadline (negative once overdue), as the API computes it. */
export type Deadline = NonNullable<InboxItem['deadline']>;

/** One row of my measures (我的措施), as `inbox.measures` returns it. */
export type MeasureRow = Outputs['inbox']['measures']['rows'][number];
export type MeasureListInput = Exclude<Inputs['inbox']['measures'], void | undefined>;
export type MeasureRole = MeasureRow['role'];
export type MeasureStatus = MeasureRow['status'];
export type MeasureSort = NonNullable<MeasureListInput['sort']>;
/** 督办等级: the traffic light of the overdue ladder, `none` when there is no open escalation. */
export type EscalationFilter = NonNullable<MeasureListInput['escalationLevel']>;
