// REST /api/v1 for other government systems (OA, 粤政易/浙政钉 work groups, data-sharing platforms): every operation
// is a tRPC procedure of the portal's, called with the token's agency officer (or coordinator office) as the actor,
// so the same input rules, the same authorization policy and the same services answer both. The OpenAPI document
// (openapi.ts) is generated from this table and from the procedures' own zod input schemas.
import type { Services } from '../services';
import type { TokenPrincipal } from '../services/integrations';

export type JsonSchema = Record<string, unknown>;

/** What a request brings, once the path parameters are read and the query coerced. */
export interface RestRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  principal: TokenPrincipal;
}

export interface RestOperation {
  operationId: string;
  method: 'get' | 'post';
  /** OpenAPI path under /api/v1, with `{param}`s. */
  path: string;
  /** The tRPC procedure (`measure.acceptAssignment`) that answers it; null for what only a token has (`/me`). */
  procedure: string | null;
  /** The answer when there is no procedure. */
  local?: (request: RestRequest, services: Services) => Promise<unknown>;
  tag: 'assignments' | 'measures' | 'reports' | 'notifications' | 'escalations' | 'me';
  /** zh-CN summary, English after a slash where it helps a non-Chinese reader. */
  summary: string;
  description: string;
  /** Where the procedure's other fields come from: the query string (reads) or the JSON body (commands). */
  from: 'query' | 'body' | 'none';
  /** Fields of the procedure's input that the path gives. */
  pathParams?: readonly string[];
  /** Fields a client may leave out because the token decides them (the agency: its own). */
  defaults?: (principal: TokenPrincipal) => Record<string, unknown>;
  /** Fields of the procedure's input that REST does not offer (another agency's lists are for auditors, never tokens). */
  hidden?: readonly string[];
  /** The answer, for the document. */
  response: { description: string; schema: JsonSchema };
}

// ---- response schemas (what the procedures answer; additional properties may appear) -----------------------------

const str = (description?: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const int = (description?: string): JsonSchema => ({ type: 'integer', ...(description ? { description } : {}) });
const obj = (properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema => ({ type: 'object', properties, required, additionalProperties: true });
const list = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const dateTime = (description?: string) => str(description, { format: 'date-time' });
const uuid = (description?: string) => str(description, { format: 'uuid' });

const agencyRef = obj({ agencyId: int('单位编号 / agency id'), name: str('单位名称 / agency name') });
const deadline = nullable(obj({ daysLeft: int('距截止的工作日数（当天为 0，逾期为负）'), overdue: { type: 'boolean', description: '是否逾期' } }));
const bool = (description?: string): JsonSchema => ({ type: 'boolean', ...(description ? { description } : {}) });

/** A command's result: the workflow's decision, numbered. */
const commandResult = obj(
  {
    seq: int('措施事件序号 / the measure’s event number after this command'),
    status: str('措施状态 / the measure’s status'),
    events: list(str()),
    created: str('新建对象的编号（如子任务）/ id of what the command created, if any'),
  },
  ['seq', 'status', 'events'],
);

const assignmentRow = obj(
  {
    id: uuid('措施编号 / measure id'),
    planId: nullable(uuid()),
    planTitle: nullable(str()),
    number: str('措施序号（如“（二）”）'),
    title: str('措施名称'),
    status: str('措施状态：active 推进中 / closure_requested 申请办结 / closed 已办结 / withdrawn 已撤销'),
    cycleIndex: nullable(int('当前报送周期序号（从 0 起）')),
    leadAgencyId: int('牵头单位编号'),
    role: str('本单位角色：lead 牵头 / partner 配合 / coordinator 协调'),
    assignmentStatus: nullable(str('分工状态：pending 待接收 / accepted 已接收 / declined 已退回 / transfer_requested 申请转办')),
    dueAt: nullable(dateTime('本单位本周期报送截止时间')),
    escalationLevel: nullable(str('督办等级：blue / yellow / red')),
    overdue: bool('是否逾期未报'),
    updatedAt: dateTime(),
    deadline,
  },
  ['id', 'number', 'title', 'status', 'role', 'overdue'],
);

const dutyReport = nullable(
  obj(
    {
      status: str('submitted 已报送 / accepted 已采纳 / returned 已退回'),
      revision: int('修订次数'),
      late: bool('迟报'),
      content: nullable({ type: 'object', description: '报告内容' }),
      submittedAt: nullable(dateTime()),
      reviewComment: nullable(str('审核意见')),
      reviewedAt: nullable(dateTime()),
    },
    ['status', 'revision', 'late'],
  ),
);
const duty = obj({ agencyId: int(), name: str(), cycleIndex: int(), dueAt: dateTime('报送截止'), extended: bool('已延期'), report: dutyReport }, ['agencyId', 'name', 'cycleIndex', 'dueAt', 'report']);

const measurePage = obj(
  {
    id: uuid(),
    number: str(),
    section: nullable(str()),
    title: str(),
    body: str('措施原文'),
    status: str(),
    dueOn: nullable(str('完成时限（yyyy-mm-dd）', { format: 'date' })),
    ongoing: bool('长期'),
    deadlineText: nullable(str('完成时限原文')),
    overdue: bool('逾期未办结'),
    plan: nullable(obj({ id: uuid(), title: nullable(str()), documentNumber: nullable(str('文号')) })),
    coordinator: agencyRef,
    assignments: list(obj({ agencyId: int(), name: str(), role: str('lead 牵头 / partner 配合'), status: str('分工状态'), declineReason: nullable(str()), transferTo: nullable(agencyRef) }, ['agencyId', 'name', 'role', 'status'])),
    cycle: obj({ index: int('周期序号'), periodStart: dateTime(), periodEnd: dateTime(), dueAt: dateTime('报送截止'), closesAt: dateTime(), duties: list(duty) }),
    carried: list(duty),
    subtasks: list(obj({ id: str(), title: str(), status: str(), dueAt: dateTime(), assignee: agencyRef }, ['id', 'title', 'assignee'])),
    escalations: list(obj({ id: str(), kind: str('overdue 逾期 / manual 人工'), level: str('blue / yellow / red'), status: str('open / acknowledged'), agency: nullable(agencyRef), reason: nullable(str()), raisedAt: nullable(dateTime()) }, ['id', 'level', 'status'])),
  },
  ['id', 'number', 'title', 'status', 'coordinator', 'assignments', 'cycle'],
);

const notification = obj(
  {
    id: uuid(),
    kind: str('提醒类型（措施事件名，如 reminder.sent）'),
    message: str('提醒内容'),
    createdAt: dateTime(),
    readAt: nullable(dateTime('已读时间')),
    measureId: nullable(uuid()),
    measureNumber: nullable(str()),
    measureTitle: nullable(str()),
  },
  ['id', 'kind', 'message', 'createdAt', 'readAt'],
);

const escalation = obj(
  {
    id: str('督办事项编号'),
    level: str('blue 提醒 / yellow 督办单 / red 通报'),
    reason: str(),
    raisedAt: dateTime(),
    status: str('open 待签收 / acknowledged 已签收'),
    acknowledgedAt: nullable(dateTime()),
    measureId: uuid(),
    measureNumber: str(),
    measureTitle: str(),
    planId: uuid(),
    planTitle: str(),
    agencyId: nullable(int('被督办单位；整项督办时为空')),
    agencyName: nullable(str()),
    ageDays: int('已过天数'),
    acknowledged: bool(),
  },
  ['id', 'level', 'measureId', 'status'],
);

// ---- the operations ----------------------------------------------------------------------------------------------

const ownAgency = (principal: TokenPrincipal) => ({ agencyId: principal.actor.agencyId });

export const REST_OPERATIONS: readonly RestOperation[] = [
  {
    operationId: 'getMe',
    method: 'get',
    path: '/me',
    procedure: null,
    local: async ({ principal }, services) => {
      const agency = await services.agencies.byId(principal.actor.agencyId);
      return { tokenId: principal.tokenId, name: principal.actor.displayName, agency: { id: principal.actor.agencyId, name: agency?.name ?? null }, roles: principal.actor.roles };
    },
    tag: 'me',
    summary: '当前令牌的身份 / who this token acts as',
    description: '令牌所属单位及其角色：officer 承办人，或 coordinator 协调办。令牌的权限与该单位的承办人（或协调办）相同，不会更多。',
    from: 'none',
    response: {
      description: '令牌代表的单位与角色',
      schema: obj({ tokenId: uuid(), name: str(), agency: obj({ id: int(), name: nullable(str()) }), roles: list(str()) }),
    },
  },
  {
    operationId: 'listAssignments',
    method: 'get',
    path: '/assignments',
    procedure: 'inbox.measures',
    tag: 'assignments',
    summary: '本单位的分工事项 / the agency’s assignments',
    description: '本单位牵头、配合（协调办令牌还包括所协调方案）的措施，可按方案、角色、状态、督办等级、是否逾期筛选，按截止时间等排序，offset 分页并返回总数。',
    from: 'query',
    hidden: ['agencyId'],
    response: { description: '分工事项与总数', schema: obj({ rows: list(assignmentRow), total: int('符合筛选条件的总数') }) },
  },
  {
    operationId: 'listInbox',
    method: 'get',
    path: '/inbox',
    procedure: 'inbox.items',
    tag: 'assignments',
    summary: '待办事项 / what waits on the agency',
    description: '待接收、待报送、待审核、待完成的子任务等，最紧急的在前；用 `next` 翻页。',
    from: 'query',
    hidden: ['agencyId'],
    response: {
      description: '待办事项',
      schema: obj({
        items: list(obj({ kind: str('待办类型'), refId: str(), measureId: uuid(), measureNumber: str(), measureTitle: str(), agencyId: int(), dueAt: nullable(dateTime()), since: dateTime(), deadline }, ['kind', 'measureId'])),
        next: nullable(str('下一页令牌')),
      }),
    },
  },
  {
    operationId: 'getMeasure',
    method: 'get',
    path: '/measures/{measureId}',
    procedure: 'measure.get',
    tag: 'measures',
    summary: '措施详情与报送周期 / a measure and its cycles',
    description: '措施原文、完成时限、牵头与配合单位及其分工状态、当前报送周期及各单位报送情况、子任务、督办、延期、以往周期的报告。无权查看时 403，不存在时 404。',
    from: 'none',
    pathParams: ['measureId'],
    response: { description: '措施页', schema: measurePage },
  },
  {
    operationId: 'acceptAssignment',
    method: 'post',
    path: '/measures/{measureId}/accept',
    procedure: 'measure.acceptAssignment',
    tag: 'assignments',
    summary: '接收分工 / accept the assignment',
    description: '本单位接收该措施的牵头或配合分工。`agencyId` 缺省为令牌所属单位。`requestId` 相同的重复请求只执行一次。不能接收时 409，原因来自措施流程。',
    from: 'body',
    pathParams: ['measureId'],
    defaults: ownAgency,
    response: { description: '已接收', schema: commandResult },
  },
  {
    operationId: 'declineAssignment',
    method: 'post',
    path: '/measures/{measureId}/decline',
    procedure: 'measure.declineAssignment',
    tag: 'assignments',
    summary: '退回分工 / decline, with a reason',
    description: '说明理由退回分工，由协调办裁定。`agencyId` 缺省为令牌所属单位。',
    from: 'body',
    pathParams: ['measureId'],
    defaults: ownAgency,
    response: { description: '已退回，待协调办裁定', schema: commandResult },
  },
  {
    operationId: 'requestTransfer',
    method: 'post',
    path: '/measures/{measureId}/transfer-request',
    procedure: 'measure.requestTransfer',
    tag: 'assignments',
    summary: '申请转办 / request a transfer to another agency',
    description: '申请将本单位的分工转给 `toAgencyId`（机构目录中的单位），由协调办审批。',
    from: 'body',
    pathParams: ['measureId'],
    defaults: ownAgency,
    response: { description: '已申请转办', schema: commandResult },
  },
  {
    operationId: 'submitReport',
    method: 'post',
    path: '/measures/{measureId}/reports',
    procedure: 'measure.submitReport',
    tag: 'reports',
    summary: '报送进展 / submit the cycle’s progress report',
    description:
      '报送 `cycleIndex` 周期的进展（当前周期见措施详情的 `cycle.index`）：进展状态、完成百分比、量化指标、进展情况、存在问题、需协调事项。逾期仍可报送（记为迟报）；退回后再次报送为修订。`requestId` 相同的重复请求只记一次。',
    from: 'body',
    pathParams: ['measureId'],
    defaults: ownAgency,
    response: { description: '已报送', schema: commandResult },
  },
  {
    operationId: 'listNotifications',
    method: 'get',
    path: '/notifications',
    procedure: 'notification.list',
    tag: 'notifications',
    summary: '站内提醒 / the agency’s notifications',
    description: '本单位的提醒，最新的在前；`unreadOnly=true` 只看未读；用 `next` 翻页。',
    from: 'query',
    hidden: ['agencyId'],
    response: { description: '提醒', schema: obj({ items: list(notification), next: nullable(str('下一页令牌')) }) },
  },
  {
    operationId: 'markNotificationsRead',
    method: 'post',
    path: '/notifications/read',
    procedure: 'notification.markRead',
    tag: 'notifications',
    summary: '标记已读 / acknowledge notifications',
    description: '`ids` 为提醒编号列表，或 `"all"` 标记全部已读。只改变本单位的提醒。',
    from: 'body',
    response: { description: '标记的条数', schema: obj({ marked: int('本次标记为已读的条数') }) },
  },
  {
    operationId: 'listEscalations',
    method: 'get',
    path: '/escalations',
    procedure: 'escalation.queue',
    tag: 'escalations',
    summary: '督办队列（协调办）/ the coordinator’s escalation queue',
    description: '协调办所协调方案中未解决的督办事项，红色在前、时间早的在前，offset 分页并返回总数。承办人令牌为 403。',
    from: 'query',
    response: { description: '督办事项与总数', schema: obj({ rows: list(escalation), total: int() }) },
  },
  {
    operationId: 'acknowledgeEscalation',
    method: 'post',
    path: '/measures/{measureId}/escalations/{escalationId}/acknowledge',
    procedure: 'measure.acknowledgeEscalation',
    tag: 'escalations',
    summary: '确认督办（协调办）/ acknowledge an escalation',
    description: '协调办确认收到督办事项。',
    from: 'body',
    pathParams: ['measureId', 'escalationId'],
    response: { description: '已确认', schema: commandResult },
  },
  {
    operationId: 'resolveEscalation',
    method: 'post',
    path: '/measures/{measureId}/escalations/{escalationId}/resolve',
    procedure: 'measure.resolveEscalation',
    tag: 'escalations',
    summary: '处理督办（协调办）/ resolve an escalation with a decision',
    description: '协调办写明处理决定，解决督办事项。',
    from: 'body',
    pathParams: ['measureId', 'escalationId'],
    response: { description: '已处理', schema: commandResult },
  },
];
