import { defineSearchAttributeKey } from '@temporalio/common';

/** Makes measure workflows findable in the Temporal UI and CLI (`temporal workflow list --query …`). */
export const SEARCH_ATTRIBUTES = {
  planId: defineSearchAttributeKey('LiandongPlanId', 'KEYWORD'),
  measureId: defineSearchAttributeKey('LiandongMeasureId', 'KEYWORD'),
  leadAgency: defineSearchAttributeKey('LiandongLeadAgency', 'KEYWORD_LIST'),
  status: defineSearchAttributeKey('LiandongStatus', 'KEYWORD'),
  /** `stuck` while a measure cannot record what it decided (the database refuses or is away); absent otherwise. */
  stuck: defineSearchAttributeKey('LiandongStuck', 'KEYWORD'),
} as const;

export const searchAttributeKeys = Object.values(SEARCH_ATTRIBUTES);
