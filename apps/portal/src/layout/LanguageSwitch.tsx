import { Button } from 'antd';
import { useI18n } from '../lib/i18n';

/** Switches between 中文 (the default) and English; the label is the language it switches to. */
export function LanguageSwitch({ ghost = false }: { ghost?: boolean }) {
  const { lang, setLang, t } = useI18n();
  const next = lang === 'en' ? 'zh-CN' : 'en';
  return (
    <Button size="small" ghost={ghost} lang={next} onClick={() => setLang(next)} title={t('language.switch')}>
      {t('language')}
    </Button>
  );
}
