import type { AgencySeed } from './types';

/**
 * Every agency named in the responsibility clauses of the two fixture plans (002 Guangzhou, 003 Guangdong),
 * plus the parents that make the hierarchy whole.
 *
 * `name` is the form the documents write (市商务局, 省商务厅); `shortNames` hold the prefixed form
 * (广州市商务局, 广东省商务厅) and the full official name where it differs. Colloquial abbreviations
 * (发改委, 人社厅) are deliberately absent: an unlisted form comes back `unknown` with suggestions, for a person to confirm.
 * Bare `市…` names are Guangzhou's (plan 002's own shorthand); another city's department gets its full name.
 */
export const AGENCY_DIRECTORY: readonly AgencySeed[] = [
  // National bodies: parents of the vertical branches in Guangdong
  { code: 'cn-customs', name: '海关总署', shortNames: ['中华人民共和国海关总署'], level: 'national', parentCode: null, kind: 'customs' },
  { code: 'cn-pboc', name: '中国人民银行', shortNames: ['人民银行'], level: 'national', parentCode: null, kind: 'central_bank_branch' },
  { code: 'cn-nfra', name: '国家金融监督管理总局', shortNames: ['国家金融监管总局'], level: 'national', parentCode: null, kind: 'regulator' },
  { code: 'cn-csrc', name: '中国证券监督管理委员会', shortNames: ['中国证监会'], level: 'national', parentCode: null, kind: 'regulator' },
  { code: 'cn-mot', name: '交通运输部', shortNames: ['中华人民共和国交通运输部'], level: 'national', parentCode: null, kind: 'department' },
  { code: 'cn-msa', name: '中华人民共和国海事局', shortNames: ['交通运输部海事局'], level: 'national', parentCode: 'cn-mot', kind: 'regulator' },
  { code: 'cn-miit', name: '工业和信息化部', shortNames: ['中华人民共和国工业和信息化部'], level: 'national', parentCode: null, kind: 'department' },
  { code: 'cn-nia', name: '国家移民管理局', shortNames: [], level: 'national', parentCode: null, kind: 'border_inspection' },
  { code: 'cn-sat', name: '国家税务总局', shortNames: [], level: 'national', parentCode: null, kind: 'regulator' },

  // National bodies' branches in Guangdong (垂直管理单位)
  { code: 'gd-customs', name: '海关总署广东分署', shortNames: [], level: 'province', parentCode: 'cn-customs', kind: 'customs' },
  { code: 'gz-customs', name: '广州海关', shortNames: ['中华人民共和国广州海关'], level: 'city', parentCode: 'cn-customs', kind: 'customs' },
  { code: 'gz-customs-huangpu', name: '黄埔海关', shortNames: ['中华人民共和国黄埔海关'], level: 'city', parentCode: 'cn-customs', kind: 'customs' },
  { code: 'sz-customs', name: '深圳海关', shortNames: ['中华人民共和国深圳海关'], level: 'city', parentCode: 'cn-customs', kind: 'customs' },
  { code: 'gd-pboc', name: '中国人民银行广东省分行', shortNames: ['人民银行广东省分行'], level: 'province', parentCode: 'cn-pboc', kind: 'central_bank_branch' },
  { code: 'sz-pboc', name: '中国人民银行深圳市分行', shortNames: ['人民银行深圳市分行'], level: 'city', parentCode: 'cn-pboc', kind: 'central_bank_branch' },
  { code: 'gd-nfra', name: '国家金融监管总局广东监管局', shortNames: ['国家金融监督管理总局广东监管局'], level: 'province', parentCode: 'cn-nfra', kind: 'regulator' },
  { code: 'sz-nfra', name: '国家金融监管总局深圳监管局', shortNames: ['国家金融监督管理总局深圳监管局'], level: 'city', parentCode: 'cn-nfra', kind: 'regulator' },
  { code: 'gd-csrc', name: '广东证监局', shortNames: ['中国证券监督管理委员会广东监管局'], level: 'province', parentCode: 'cn-csrc', kind: 'regulator' },
  { code: 'sz-csrc', name: '深圳证监局', shortNames: ['中国证券监督管理委员会深圳监管局'], level: 'city', parentCode: 'cn-csrc', kind: 'regulator' },
  { code: 'gz-futures-exchange', name: '广州期货交易所', shortNames: [], level: 'national', parentCode: 'cn-csrc', kind: 'public_institution' },
  { code: 'gd-msa', name: '广东海事局', shortNames: ['中华人民共和国广东海事局'], level: 'province', parentCode: 'cn-msa', kind: 'regulator' },
  { code: 'gz-msa', name: '广州海事局', shortNames: ['中华人民共和国广州海事局'], level: 'city', parentCode: 'gd-msa', kind: 'regulator' },
  { code: 'gd-communications', name: '省通信管理局', shortNames: ['广东省通信管理局'], level: 'province', parentCode: 'cn-miit', kind: 'regulator' },
  { code: 'gz-border-inspection', name: '广州边检总站', shortNames: ['广州出入境边防检查总站'], level: 'province', parentCode: 'cn-nia', kind: 'border_inspection' },
  { code: 'zh-border-inspection', name: '珠海边检总站', shortNames: ['珠海出入境边防检查总站'], level: 'city', parentCode: 'cn-nia', kind: 'border_inspection' },
  { code: 'gd-tax', name: '国家税务总局广东省税务局', shortNames: ['广东省税务局'], level: 'province', parentCode: 'cn-sat', kind: 'regulator' },
  { code: 'gz-tax', name: '广州市税务局', shortNames: ['国家税务总局广州市税务局'], level: 'city', parentCode: 'gd-tax', kind: 'regulator' },

  // Guangdong province: government, party committee, court, leadership group
  { code: 'gd-gov', name: '广东省人民政府', shortNames: ['广东省政府', '省人民政府', '省政府'], level: 'province', parentCode: null, kind: 'government' },
  { code: 'gd-party-committee', name: '中共广东省委员会', shortNames: ['中共广东省委', '广东省委', '省委'], level: 'province', parentCode: null, kind: 'party_committee' },
  { code: 'gd-court', name: '省法院', shortNames: ['广东省高级人民法院', '省高级人民法院', '广东省法院'], level: 'province', parentCode: null, kind: 'court' },
  { code: 'gd-ftz-group', name: '省自贸试验区工作领导小组', shortNames: ['广东省自贸试验区工作领导小组'], level: 'province', parentCode: 'gd-gov', kind: 'leadership_group' },

  // Guangdong province: party offices (省委部门)
  { code: 'gd-party-cyberspace', name: '省委网信办', shortNames: ['广东省委网信办', '中共广东省委网络安全和信息化委员会办公室'], level: 'province', parentCode: 'gd-party-committee', kind: 'party_office' },

  // Guangdong province: departments (省政府组成部门、直属机构)
  { code: 'gd-commerce', name: '省商务厅', shortNames: ['广东省商务厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-public-security', name: '省公安厅', shortNames: ['广东省公安厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-finance', name: '省财政厅', shortNames: ['广东省财政厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-human-resources', name: '省人力资源社会保障厅', shortNames: ['广东省人力资源社会保障厅', '广东省人力资源和社会保障厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-ecology-environment', name: '省生态环境厅', shortNames: ['广东省生态环境厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-agriculture', name: '省农业农村厅', shortNames: ['广东省农业农村厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-market-regulation', name: '省市场监管局', shortNames: ['广东省市场监管局', '广东省市场监督管理局'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-data', name: '省政务服务数据管理局', shortNames: ['广东省政务服务数据管理局', '广东省政务服务和数据管理局'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-transport', name: '省交通运输厅', shortNames: ['广东省交通运输厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-science-technology', name: '省科技厅', shortNames: ['广东省科技厅', '广东省科学技术厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-medical-products', name: '省药监局', shortNames: ['广东省药监局', '广东省药品监督管理局'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-industry-it', name: '省工业和信息化厅', shortNames: ['广东省工业和信息化厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-development-reform', name: '省发展改革委', shortNames: ['广东省发展改革委', '广东省发展和改革委员会'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-tcm', name: '省中医药局', shortNames: ['广东省中医药局'], level: 'province', parentCode: 'gd-health', kind: 'department' },
  { code: 'gd-education', name: '省教育厅', shortNames: ['广东省教育厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-housing', name: '省住房城乡建设厅', shortNames: ['广东省住房城乡建设厅', '广东省住房和城乡建设厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-justice', name: '省司法厅', shortNames: ['广东省司法厅'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-health', name: '省卫生健康委', shortNames: ['广东省卫生健康委', '广东省卫生健康委员会'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-healthcare-security', name: '省医保局', shortNames: ['广东省医保局', '广东省医疗保障局'], level: 'province', parentCode: 'gd-gov', kind: 'department' },
  { code: 'gd-local-finance', name: '省地方金融监管局', shortNames: ['广东省地方金融监管局', '广东省地方金融监督管理局'], level: 'province', parentCode: 'gd-gov', kind: 'department' },

  // Guangdong province: public institutions
  { code: 'gd-tcm-hospital', name: '广东省中医院', shortNames: [], level: 'province', parentCode: 'gd-tcm', kind: 'public_institution' },

  // Free-trade-zone area committees and the Hengqin cooperation zone (片区管委会、合作区执委会)
  { code: 'gd-ftz-nansha', name: '广东自贸试验区广州南沙新区片区管委会', shortNames: ['中国(广东)自由贸易试验区广州南沙新区片区管理委员会', '广州南沙新区片区管委会', '南沙片区管委会'], level: 'zone', parentCode: 'gz-gov', kind: 'ftz_committee' },
  { code: 'gd-ftz-qianhai-shekou', name: '广东自贸试验区深圳前海蛇口片区管委会', shortNames: ['中国(广东)自由贸易试验区深圳前海蛇口片区管理委员会', '深圳前海蛇口片区管委会', '前海蛇口片区管委会'], level: 'zone', parentCode: 'sz-gov', kind: 'ftz_committee' },
  { code: 'gd-ftz-hengqin', name: '横琴粤澳深度合作区执委会', shortNames: ['横琴粤澳深度合作区执行委员会'], level: 'zone', parentCode: 'gd-gov', kind: 'ftz_committee' },

  // City governments in Guangdong
  { code: 'gz-gov', name: '广州市人民政府', shortNames: ['广州市政府'], level: 'city', parentCode: 'gd-gov', kind: 'government' },
  { code: 'sz-gov', name: '深圳市人民政府', shortNames: ['深圳市政府'], level: 'city', parentCode: 'gd-gov', kind: 'government' },
  { code: 'zh-gov', name: '珠海市人民政府', shortNames: ['珠海市政府'], level: 'city', parentCode: 'gd-gov', kind: 'government' },

  // Guangzhou: party committee and its offices (市委部门)
  { code: 'gz-party-committee', name: '中共广州市委员会', shortNames: ['中共广州市委', '广州市委', '市委'], level: 'city', parentCode: null, kind: 'party_committee' },
  { code: 'gz-party-publicity', name: '市委宣传部', shortNames: ['广州市委宣传部', '中共广州市委宣传部'], level: 'city', parentCode: 'gz-party-committee', kind: 'party_office' },
  { code: 'gz-party-cyberspace', name: '市委网信办', shortNames: ['广州市委网信办', '中共广州市委网络安全和信息化委员会办公室'], level: 'city', parentCode: 'gz-party-committee', kind: 'party_office' },
  { code: 'gz-party-finance', name: '市委金融办', shortNames: ['广州市委金融办', '中共广州市委金融委员会办公室'], level: 'city', parentCode: 'gz-party-committee', kind: 'party_office' },

  // Guangzhou: leadership group
  { code: 'gz-services-opening-group', name: '广州市服务业扩大开放综合试点工作领导小组', shortNames: ['市服务业扩大开放综合试点工作领导小组'], level: 'city', parentCode: 'gz-gov', kind: 'leadership_group' },

  // Guangzhou: departments (市政府工作部门)
  { code: 'gz-development-reform', name: '市发展改革委', shortNames: ['广州市发展改革委', '广州市发展和改革委员会'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-commerce', name: '市商务局', shortNames: ['广州市商务局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-investment-promotion', name: '市投发委办', shortNames: ['广州市投发委办'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-housing', name: '市住房城乡建设局', shortNames: ['广州市住房城乡建设局', '广州市住房和城乡建设局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-culture-tourism', name: '市文化广电旅游局', shortNames: ['广州市文化广电旅游局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-market-regulation', name: '市市场监管局', shortNames: ['广州市市场监管局', '广州市市场监督管理局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-port', name: '市港务局', shortNames: ['广州市港务局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-civil-affairs', name: '市民政局', shortNames: ['广州市民政局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-human-resources', name: '市人力资源社会保障局', shortNames: ['广州市人力资源社会保障局', '广州市人力资源和社会保障局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-justice', name: '市司法局', shortNames: ['广州市司法局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-science-technology', name: '市科技局', shortNames: ['广州市科技局', '广州市科学技术局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-public-security', name: '市公安局', shortNames: ['广州市公安局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-finance', name: '市财政局', shortNames: ['广州市财政局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-industry-it', name: '市工业和信息化局', shortNames: ['广州市工业和信息化局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-data', name: '市政务和数据局', shortNames: ['广州市政务和数据局', '广州市政务服务和数据管理局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-health', name: '市卫生健康委', shortNames: ['广州市卫生健康委', '广州市卫生健康委员会'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-transport', name: '市交通运输局', shortNames: ['广州市交通运输局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-sasac', name: '市国资委', shortNames: ['广州市国资委', '广州市人民政府国有资产监督管理委员会'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-education', name: '市教育局', shortNames: ['广州市教育局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-sport', name: '市体育局', shortNames: ['广州市体育局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-ecology-environment', name: '市生态环境局', shortNames: ['广州市生态环境局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },
  { code: 'gz-statistics', name: '市统计局', shortNames: ['广州市统计局'], level: 'city', parentCode: 'gz-gov', kind: 'department' },

  // Guangzhou: zone committee and public institutions
  { code: 'gz-airport-zone', name: '广州空港经济区管委会', shortNames: ['广州空港经济区管理委员会'], level: 'zone', parentCode: 'gz-gov', kind: 'ftz_committee' },
  { code: 'gz-arbitration', name: '广州仲裁委', shortNames: ['广州仲裁委员会'], level: 'city', parentCode: 'gz-gov', kind: 'public_institution' },

  // Guangzhou: the 11 district governments (各区政府)
  { code: 'gz-district-yuexiu', name: '越秀区政府', shortNames: ['广州市越秀区人民政府', '越秀区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
  { code: 'gz-district-haizhu', name: '海珠区政府', shortNames: ['广州市海珠区人民政府', '海珠区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
  { code: 'gz-district-liwan', name: '荔湾区政府', shortNames: ['广州市荔湾区人民政府', '荔湾区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
  { code: 'gz-district-tianhe', name: '天河区政府', shortNames: ['广州市天河区人民政府', '天河区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
  { code: 'gz-district-baiyun', name: '白云区政府', shortNames: ['广州市白云区人民政府', '白云区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
  { code: 'gz-district-huangpu', name: '黄埔区政府', shortNames: ['广州市黄埔区人民政府', '黄埔区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
  { code: 'gz-district-panyu', name: '番禺区政府', shortNames: ['广州市番禺区人民政府', '番禺区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
  { code: 'gz-district-huadu', name: '花都区政府', shortNames: ['广州市花都区人民政府', '花都区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
  { code: 'gz-district-nansha', name: '南沙区政府', shortNames: ['广州市南沙区人民政府', '南沙区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
  { code: 'gz-district-conghua', name: '从化区政府', shortNames: ['广州市从化区人民政府', '从化区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
  { code: 'gz-district-zengcheng', name: '增城区政府', shortNames: ['广州市增城区人民政府', '增城区人民政府'], level: 'district', parentCode: 'gz-gov', kind: 'district_government' },
];
