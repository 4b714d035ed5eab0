import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { CircularsTab } from './CircularsTab';
import { NoticesTab } from './NoticesTab';

/** 督办单与通报: the supervision notices (督办单) and the circulars (通报), one tab each; the tab is in the URL. */
export function SupervisionPage() {
  const { t } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = searchParams.get('tab') === 'circulars' ? 'circulars' : 'notices';
  usePageTitle(t('supervision.title'));
  const choose = (next: string) => {
    // Each tab has its own filters: they do not carry over.
    const params = new URLSearchParams();
    const lang = searchParams.get('lang');
    if (lang) params.set('lang', lang);
    if (next === 'circulars') params.set('tab', 'circulars');
    setSearchParams(params, { replace: true });
  };
  return (
    <div>
      <Typography.Title level={1} style={{ margin: '0 0 8px', fontSize: 24 }}>
        {t('supervision.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={choose}
        items={[
          { key: 'notices', label: t('supervision.tab.notices'), children: tab === 'notices' ? <NoticesTab /> : null },
          { key: 'circulars', label: t('supervision.tab.circulars'), children: tab === 'circulars' ? <CircularsTab /> : null },
        ]}
      />
    </div>
  );
}
