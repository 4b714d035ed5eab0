import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';

const LEVELS = ['national', 'province', 'city', 'district', 'zone', 'other'] as const;
type Level = (typeof LEVELS)[number];

/** The agency directory (机构目录): every unit that leads, partners or coordinates. */
export function AgenciesPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [level, setLevel] = useState<Level | undefined>();
  const deferredSearch = useDeferredValue(search.trim());
  // The previous rows stay while the next filter loads: no flash of an empty table on every keystroke.
  const agencies = useQuery({ ...trpc.agency.list.queryOptions({ search: deferredSearch || undefined, level }), placeholderData: keepPreviousData });
  usePageTitle(t('agencies.title'));

  return (
    <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
        {t('agencies.title')}
      </Typography.Title>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('agencies.search')}
          aria-label={t('agencies.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 320 }}
        />
        <Select<Level | undefined>
          allowClear
          placeholder={t('agencies.allLevels')}
          aria-label={t('agencies.level')}
          value={level}
          onChange={setLevel}
          style={{ width: 160 }}
          options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}` as MessageKey) }))}
        />
        {agencies.data && <Typography.Text type="secondary">{t('agencies.count', { n: agencies.data.length })}</Typography.Text>}
      </Space>
      {agencies.error && <Alert type="error" showIcon title={t('error.load')} description={agencies.error.message} />}
      <Table
        rowKey="id"
        loading={agencies.isLoading}
        dataSource={agencies.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('agencies.name'), dataIndex: 'name', key: 'name' },
          {
            title: t('agencies.shortNames'),
            dataIndex: 'shortNames',
            key: 'shortNames',
            render: (names: string[]) => names.map((n) => <Tag key={n}>{n}</Tag>),
          },
          { title: t('agencies.level'), dataIndex: 'level', key: 'level', render: (l: Level) => t(`level.${l}` as MessageKey) },
          { title: t('agencies.kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => t(`kind.${k}` as MessageKey) },
          { title: t('agencies.parent'), dataIndex: 'parentName', key: 'parentName' },
        ]}
      />
    </Space>
  );
}
