// Test support for procedure-level tests: a caller per person over a measure stack, the people of each role,
// and a world of plans and running measures they stand on. Contexts themselves are assembled in one place only,
// test-support/context.ts (`contextFor`): this file passes the stack's service dependencies and a cookie bridge.
import type { Actor, Role } from '@liandong/domain';
import type { MeasureState } from '@liandong/workflows';
import type { ApiContext, HttpBridge } from './context';
import type { MeasureStack } from './measure-stack.test-support';
import type { PlanConfirmInput } from './services/plans';
import { contextFor as contextOver } from './test-support/context';
import { createCaller } from './root';

// ---- contexts ----------------------------------------------------------------

/** A stand-in for the HTTP host's cookie bridge: remembers what a procedure set, from a fixed documentation address. */
export function testHttpBridge(ip = '192.0.2.10'): HttpBridge & { cookies: Map<string, string> } {
  const cookies = new Map<string, string>();
  return {
    cookies,
    ip,
    userAgent: 'liandong-tests',
    getCookie: (name) => cookies.get(name),
    setCookie: (name, value) => void cookies.set(name, value),
    deleteCookie: (name) => void cookies.delete(name),
  };
}

type Stack = Pick<MeasureStack, 'deps'>;

/**
 * The context a request of `actor` (null: nobody signed in) gets, as the host builds it: the stack's services
 * (its database, its Temporal client, the task queue its worker serves) and a cookie bridge, so auth.signIn works.
 */
export function contextFor(stack: Stack, actor: Actor | null, options: { http?: HttpBridge } = {}): ApiContext {
  return contextOver(stack.deps, actor, { http: options.http ?? testHttpBridge() });
}

/** `appRouter.createCaller` for one person. */
export function callerFor(stack: Stack, actor: Actor | null, options: { http?: HttpBridge } = {}) {
  return createCaller(contextFor(stack, actor, options));
}

export type Caller = ReturnType<typeof callerFor>;

/** Calls a procedure by its path (`measure.get`), as a client names it. */
export function callByPath(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

// ---- agencies and people -----------------------------------------------------

/** Directory agencies by the part they play (codes from the seeded directory). */
export const AGENCIES = {
  /** 市商务局: coordinates plans A and R. */
  coordinator: 'gz-commerce',
  /** 省商务厅: coordinates plan B. */
  otherCoordinator: 'gd-commerce',
  /** Leads every measure of plan A (牵头单位). */
  lead: 'gz-science-technology',
  /** Partner (配合单位) on every measure of plan A. */
  partner: 'gz-data',
  /** Leads plan B's measure; on nothing of plan A. */
  other: 'gz-health',
  /** Partner on plan B's measure. */
  otherPartner: 'gd-data',
  /** On no measure: transfer targets, agencies an issue needs. */
  spare: 'gz-finance',
  spare2: 'gz-justice',
  auditor: 'gd-court',
  admin: 'gd-gov',
} as const;
export type AgencyPart = keyof typeof AGENCIES;

/** Who the tests act as: each role, in a specific agency; `null` agency for nobody signed in. */
export const PEOPLE = {
  anonymous: null,
  /** An officer (承办人) of a partner agency of plan A's measures. */
  officer: { agency: 'partner', roles: ['officer'] },
  /** An officer of an agency on plan B only. */
  otherOfficer: { agency: 'other', roles: ['officer'] },
  /** An officer of the lead agency (牵头单位) of plan A's measures. */
  lead: { agency: 'lead', roles: ['officer'] },
  /** Plan A's coordinator (协调办). */
  coordinator: { agency: 'coordinator', roles: ['coordinator'] },
  /** Plan B's coordinator. */
  otherCoordinator: { agency: 'otherCoordinator', roles: ['coordinator'] },
  auditor: { agency: 'auditor', roles: ['auditor'] },
  admin: { agency: 'admin', roles: ['admin'] },
  /** An auditor who is also an officer of plan A's partner agency. */
  auditorOfficer: { agency: 'partner', roles: ['auditor', 'officer'] },
  /** An auditor who is also plan A's coordinator. */
  auditorCoordinator: { agency: 'coordinator', roles: ['auditor', 'coordinator'] },
  auditorAdmin: { agency: 'admin', roles: ['auditor', 'admin'] },
} as const satisfies Record<string, { agency: AgencyPart; roles: readonly Role[] } | null>;
export type Person = keyof typeof PEOPLE;
export const PERSONS = Object.keys(PEOPLE) as Person[];

export const PASSWORD = 'matrix-password-1';
export const usernameOf = (person: Person) => `matrix.${person.toLowerCase()}`;

/** Agency ids by part, and the signed-in people (real users, so `auth.me` finds them). */
export async function createPeople(stack: Pick<MeasureStack, 't' | 'services'>): Promise<{ agencies: Record<AgencyPart, { id: number; code: string }>; people: Record<Person, Actor | null> }> {
  const rows = await stack.t.db.selectFrom('agencies').select(['id', 'code']).where('code', 'in', Object.values(AGENCIES)).execute();
  const agencies = Object.fromEntries(
    Object.entries(AGENCIES).map(([part, code]) => {
      const row = rows.find((r) => r.code === code);
      if (!row) throw new Error(`agency ${code} is not in the seeded directory`);
      return [part, row];
    }),
  ) as Record<AgencyPart, { id: number; code: string }>;
  const people = {} as Record<Person, Actor | null>;
  for (const person of PERSONS) {
    const who = PEOPLE[person];
    if (!who) {
      people[person] = null;
      continue;
    }
    const user = await stack.services.users.create({ username: usernameOf(person), displayName: person, agency: AGENCIES[who.agency], roles: [...who.roles], password: PASSWORD });
    people[person] = { userId: user.id, username: user.username, displayName: user.displayName, agencyId: user.agencyId, roles: user.roles };
  }
  return { agencies, people };
}

// ---- plans and measures ------------------------------------------------------

/**
 * Plan A's measures, one per subject a command needs, each brought into the state its command acts on
 * (a decline to arbitrate, an escalation to acknowledge …): every measure is led by `lead` with `partner`.
 */
export const SUBJECTS = [
  'read',
  'acceptAssignment',
  'declineAssignment',
  'arbitrateDecline',
  'requestTransfer',
  'decideTransfer',
  'createSubtask',
  'completeSubtask',
  'submitReport',
  'reviewPartnerReport',
  'reviewCombinedReport',
  'escalate',
  'acknowledgeEscalation',
  'resolveEscalation',
  'raiseIssue',
  'triageIssue',
  'resolveIssue',
  'requestExtension',
  'decideExtension',
  'applyClosure',
  'decideClosure',
  'withdrawMeasure',
  'reinstateMeasure',
  // The admin's own: withdrawing checks the state before the person, so a second withdrawal proves nothing.
  'withdrawMeasureByAdmin',
  'reinstateMeasureByAdmin',
  // Added last, so the subjects before it keep their numbers: a triaged issue the partner is named to answer.
  'respondIssue',
] as const;
export type Subject = (typeof SUBJECTS)[number];

export interface SubjectMeasure {
  id: string;
  cycleIndex: number;
  /** A date between the current cycle's due date and its close: what an extension may ask for. */
  extensionDueAt: string;
  subtaskId?: string;
  escalationId?: string;
  issueId?: string;
  /** Pending extension requests, by the agency that asked. */
  extensionIds?: { partner: string; lead: string };
}

/** A plan as `plan.confirm` takes it: one measure per number, led by `lead` with `partners`. */
export function planInput(title: string, coordinatorCode: string, measures: { number: string; title: string; lead: string; partners: string[] }[]): PlanConfirmInput {
  return {
    sourceText: `${title}\n${measures.map((m) => `${m.number}${m.title}。`).join('\n')}`,
    meta: { title, coordinatorAgencyCode: coordinatorCode },
    measures: measures.map((m) => ({ number: m.number, title: m.title, leadCodes: [m.lead], partnerCodes: m.partners })),
  };
}

export type People = Awaited<ReturnType<typeof createPeople>>;

export interface World extends People {
  plans: { a: string; b: string; r: { id: string; input: PlanConfirmInput } };
  measures: Record<Subject, SubjectMeasure>;
  /** Plan B's one measure: nothing of plan A's people stands on it. */
  otherPlanMeasureId: string;
}

const REPORT = { progressStatus: 'on_track' as const, percentDone: 40, kpiValues: [], summary: '按计划推进', problems: '', supportRequested: '' };
export const reportContent = () => ({ ...REPORT });
export const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * Plans A (coordinated by `coordinator`, one measure per subject), B (coordinated by `otherCoordinator`, led by
 * `other`) and R (coordinated by `coordinator`: the document a revision confirms again), imported through
 * `plan.confirm` by the admin so each measure's workflow runs on the stack's worker; then each subject measure
 * is brought into its state with the commands its parties would send.
 */
export async function createWorld(stack: MeasureStack): Promise<World> {
  const { agencies, people } = await createPeople(stack);
  const admin = callerFor(stack, people.admin);
  const code = (part: AgencyPart) => agencies[part].code;
  const a = await admin.plan.confirm(
    planInput(
      '联动授权矩阵测试方案甲',
      code('coordinator'),
      SUBJECTS.map((subject, i) => ({ number: `${i + 1}`, title: `${subject}措施`, lead: code('lead'), partners: [code('partner')] })),
    ),
  );
  const b = await admin.plan.confirm(planInput('联动授权矩阵测试方案乙', code('otherCoordinator'), [{ number: '1', title: '乙方案措施', lead: code('other'), partners: [code('otherPartner')] }]));
  const rInput = planInput('联动授权矩阵测试方案修订', code('coordinator'), [{ number: '1', title: '修订措施', lead: code('lead'), partners: [code('partner')] }]);
  const r = await admin.plan.confirm(rInput);

  const rows = await stack.t.db.selectFrom('measures').select(['id', 'number', 'planId']).where('planId', 'in', [a.planId, b.planId]).execute();
  const idOf = (subject: Subject) => rows.find((m) => m.planId === a.planId && m.number === `${SUBJECTS.indexOf(subject) + 1}`)!.id;
  const otherPlanMeasureId = rows.find((m) => m.planId === b.planId)!.id;

  const s = stack.service;
  const lead = people.lead!;
  const partner = people.officer!;
  const coordinator = people.coordinator!;
  const P = agencies.partner.id;
  const L = agencies.lead.id;

  const measures = {} as Record<Subject, SubjectMeasure>;
  await Promise.all(
    SUBJECTS.map(async (subject) => {
      const id = idOf(subject);
      const first = await s.state(id);
      const cycleIndex = first.cycle.index;
      const dueAt = Date.parse(first.cycle.duties.find((d) => d.agencyId === P)!.schedule.dueAt);
      const extensionDueAt = new Date(dueAt + Math.floor((Date.parse(first.cycle.closesAt) - dueAt) / 2)).toISOString();
      const m: SubjectMeasure = { id, cycleIndex, extensionDueAt };
      const latest = async (): Promise<MeasureState> => s.state(id);
      switch (subject) {
        case 'arbitrateDecline':
          await s.declineAssignment(partner, id, { agencyId: P, reason: '不属于本单位职责' });
          break;
        case 'decideTransfer':
          await s.requestTransfer(partner, id, { agencyId: P, toAgencyId: agencies.spare.id, reason: '应由市财政局承办' });
          break;
        case 'completeSubtask':
          await s.createSubtask(lead, id, { assigneeAgencyId: P, title: '提供数据', dueAt: daysFromNow(10) });
          m.subtaskId = (await latest()).subtasks[0]!.id;
          break;
        case 'reviewPartnerReport':
          await s.submitReport(partner, id, { agencyId: P, cycleIndex, content: reportContent() });
          break;
        case 'reviewCombinedReport':
          await s.submitReport(partner, id, { agencyId: P, cycleIndex, content: reportContent() });
          await s.reviewReport(lead, id, { agencyId: P, cycleIndex, decision: 'accept', comment: '' });
          await s.submitReport(lead, id, { agencyId: L, cycleIndex, content: reportContent() });
          break;
        case 'acknowledgeEscalation':
        case 'resolveEscalation':
          await s.escalate(lead, id, { agencyId: P, reason: '进展滞后' });
          m.escalationId = (await latest()).escalations[0]!.id;
          if (subject === 'resolveEscalation') await s.acknowledgeEscalation(coordinator, id, { escalationId: m.escalationId });
          break;
        case 'triageIssue':
        case 'resolveIssue':
        case 'respondIssue':
          await s.raiseIssue(partner, id, { title: '需市财政局配合', description: '', neededAgencyIds: [agencies.spare.id] });
          m.issueId = (await latest()).issues[0]!.id;
          if (subject === 'resolveIssue') await s.triageIssue(coordinator, id, { issueId: m.issueId, responderAgencyIds: [agencies.spare.id], dueAt: daysFromNow(10) });
          // The partner is named to answer (with an agency holding no assignment on the measure).
          if (subject === 'respondIssue') await s.triageIssue(coordinator, id, { issueId: m.issueId, responderAgencyIds: [P, agencies.spare.id], dueAt: daysFromNow(10) });
          break;
        case 'decideExtension': {
          await s.requestExtension(partner, id, { agencyId: P, requestedDueAt: extensionDueAt, reason: '数据尚未齐备' });
          await s.requestExtension(lead, id, { agencyId: L, requestedDueAt: extensionDueAt, reason: '等待配合单位' });
          const { extensions } = await latest();
          m.extensionIds = { partner: extensions.find((e) => e.agencyId === P)!.id, lead: extensions.find((e) => e.agencyId === L)!.id };
          break;
        }
        case 'decideClosure':
          await s.applyClosure(lead, id, { evidence: '已完成', finalKpis: [] });
          break;
        case 'reinstateMeasure':
        case 'reinstateMeasureByAdmin':
          await s.withdrawMeasure(coordinator, id, { reason: '方案调整' });
          break;
        default:
          break;
      }
      measures[subject] = m;
    }),
  );
  return { agencies, people, plans: { a: a.planId, b: b.planId, r: { id: r.planId, input: rInput } }, measures, otherPlanMeasureId };
}
