// Unit names as written in responsibility clauses: split, trimmed of 等/等相关单位, shorthand expanded.
// No directory lookup happens here; resolving a name to an agency is a separate, later step.
import { splitTopLevel, withoutBrackets } from './text';

/**
 * Department names without their level, which a clause writes after a prefixed one (`省公安厅、财政厅`).
 * A closed vocabulary: `海关总署广东分署` or `广东证监局` after `省通信管理局` must NOT gain the 省 prefix.
 */
const GOVERNMENT_STEMS = [
  '发展改革', '发展和改革', '发改', '教育', '科技', '科学技术', '工业和信息化', '工信', '经济和信息化', '经信',
  '民族宗教', '民宗', '公安', '国家安全', '民政', '司法', '财政', '人力资源社会保障', '人力资源和社会保障', '人社',
  '自然资源', '规划和自然资源', '规划自然资源', '生态环境', '住房城乡建设', '住房和城乡建设', '住建', '交通运输',
  '水利', '水务', '农业农村', '商务', '文化和旅游', '文化广电旅游', '文化广电新闻出版', '文旅', '卫生健康', '卫健',
  '退役军人事务', '应急管理', '审计', '国资委', '国有资产', '市场监管', '市场监督管理', '广播电视', '广电', '体育',
  '统计', '医保', '医疗保障', '林业', '地方金融监管', '地方金融', '金融监管', '政务服务数据管理', '政务服务和数据管理',
  '政务和数据', '政数', '数据', '药监', '药品监督', '中医药', '粮食和物资储备', '粮食', '能源', '知识产权', '信访',
  '港务', '口岸', '城市管理', '城管', '机关事务', '外事', '侨务', '港澳', '台港澳', '气象', '地震', '通信管理', '税务',
  '邮政管理', '投发委', '工商联', '科协', '妇联', '总工会', '残联', '贸促会', '侨联', '法院', '检察院', '海洋',
  '乡村振兴', '营商环境', '人民防空', '人防', '消防', '公共资源交易', '住房公积金', '供销', '海防', '打私', '档案',
  '研究室', '参事室', '政府研究室', '政府办公厅', '政府办公室', '行政审批', '审批服务', '行政服务', '大数据', '数据资源',
  '数字经济', '招商', '投资促进', '投促', '商务和投资促进', '金融', '应急', '人力社保', '医疗保障', '营商', '工商', '质监',
  '食药监', '安监', '地税', '国税', '物价', '经济合作', '外侨', '邮政', '文明办', '督查', '法制', '海洋与渔业', '渔业',
  '畜牧', '农机', '扶贫', '交警', '财政金融', '自然资源和规划', '科学技术和工业信息化', '科工信', '工业和科技', '经济发展',
  '经济和信息化', '农业农村和水利', '文化体育和旅游', '文体旅', '文广旅', '文广新旅', '综合行政执法', '行政执法', '园林',
  '住房保障', '房管', '房产', '税务', '统计', '信息化', '发展研究', '融媒体', '资源规划', '农委', '环保', '环境保护',
  '国土', '建设', '交通',  '人事', '劳动', '卫生', '卫计', '计生', '科经', '经发', '民委', '宗教', '侨办', '外侨办', '红十字会',
  '文联', '社科联', '科工', '工信委', '经信委', '发改委', '商务委', '教委', '教体', '教育体育', '文体', '文广', '新闻出版',
  '城乡建设', '规划', '国资', '安全生产', '食品药品', '粮食局', '水产', '旅游', '旅发委', '体育局', '住房和城乡建设',
];

/** Party offices (党委部门): after `省委网信办` a bare `宣传部` is 省委宣传部, not 省宣传部. */
const PARTY_STEMS = [
  '宣传部', '组织部', '统战部', '政法委', '网信办', '编办', '机构编制', '政研室', '政策研究室', '外办', '金融办',
  '台办', '农办', '深改办', '改革办', '保密办', '机要局', '老干部局', '党校', '直属机关工委', '巡视办', '纪委',
  '监委', '金融委', '社会工作部', '外事办',
];

const byLengthDesc = (list: string[]) => [...list].sort((a, b) => b.length - a.length).join('|');
const STEM_AT_START = new RegExp(`^(?:${byLengthDesc([...GOVERNMENT_STEMS, ...PARTY_STEMS])})`, 'u');
const PARTY_STEM_AT_START = new RegExp(`^(?:${byLengthDesc(PARTY_STEMS)})`, 'u');

/** A name ending like this names a body: 政府, 厅, 局, 委, 办, 管委会, 海关, 分行, 中心, 领导小组成员单位 … */
const AGENCY_SUFFIX =
  /(?:政府|办事处|委员会|委|办公室|办|厅|局|部|署|院|分行|支行|银行|海关|总站|站|中心|所|会|联|社|室|科|队|处|集团|公司|大学|学校|馆|台|团|小组|组|部门|成员单位)$/u;
/** A place written as a unit: `珠海市`, `南沙区` (its government); not `试验区`, `城市`, `示范区`. */
const PLACE_UNIT = /^(?:[\u4E00-\u9FFF]{2,6}(?:省|市|县)|[\u4E00-\u9FFF]{2,3}区)$/u;
const NOT_A_PLACE =
  /(?:试验|自贸|片|新|园|开发|示范|合作|保税|综保|高新|功能|集聚|先行|引领|核心|城|社|景|街|校|港|特|灾|牧|林|山|矿|辖|地|服务|专)区$|城市$|超市$|上市$/u;
/** Text that is a phrase, not a unit name: definitions, counts, quantities. */
const NOT_A_NAME = /[的0-9%％]|简称|下称|以下|例如|包括|不含|其中|等等|如下|试行|征求意见/u;

const ALL_DISTRICTS_HEAD =
  /^各(?:相关|有关)?(?:地级以上市|地级市|地市|县级以上|市县区|县市区|市县|县区|区县|乡镇|镇乡|镇街|街道|街办|地(?!区)|省(?!直)|市(?!场|直)|区(?!域|直)|县(?!域|直)|州(?!直)|盟|旗|镇|乡|级)/u;
const ALL_DISTRICTS_REST =
  /^(?:(?:、|和|及)?(?:县级市|县|区|市|镇|乡|街道|州|旗|盟))*(?:人民政府|政府|党委和政府|党委政府|管委会|办事处|街道办事处|有关部门|相关部门|各部门)?$/u;
/** The rest of a split collective: `县(区)人民政府` in `各市、县(区)人民政府`, `自治区、直辖市人民政府` in `各省、…`. */
const DISTRICT_CONTINUATION =
  /^(?:县级市|县|区|市|镇|乡|街道|州|旗|盟|自治区|直辖市|计划单列市|自治州|新疆生产建设兵团)(?:人民政府|政府|办事处|街道办事处|管委会)?$/u;

/**
 * True for a collective naming every district-level government under the plan: 各区政府, 各县(市、区)政府,
 * 各市(区)人民政府, 各地级以上市人民政府. A single named district (南沙区政府) is not.
 */
export function isAllDistricts(name: string): boolean {
  // `县(市、区)政府`, `区县政府`: every county government, written without 各 but naming no place.
  if (/^(?:县|区|市)[(（](?:市|区|县|旗)(?:、(?:市|区|县|旗))*[)）](?:人民)?政府$|^(?:县区|区县|市县|县市区|市县区)(?:人民)?政府$/u.test(name.replace(/\s/gu, ''))) return true;
  const plain = withoutBrackets(name).replace(/\s/gu, '');
  const head = ALL_DISTRICTS_HEAD.exec(plain);
  return head !== null && ALL_DISTRICTS_REST.test(plain.slice(head[0].length));
}

/** `县(区)人民政府` after `各市` in `各市、县(区)人民政府`: the second half of a split collective. */
export function isDistrictContinuation(name: string): boolean {
  return DISTRICT_CONTINUATION.test(withoutBrackets(name).replace(/\s/gu, ''));
}

/** 有关部门, 各相关单位, 省直各部门, 成员单位: no particular agency, nothing to assign. */
export function isGenericUnit(name: string): boolean {
  return (
    /^(?:各|其他|其它|省直|市直|区直|县直|省|市|区|县)?(?:有关|相关|各)?(?:部门|单位|机构)(?:和|及|、)?(?:部门|单位|机构)?$/u.test(name) ||
    /^(?:各|其他)?(?:有关|相关)(?:部门|单位|机构|企业)$/u.test(name) ||
    /^各?成员单位$/u.test(name)
  );
}

/**
 * A collective written as one name (`区直各部门`, `各相关单位`, `全区经济运行各专班`, `有关部门`, `各成员单位`): kept
 * as written among the leads and partners, for the coordinator to resolve into agencies.
 */
export function isCollectiveUnit(name: string): boolean {
  if (name.length < 2 || name.length > 30 || isAllDistricts(name)) return false;
  return (
    isGenericUnit(name) ||
    /^(?:各|其他|其它)?(?:有关|相关)[\u4E00-\u9FFF]{0,10}(?:部门|单位|机构|企业|学校|医院|院校|高校|协会|商会|组织)$/u.test(name) ||
    /^[\u4E00-\u9FFF]{0,12}各[\u4E00-\u9FFF]{0,8}(?:部门|单位|机构|专班|小组|成员单位|企业|学校|医院|院校|协会|商会|园区|开发区|委办局|委局办)$/u.test(name) ||
    /^[\u4E00-\u9FFF]{2,24}(?:成员单位|各成员)$/u.test(name)
  );
}

/** A development zone or park written as a unit (its 管委会): `立山经济开发区`, `高新区`, `XX产业园`. */
const ZONE_UNIT = /^[\u4E00-\u9FFF]{1,14}(?:经济技术开发区|经济开发区|开发区|高新区|高新技术产业开发区|产业园区|产业园|工业园区|工业园|园区|新区|保税区|综保区|综合保税区|片区|合作区|示范区|试验区|管理区)$/u;

/** Looks like the name of a body (by its ending), not a phrase such as `RCEP`, `不含6亩` or `征求意见稿`. */
export function isAgencyLike(name: string): boolean {
  if (name.length < 2 || name.length > 40 || NOT_A_NAME.test(name)) return false;
  if (!/^[\u4E00-\u9FFF]/u.test(name)) return false;
  return AGENCY_SUFFIX.test(name) || (PLACE_UNIT.test(name) && !NOT_A_PLACE.test(name)) || ZONE_UNIT.test(name) || isCollectiveUnit(name);
}

/** Removes what surrounds a written name: blanks, quotes, a leading 由, and trailing `等`, `等部门`, `等相关单位`. */
export function trimUnitName(raw: string): string {
  let name = raw.replace(/\s+/gu, '').replace(/^[“"‘'《]+|[”"’'》]+$/gu, '').replace(/^([★☆▲△*＊]*)(?:由|请)/u, '$1');
  for (;;) {
    const next = name.replace(/等(?:[\u4E00-\u9FFF]{1,4}?(?:有关|相关|其他|其它|级|直))?(?:有关|相关|其他|其它)?(?:部门|单位|机构)?$/u, '');
    if (next === name) return name;
    name = next;
  }
}

/** A role written after the name in brackets: `市商务局(牵头)`. */
export function splitRoleSuffix(written: string): { name: string; role: 'lead' | 'partner' | null } {
  // `★区发改委`: a star (or triangle) before a name marks the lead, as a table's legend says.
  const starred = /^[★☆▲△*＊]+/u.exec(written);
  if (starred) return { name: written.slice(starred[0].length), role: 'lead' };
  const name = written;
  const match = /[(（〔]\s*(牵头|主责|牵头单位|配合|参与|协办)\s*[)）〕]$/u.exec(name);
  if (!match) return { name, role: null };
  const role = match[1] === '牵头' || match[1] === '主责' || match[1] === '牵头单位' ? 'lead' : 'partner';
  return { name: name.slice(0, match.index), role };
}

/** Splits a run of names at `、` (outside brackets); a blank between two names is a separator too. */
export function splitUnitList(text: string): string[] {
  return splitTopLevel(text, '、').flatMap((item) => {
    const parts = item.split(/\s+/u).filter((part) => part.length > 0);
    const names = parts.length > 1 && parts.every((part) => isAgencyLike(trimUnitName(part))) ? parts : [item];
    // `A及B`, `A和B`, `A以及B`: two bodies joined by a word (not `住房和城乡建设局`, whose halves are not bodies).
    return names.flatMap((name) => {
      const joined = /^(.+?)(?:以及|及|和|与)(.+)$/u.exec(name);
      if (!joined?.[1] || !joined[2]) return [name];
      const [left, right] = [trimUnitName(joined[1]), trimUnitName(joined[2])];
      return isAgencyLike(left) && isAgencyLike(right) ? [joined[1], joined[2]] : [name];
    });
  });
}

interface LevelPrefix {
  /** `省`, `市`, `广州市` … */
  level: string;
  /** The name was a party office (`省委网信办`). */
  party: boolean;
}

const LEVEL_TOKEN = /自治区|自治州|自治县|省|市|区|县|州|盟|旗/gu;

/** The level prefix a following bare name inherits: `省公安厅` → 省, `省委网信办` → 省 (party), `市市场监管局` → 市. */
function levelPrefixOf(name: string): LevelPrefix | null {
  if (name.startsWith('各')) return null;
  for (const match of name.matchAll(LEVEL_TOKEN)) {
    const end = match.index + match[0].length;
    if (end > 10) break;
    const next = name.charAt(end);
    if ((match[0] === '市' && next === '场') || ((match[0] === '区' || match[0] === '县') && next === '域')) continue;
    const rest = name.slice(end);
    if (rest.startsWith('委') && !rest.startsWith('委员会') && rest.length > 1) return { level: name.slice(0, end), party: true };
    if (/^(?:人民政府|政府)/u.test(rest) || STEM_AT_START.test(rest)) return { level: name.slice(0, end), party: false };
    // `市行政审批局`: a level then a department of any name (局/委/办/厅), not a place (`市南沙区`).
    if (end <= 2 && /^[\u4E00-\u9FFF]{1,10}(?:局|委|办|厅)$/u.test(rest) && !/[省市区县]/u.test(rest.slice(0, 2))) {
      return { level: name.slice(0, end), party: false };
    }
  }
  return null;
}

/** A bare department name missing its level: `财政厅`, `市场监管局` ("市场" is a word, not the prefix 市). */
function needsLevelPrefix(name: string): boolean {
  if (name.startsWith('各')) return false;
  // Already carries its level: `市财政厅` after `市商务局` stays as written (`市场…` is a word, not a level).
  if (/^(?:省|市(?!场)|区|县|自治区)/u.test(name)) return false;
  // Banks, companies and universities carry their own names (`农业发展银行云南省分行`, `交通银行`).
  if (/(?:银行|分行|支行|集团|公司|大学|学院|医院)$/u.test(name)) return false;
  return STEM_AT_START.test(name) || (/厅$/u.test(name) && !/省|自治区/u.test(name));
}

function withLevel(name: string, prefix: LevelPrefix): string {
  return prefix.party && PARTY_STEM_AT_START.test(name) ? `${prefix.level}委${name}` : `${prefix.level}${name}`;
}

/** `广州` before `深圳市人民政府`: a bare place sharing the next name's ending. */
function isBarePlace(name: string): boolean {
  return (
    /^[\u4E00-\u9FFF]{2,3}$/u.test(name) &&
    !AGENCY_SUFFIX.test(name) &&
    !STEM_AT_START.test(name) &&
    !name.startsWith('各') &&
    !DISTRICT_CONTINUATION.test(name)
  );
}

/** Endings shared by bodies named after a place without a level (`广州、深圳海关`). */
const SHAREABLE_ENDING = /^(?:海关|海事局|边检总站|边检站|证监局|监管局|税务局|中级人民法院|中院|仲裁委|海事法院)$/u;

/** `广州` + `深圳市人民政府` → `广州市人民政府`; `南沙` + `黄埔区政府` → `南沙区政府`; `广州` + `深圳海关` → `广州海关`. */
function shareEnding(bare: string, full: string): string | null {
  const level = /^[\u4E00-\u9FFF]{2,3}?(省|市(?!场)|区|县|州)/u.exec(full);
  if (level) {
    const ending = full.slice(level[0].length - 1);
    return bare.endsWith(ending.charAt(0)) ? bare + ending.slice(1) : bare + ending;
  }
  const rest = full.slice(bare.length);
  return SHAREABLE_ENDING.test(rest) ? bare + rest : null;
}

/**
 * Expands shorthand in the groups of a clause (a group = the names between two commas, separated by `、`):
 * a bare place shares the ending of the next full name in its group (`广州、深圳市人民政府`), and a bare
 * department inherits the level of the nearest earlier prefixed name (`省公安厅、财政厅` → 省财政厅;
 * `市生态环境局、市场监管局` → 市市场监管局). Full names (`人民银行深圳市分行`) are left as written.
 */
export function expandUnitNames(groups: string[][]): string[][] {
  let prefix: LevelPrefix | null = null;
  return groups.map((group) => {
    const shared = group.map((name, i) => {
      if (!isBarePlace(name)) return name;
      const full = group.slice(i + 1).find((other) => !isBarePlace(other));
      return (full && shareEnding(name, full)) ?? name;
    });
    return shared.map((name) => {
      const expanded = prefix && needsLevelPrefix(name) ? withLevel(name, prefix) : name;
      // Shorthand takes the level of the name just before it: a name of no level (`立山经济开发区`, `各街道`) ends the run.
      prefix = levelPrefixOf(expanded);
      return expanded;
    });
  });
}
