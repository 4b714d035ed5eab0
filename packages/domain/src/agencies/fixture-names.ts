/**
 * The responsibility clauses of the two fixture plans, copied verbatim, with the agency names a reader takes
 * from each: shorthand expanded (`省公安厅、财政厅` → 省公安厅, 省财政厅; `广州、深圳市人民政府` → 广州市人民政府,
 * 深圳市人民政府), otherwise as written (`等相关单位`, `成员单位` kept). Hand-written so the directory can be checked
 * against the documents without the importer; it is also the expected output for the importer's own tests.
 */
export interface FixtureResponsibility {
  /** Measure number as the document writes it: `一` … `二十二` (002), `1` … `20` (003). */
  measure: string;
  /** The final parenthetical of the measure, verbatim, without its enclosing brackets. */
  clause: string;
  /** 牵头单位: 003 marks them with 牵头; in 002 the first unit listed leads. */
  leads: string[];
  /** 配合单位 (按职责分工负责), excluding the collective 各区政府. */
  partners: string[];
  /** The clause names 各区政府: every district government of the city. */
  allDistricts: boolean;
}

const NANSHA_FTZ = '广东自贸试验区广州南沙新区片区管委会';
const QIANHAI_FTZ = '广东自贸试验区深圳前海蛇口片区管委会';
const HENGQIN = '横琴粤澳深度合作区执委会';
const FTZ_COMMITTEES = [NANSHA_FTZ, QIANHAI_FTZ, HENGQIN];

/** 广州市关于以高水平开放推动服务贸易和数字贸易高质量发展的若干措施: 22 measures. */
export const PLAN_002_RESPONSIBILITIES: readonly FixtureResponsibility[] = [
  { measure: '一', clause: '广州市服务业扩大开放综合试点工作领导小组成员单位', leads: ['广州市服务业扩大开放综合试点工作领导小组成员单位'], partners: [], allDistricts: false },
  { measure: '二', clause: '市发展改革委、市商务局、市投发委办、市住房城乡建设局、市文化广电旅游局、市市场监管局、市港务局,各区政府', leads: ['市发展改革委'], partners: ['市商务局', '市投发委办', '市住房城乡建设局', '市文化广电旅游局', '市市场监管局', '市港务局'], allDistricts: true },
  { measure: '三', clause: '市市场监管局、市民政局、市人力资源社会保障局、广州仲裁委、市司法局,各区政府', leads: ['市市场监管局'], partners: ['市民政局', '市人力资源社会保障局', '广州仲裁委', '市司法局'], allDistricts: true },
  { measure: '四', clause: '市科技局、市公安局、市人力资源社会保障局、广州边检总站,各区政府', leads: ['市科技局'], partners: ['市公安局', '市人力资源社会保障局', '广州边检总站'], allDistricts: true },
  { measure: '五', clause: '中国人民银行广东省分行、市委金融办,各区政府', leads: ['中国人民银行广东省分行'], partners: ['市委金融办'], allDistricts: true },
  { measure: '六', clause: '市科技局、市财政局、市商务局、市市场监管局、中国人民银行广东省分行、广州海关、黄埔海关,各区政府', leads: ['市科技局'], partners: ['市财政局', '市商务局', '市市场监管局', '中国人民银行广东省分行', '广州海关', '黄埔海关'], allDistricts: true },
  { measure: '七', clause: '市委网信办、市工业和信息化局、市政务和数据局、市委金融办、市市场监管局、市卫生健康委,南沙区政府', leads: ['市委网信办'], partners: ['市工业和信息化局', '市政务和数据局', '市委金融办', '市市场监管局', '市卫生健康委', '南沙区政府'], allDistricts: false },
  { measure: '八', clause: '广州海关、黄埔海关、广州边检总站、广州海事局、市商务局、市市场监管局', leads: ['广州海关'], partners: ['黄埔海关', '广州边检总站', '广州海事局', '市商务局', '市市场监管局'], allDistricts: false },
  { measure: '九', clause: '市商务局、市交通运输局、市港务局、广州空港经济区管委会,白云区政府、增城区政府、南沙区政府', leads: ['市商务局'], partners: ['市交通运输局', '市港务局', '广州空港经济区管委会', '白云区政府', '增城区政府', '南沙区政府'], allDistricts: false },
  { measure: '十', clause: '市文化广电旅游局、市公安局、中国人民银行广东省分行、广州空港经济区管委会、广州边检总站,各区政府', leads: ['市文化广电旅游局'], partners: ['市公安局', '中国人民银行广东省分行', '广州空港经济区管委会', '广州边检总站'], allDistricts: true },
  { measure: '十一', clause: '市委宣传部、市文化广电旅游局、市商务局、市市场监管局、市国资委,广东省中医院,各区政府', leads: ['市委宣传部'], partners: ['市文化广电旅游局', '市商务局', '市市场监管局', '市国资委', '广东省中医院'], allDistricts: true },
  { measure: '十二', clause: '市委金融办、市商务局、市人力资源社会保障局、市卫生健康委、市教育局、市文化广电旅游局、市体育局,各区政府', leads: ['市委金融办'], partners: ['市商务局', '市人力资源社会保障局', '市卫生健康委', '市教育局', '市文化广电旅游局', '市体育局'], allDistricts: true },
  { measure: '十三', clause: '市商务局、市委金融办、市市场监管局、市发展改革委、市生态环境局、市国资委、广州空港经济区管委会,各区政府', leads: ['市商务局'], partners: ['市委金融办', '市市场监管局', '市发展改革委', '市生态环境局', '市国资委', '广州空港经济区管委会'], allDistricts: true },
  { measure: '十四', clause: '市工业和信息化局、市卫生健康委、市教育局、市文化广电旅游局、市政务和数据局、市委金融办、市商务局、市国资委,各区政府', leads: ['市工业和信息化局'], partners: ['市卫生健康委', '市教育局', '市文化广电旅游局', '市政务和数据局', '市委金融办', '市商务局', '市国资委'], allDistricts: true },
  { measure: '十五', clause: '市委宣传部、市文化广电旅游局、市商务局,各区政府', leads: ['市委宣传部'], partners: ['市文化广电旅游局', '市商务局'], allDistricts: true },
  { measure: '十六', clause: '市商务局、广州空港经济区管委会,各区政府', leads: ['市商务局'], partners: ['广州空港经济区管委会'], allDistricts: true },
  { measure: '十七', clause: '市工业和信息化局、市商务局,各区政府', leads: ['市工业和信息化局'], partners: ['市商务局'], allDistricts: true },
  { measure: '十八', clause: '市商务局、各区政府', leads: ['市商务局'], partners: [], allDistricts: true },
  { measure: '十九', clause: '市司法局、市市场监管局、广州仲裁委,各区政府', leads: ['市司法局'], partners: ['市市场监管局', '广州仲裁委'], allDistricts: true },
  { measure: '二十', clause: '市商务局、市财政局、广州市税务局,各区政府', leads: ['市商务局'], partners: ['市财政局', '广州市税务局'], allDistricts: true },
  { measure: '二十一', clause: '市商务局、市统计局', leads: ['市商务局'], partners: ['市统计局'], allDistricts: false },
  { measure: '二十二', clause: '市商务局', leads: ['市商务局'], partners: [], allDistricts: false },
];

/** 中国(广东)自由贸易试验区提升战略行动方案 (粤府函〔2024〕9号): 20 tasks. */
export const PLAN_003_RESPONSIBILITIES: readonly FixtureResponsibility[] = [
  { measure: '1', clause: '省商务厅牵头,省委网信办,省法院,省公安厅、财政厅、人力资源社会保障厅、生态环境厅、农业农村厅、市场监管局,海关总署广东分署、人民银行广东省分行、人民银行深圳市分行,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会等相关单位按职责分工负责', leads: ['省商务厅'], partners: ['省委网信办', '省法院', '省公安厅', '省财政厅', '省人力资源社会保障厅', '省生态环境厅', '省农业农村厅', '省市场监管局', '海关总署广东分署', '人民银行广东省分行', '人民银行深圳市分行', NANSHA_FTZ, QIANHAI_FTZ, `${HENGQIN}等相关单位`], allDistricts: false },
  { measure: '2', clause: '省商务厅牵头,广州市人民政府,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省商务厅'], partners: ['广州市人民政府', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '3', clause: '省市场监管局牵头,省商务厅、政务服务数据管理局,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省市场监管局'], partners: ['省商务厅', '省政务服务数据管理局', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '4', clause: '省交通运输厅牵头,省商务厅,海关总署广东分署,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省交通运输厅'], partners: ['省商务厅', '海关总署广东分署', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '5', clause: '省商务厅牵头,海关总署广东分署、人民银行广东省分行、人民银行深圳市分行、广东海事局,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会按职责分工负责', leads: ['省商务厅'], partners: ['海关总署广东分署', '人民银行广东省分行', '人民银行深圳市分行', '广东海事局', NANSHA_FTZ, QIANHAI_FTZ], allDistricts: false },
  { measure: '6', clause: '省商务厅牵头,广州、深圳市人民政府,省农业农村厅、市场监管局,海关总署广东分署、深圳海关,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省商务厅'], partners: ['广州市人民政府', '深圳市人民政府', '省农业农村厅', '省市场监管局', '海关总署广东分署', '深圳海关', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '7', clause: '省委网信办牵头,省政务服务数据管理局,省通信管理局,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省委网信办'], partners: ['省政务服务数据管理局', '省通信管理局', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '8', clause: '人民银行广东省分行、人民银行深圳市分行牵头,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['人民银行广东省分行', '人民银行深圳市分行'], partners: [...FTZ_COMMITTEES], allDistricts: false },
  { measure: '9', clause: '广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会牵头,广州市人民政府,省农业农村厅、商务厅、地方金融监管局,海关总署广东分署、广东证监局、深圳证监局,广州期货交易所按职责分工负责', leads: [NANSHA_FTZ, QIANHAI_FTZ], partners: ['广州市人民政府', '省农业农村厅', '省商务厅', '省地方金融监管局', '海关总署广东分署', '广东证监局', '深圳证监局', '广州期货交易所'], allDistricts: false },
  { measure: '10', clause: '省地方金融监管局牵头,人民银行广东省分行、人民银行深圳市分行、国家金融监管总局广东监管局、国家金融监管总局深圳监管局,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省地方金融监管局'], partners: ['人民银行广东省分行', '人民银行深圳市分行', '国家金融监管总局广东监管局', '国家金融监管总局深圳监管局', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '11', clause: '省科技厅牵头,省药监局,省通信管理局、海关总署广东分署,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省科技厅'], partners: ['省药监局', '省通信管理局', '海关总署广东分署', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '12', clause: '省工业和信息化厅牵头,省发展改革委、科技厅、商务厅,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省工业和信息化厅'], partners: ['省发展改革委', '省科技厅', '省商务厅', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '13', clause: '省工业和信息化厅牵头,珠海市人民政府,省发展改革委、科技厅、药监局、中医药局,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省工业和信息化厅'], partners: ['珠海市人民政府', '省发展改革委', '省科技厅', '省药监局', '省中医药局', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '14', clause: '省人力资源社会保障厅牵头,省教育厅、生态环境厅、住房城乡建设厅、药监局,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省人力资源社会保障厅'], partners: ['省教育厅', '省生态环境厅', '省住房城乡建设厅', '省药监局', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '15', clause: '省司法厅牵头,省法院,省住房城乡建设厅,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省司法厅'], partners: ['省法院', '省住房城乡建设厅', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '16', clause: '省卫生健康委牵头,省医保局,广东自贸试验区广州南沙新区片区管委会、广东自贸试验区深圳前海蛇口片区管委会,横琴粤澳深度合作区执委会按职责分工负责', leads: ['省卫生健康委'], partners: ['省医保局', ...FTZ_COMMITTEES], allDistricts: false },
  { measure: '17', clause: '海关总署广东分署牵头,珠海边检总站,横琴粤澳深度合作区执委会按职责分工负责', leads: ['海关总署广东分署'], partners: ['珠海边检总站', HENGQIN], allDistricts: false },
  { measure: '18', clause: '省商务厅牵头,省发展改革委按职责分工负责', leads: ['省商务厅'], partners: ['省发展改革委'], allDistricts: false },
  { measure: '19', clause: '省商务厅牵头', leads: ['省商务厅'], partners: [], allDistricts: false },
  { measure: '20', clause: '省商务厅牵头', leads: ['省商务厅'], partners: [], allDistricts: false },
];

/** Every distinct agency name of both plans' responsibility clauses, shorthand expanded. */
export const FIXTURE_AGENCY_NAMES: readonly string[] = [
  ...new Set(
    [...PLAN_002_RESPONSIBILITIES, ...PLAN_003_RESPONSIBILITIES].flatMap((entry) => [...entry.leads, ...entry.partners]),
  ),
];
