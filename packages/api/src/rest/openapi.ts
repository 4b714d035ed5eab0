// The OpenAPI 3.1 document of /api/v1, generated from REST_OPERATIONS and the procedures' own zod input schemas
// (z.toJSONSchema, as the client sends them): what the document promises is what the procedure checks.
import { z } from 'zod';
import { WEBHOOK_EVENTS } from '@liandong/domain';
import { appRouter } from '../root';
import { DEFAULT_API_RATE_LIMIT } from '../services/integrations';
import { REST_OPERATIONS, type JsonSchema, type RestOperation } from './operations';

/** The procedure's input parser (tRPC keeps the parsers it was given in `_def.inputs`). */
export function procedureInput(procedure: string): z.ZodType | null {
  const record = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } } | undefined>;
  const found = record[procedure];
  if (!found) throw new Error(`REST operation names an unknown procedure: ${procedure}`);
  const [input] = found._def.inputs;
  return (input as z.ZodType | undefined) ?? null;
}

/** The input's JSON Schema (an object schema), as the client sends it. */
export function inputJsonSchema(procedure: string): { properties: Record<string, JsonSchema>; required: string[] } {
  const input = procedureInput(procedure);
  if (!input) return { properties: {}, required: [] };
  const schema = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  return { properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, describe(clean(v), k)])), required };
}

/** Drops the JSON Schema keywords that have no place inside an OpenAPI schema object ($schema). */
function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _drop, ...rest } = schema;
  return rest;
}

/** zh-CN descriptions of the fields, by name (the zod schemas carry the rules, these the meaning). */
const FIELD_DESCRIPTIONS: Record<string, string> = {
  measureId: '措施编号（uuid）',
  escalationId: '督办事项编号',
  agencyId: '单位编号（机构目录）',
  toAgencyId: '转办给的单位编号',
  reason: '理由',
  decision: '处理决定',
  requestId: '请求编号：同一编号重复提交只执行一次（也可用 Idempotency-Key 头）',
  cycleIndex: '报送周期序号（从 0 起；当前周期见措施详情 cycle.index）',
  content: '报告内容',
  progressStatus: '进展状态：on_track 正常推进 / at_risk 有风险 / blocked 受阻 / done 已完成',
  percentDone: '完成百分比（0–100）',
  kpiValues: '量化指标的本期数值',
  metric: '指标名称',
  value: '数值',
  summary: '进展情况',
  problems: '存在问题',
  supportRequested: '需协调事项',
  planId: '方案编号',
  role: '本单位角色：lead 牵头 / partner 配合 / coordinator 协调',
  status: '措施状态',
  escalationLevel: '督办等级：blue 蓝 / yellow 黄 / red 红 / none 无',
  overdue: '是否只看逾期',
  sort: '排序：due 截止时间 / number 序号 / updated 更新时间 / escalation 督办等级',
  limit: '每页条数',
  offset: '跳过的条数',
  cursor: '翻页令牌（上一页的 next）',
  unreadOnly: '只看未读',
  ids: '提醒编号列表，或 "all"',
  level: '督办等级',
};

function describe(schema: JsonSchema, name: string): JsonSchema {
  const own = typeof schema.description === 'string' ? {} : FIELD_DESCRIPTIONS[name] ? { description: FIELD_DESCRIPTIONS[name] } : {};
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  const items = schema.items as JsonSchema | undefined;
  return {
    ...schema,
    ...own,
    ...(properties ? { properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, describe(v, k)])) } : {}),
    ...(items && items.properties ? { items: describe(items, '') } : {}),
  };
}

/** The fields a client may send for the operation, without those the path gives or REST hides. */
export function operationFields(op: RestOperation): { properties: Record<string, JsonSchema>; required: string[] } {
  if (!op.procedure) return { properties: {}, required: [] };
  const { properties, required } = inputJsonSchema(op.procedure);
  const skip = new Set([...(op.pathParams ?? []), ...(op.hidden ?? [])]);
  const defaulted = new Set(Object.keys(op.defaults?.({ tokenId: '', actor: { userId: '', username: '', displayName: '', agencyId: 1, roles: ['officer'] } }) ?? {}));
  const kept = Object.fromEntries(Object.entries(properties).filter(([k]) => !skip.has(k)));
  for (const key of defaulted) {
    if (kept[key]) kept[key] = { ...kept[key], description: '缺省为令牌所属单位 / defaults to the token’s agency' };
  }
  return { properties: kept, required: required.filter((k) => !skip.has(k) && !defaulted.has(k)) };
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          enum: ['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY_REQUESTS', 'PAYLOAD_TOO_LARGE', 'INTERNAL', 'SERVICE_UNAVAILABLE'],
          description: '错误代码',
        },
        message: { type: 'string', description: '错误说明（中文与英文）；409 时为措施流程给出的原因' },
        fields: {
          anyOf: [
            {
              type: 'array',
              items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string', description: '出错的字段（如 content.percentDone）' }, message: { type: 'string' } } },
            },
            { type: 'null' },
          ],
          description: '400 时：每个出错字段及原因',
        },
        retryAfterSeconds: { type: 'integer', description: '429 时：多少秒后可重试（同 Retry-After 头）' },
        dependency: { type: 'string', enum: ['database', 'temporal'], description: '503 时：暂时不可用的依赖（数据库或流程引擎）' },
      },
    },
  },
};

const ERRORS: Record<string, string> = {
  '400': '输入有误：`fields` 指出字段及原因，未做任何更改 / bad input, nothing changed',
  '401': '缺少令牌、令牌无效、已吊销或已过期 / missing, unknown, revoked or expired token',
  '403': '本单位无权进行此操作 / the agency may not do this',
  '404': '对象不存在 / not found',
  '409': '措施流程不允许此操作，`message` 为原因 / the measure’s workflow refuses it, with its reason',
  '429': '超过令牌的请求频率限制 / over the token’s rate limit',
  '503': '数据库或流程引擎暂时不可用，或该措施当前提交过多：`dependency` 指出哪一个；按 `Retry-After` 稍后以同一 `requestId` 重试，不会重复执行 / a dependency is unavailable or the measure is busy: retry after Retry-After with the same requestId, never applied twice',
};

const CHANGES = new Set(['post']);

function coercedQueryParameter(name: string, schema: JsonSchema, required: boolean) {
  return { name, in: 'query', required, description: typeof schema.description === 'string' ? schema.description : undefined, schema };
}

/** The whole document, for `GET /api/v1/openapi.json`. */
export function openApiDocument(options: { serverUrl?: string } = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of REST_OPERATIONS) {
    const fields = operationFields(op);
    const all = op.procedure ? inputJsonSchema(op.procedure).properties : {};
    const parameters: JsonSchema[] = (op.pathParams ?? []).map((name) => ({ name, in: 'path', required: true, schema: all[name] ?? { type: 'string' } }));
    if (op.from === 'query') {
      for (const [name, schema] of Object.entries(fields.properties)) parameters.push(coercedQueryParameter(name, schema, fields.required.includes(name)));
    }
    const responses: Record<string, JsonSchema> = {
      '200': { description: op.response.description, content: { 'application/json': { schema: op.response.schema } } },
    };
    const errorCodes = ['400', '401', '403', '404', '429', '503', ...(CHANGES.has(op.method) && op.procedure?.startsWith('measure.') ? ['409'] : [])];
    for (const code of errorCodes.sort()) responses[code] = { $ref: `#/components/responses/E${code}` };
    const operation: JsonSchema = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      description: op.description + (op.procedure ? `\n\n对应门户的 tRPC 过程 \`${op.procedure}\`，权限规则相同。` : ''),
      parameters,
      responses,
      'x-liandong-procedure': op.procedure,
    };
    if (op.from === 'body') {
      operation.requestBody = {
        required: fields.required.length > 0,
        content: { 'application/json': { schema: { type: 'object', properties: fields.properties, required: fields.required, additionalProperties: false } } },
      };
    }
    (paths[op.path] ??= {})[op.method] = operation;
  }
  paths['/agencies'] = {
    get: {
      operationId: 'listAgencies',
      tags: ['directory'],
      summary: '机构目录 / the agency directory',
      description: '按名称（全称或简称）搜索的机构目录，无需令牌。',
      security: [],
      parameters: [{ name: 'search', in: 'query', required: false, schema: { type: 'string', maxLength: 100 } }],
      responses: {
        '200': { description: '机构', content: { 'application/json': { schema: { type: 'object', properties: { agencies: { type: 'array', items: { type: 'object' } } } } } } },
        '400': { $ref: '#/components/responses/E400' },
      },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: '联动 Liandong 开放接口 / REST API',
      version: '1.0.0',
      description: [
        '供办公自动化（OA）、粤政易、浙政钉工作群、数据共享平台等系统读取本单位的分工并回报进展。',
        '',
        `- **认证**：\`Authorization: Bearer <令牌>\`。令牌由管理员为单位创建（\`pnpm liandong token create\` 或门户“接口与推送”页面），只显示一次；令牌的权限与该单位的承办人（或协调办）相同，不会更多；每次使用都记入审计日志。`,
        `- **频率限制**：每个令牌每 ${DEFAULT_API_RATE_LIMIT.windowSeconds} 秒 ${DEFAULT_API_RATE_LIMIT.requests} 次（可配置）；超过时 429，\`Retry-After\` 给出秒数。`,
        '- **错误**：统一为 `{ "error": { "code", "message", "fields" } }`；400 的 `fields` 指出字段。',
        '- **幂等**：命令可带 `requestId`，同一 `requestId` 重复提交只执行一次。',
        `- **事件推送（Webhook）**：按 Standard Webhooks 规范签名（\`webhook-id\`、\`webhook-timestamp\`、\`webhook-signature: v1,<base64 HMAC-SHA256>\`）。事件类型：${Object.entries(WEBHOOK_EVENTS)
          .map(([type, e]) => `\`${type}\`（${e.zh}）`)
          .join('；')}。`,
      ].join('\n'),
    },
    servers: [{ url: options.serverUrl ?? '/api/v1' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'me', description: '令牌身份' },
      { name: 'assignments', description: '分工事项：查看、接收、退回、申请转办' },
      { name: 'measures', description: '措施与报送周期' },
      { name: 'reports', description: '进展报送' },
      { name: 'notifications', description: '站内提醒' },
      { name: 'escalations', description: '督办（协调办）' },
      { name: 'directory', description: '机构目录' },
    ],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: '单位接口令牌（ld_ 开头）' } },
      schemas: { Error: errorSchema },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([code, description]) => [
          `E${code}`,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  };
}
