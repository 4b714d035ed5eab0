import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { pickLang, translate, type Lang, type MessageKey } from './messages';

export type { Lang, MessageKey } from './messages';

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18n | null>(null);

const initialLang = () => pickLang(window.location.search, window.localStorage.getItem('liandong.lang'));

/** `lang` fixes the starting language (tests render without a browser); otherwise the URL or the remembered choice. */
export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => fixed ?? initialLang());
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang: (next) => {
        window.localStorage.setItem('liandong.lang', next);
        setLangState(next);
      },
      t: (key, vars) => translate(lang, key, vars),
    }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
