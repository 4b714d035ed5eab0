// Messages of the circulars (通报) tab and its printable page, merged into lib/messages.ts; both languages hold the same keys.
export const circularsMessages = {
  'zh-CN': {},
  en: {},
} as const;
