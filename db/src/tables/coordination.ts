import type { Selectable } from 'kysely';

/** One answer of a responder agency to a coordination issue (跨部门联动事项); an agency's later answers are new revisions. */
export interface IssueResponsesTable {
  id: string;
  issueId: string;
  measureId: string;
  agencyId: number;
  /** 1 for an agency's first answer to the issue, then 2, 3 … */
  revision: number;
  response: string;
  respondedBy: string;
  respondedAt: Date;
}

export type IssueResponse = Selectable<IssueResponsesTable>;
