/** Administrative level of an agency in the directory. */
export type AgencyLevel = 'national' | 'province' | 'city' | 'district' | 'zone' | 'other';

/** What sort of body an agency is; drives defaults such as "every district government". */
export type AgencyKind =
  | 'government' // 人民政府 of a province or city
  | 'district_government' // 区/县政府
  | 'department' // 厅/局/委/办 of a government
  | 'party_committee' // 党委: 中共广东省委, 中共广州市委
  | 'party_office' // 党委部门: 宣传部, 网信办, 金融办 …
  | 'ftz_committee' // 自贸试验区片区管委会, 合作区执委会, 管委会
  | 'customs' // 海关
  | 'border_inspection' // 边检总站
  | 'central_bank_branch' // 人民银行分行
  | 'regulator' // 证监局, 金融监管局, 海事局, 通信管理局, 税务局 …
  | 'court' // 法院
  | 'leadership_group' // 领导小组 and its member units
  | 'public_institution' // 仲裁委, 医院, 交易所 …
  | 'other';

export interface AgencySeed {
  /** Stable key used by seeds and tests, e.g. `gz-commerce`, `gd-commerce`. */
  code: string;
  /** Official name as written in the documents, e.g. 市商务局 (Guangzhou), 省商务厅. */
  name: string;
  /** Aliases and short names, e.g. 广州市商务局, 商务厅. */
  shortNames: string[];
  level: AgencyLevel;
  parentCode: string | null;
  kind: AgencyKind;
}
