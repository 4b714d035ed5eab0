import type { OfficialDocument } from './types';

/** A 督办单 (supervision notice) as the supervision service would hand it over. */
export const supervisionNotice: OfficialDocument = {
  issuer: '广州市跨部门联动工作机制办公室',
  number: '督办〔2026〕第3号',
  title: '关于督促报送“（二）推进南沙港区RCEP通关便利化”进展情况的督办单',
  addressee: '广州市发展和改革委员会',
  body: [
    {
      type: 'paragraph',
      text:
        '根据《广州市跨部门联动工作方案（2026）》第2.3条，你单位牵头的措施已逾期12个工作日未报送进展。' +
        '请于2026年12月8日前通过Liandong平台报送，并说明原因。',
    },
    { type: 'heading', text: '一、逾期事项' },
    {
      type: 'fields',
      rows: [
        { label: '措施', value: '（二）推进南沙港区RCEP通关便利化' },
        { label: '责任单位', value: '广州市发展和改革委员会' },
        { label: '逾期事项', value: '2026年11月进展报告（应报日期2026-11-10）' },
        { label: '督办级别', value: '黄色 Level 2' },
      ],
    },
    { type: 'heading', text: '二、工作要求' },
    { type: 'paragraph', text: '请高度重视，逐项落实。联系人：张三，电话020-12345678，邮箱zhang.san@example.gov.cn。' },
  ],
  signature: '广州市跨部门联动工作机制办公室',
  date: '2026-12-01',
  footnote: '抄送：广州市人民政府办公厅。',
};

/** A 通报 (circular) with a table long enough to run over two pages. */
export function circular(rows = 28, watermark?: string): OfficialDocument {
  const agencies = ['市发展改革委', '市商务局', '市交通运输局', '黄埔海关', '南沙区政府', '人民银行广州分行'];
  return {
    issuer: '广州市跨部门联动工作机制办公室',
    number: '通报〔2026〕第7号',
    title: '关于2026年11月各责任单位措施落实情况的通报',
    body: [
      { type: 'paragraph', text: '现将2026年11月各责任单位措施落实情况通报如下。本月应报进展142项，按时报送128项，按时率90.1%。' },
      { type: 'heading', text: '一、总体情况' },
      { type: 'paragraph', text: '各单位总体按时报送，个别单位存在逾期（overdue）情况，详见下表。'.repeat(3) },
      {
        type: 'table',
        caption: '表1 各责任单位报送情况',
        columns: ['序号', '责任单位', '措施', '应报', '按时', '按时率'],
        rows: Array.from({ length: rows }, (_, i) => [
          i + 1,
          agencies[i % agencies.length]!,
          `（${i + 1}）推进跨境贸易便利化措施第${i + 1}项 RCEP`,
          5 + (i % 4),
          4 + (i % 3),
          `${(80 + (i % 20)).toFixed(1)}%`,
        ]),
      },
      { type: 'heading', text: '二、下一步工作' },
      { type: 'paragraph', text: '请各单位对照问题清单抓紧整改，于2026年12月15日前报送整改情况。' },
    ],
    signature: '广州市跨部门联动工作机制办公室',
    date: '2026-12-01',
    footnote: '抄送：广东省商务厅。',
    ...(watermark ? { watermark } : {}),
  };
}
