import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { NotificationBell } from '../components/NotificationBell';
import { mayOpen } from '../lib/access';
import { useMe } from '../lib/auth';
import { useI18n } from '../lib/i18n';
import { useTRPC } from '../lib/trpc';
import { useMediaQuery } from '../lib/useMediaQuery';
import { PAGES } from '../routes';
import { FullPageSpin } from './guards';
import { LanguageSwitch } from './LanguageSwitch';

/** The signed-in frame: app name, the menu for the person's roles, who is signed in, sign-out and language. */
export function AppShell() {
  const { t } = useI18n();
  const me = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => {
        // Nothing of this person's data stays in the cache for whoever signs in next.
        queryClient.removeQueries();
        queryClient.setQueryData(trpc.auth.me.queryKey(), null);
        void navigate('/login', { replace: true });
      },
    }),
  );

  const item = (page: (typeof PAGES)[number]) => ({ key: page.path, label: <Link to={page.path}>{t(page.menu!)}</Link> });
  const open = PAGES.filter((page) => page.menu && mayOpen(me.roles, page.roles));
  const desk = open.filter((page) => page.group === 'desk');
  // The coordinator's desk is one submenu (督办协调), placed where its first page would be.
  const menuItems = open.flatMap((page): MenuProps['items'] & object => {
    if (page.group !== 'desk') return [item(page)];
    return page === desk[0] ? [{ key: 'desk', label: t('nav.desk'), children: desk.map(item) }] : [];
  });
  const section = `/${pathname.split('/')[1] ?? ''}`;
  // The subtitle gives way to the menu on narrower screens (at 1280 px the menu needs the room).
  const wide = useMediaQuery('(min-width: 1440px)');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 24 }}>
        <Link to="/inbox" title={t('appSubtitle')} style={{ display: 'flex', alignItems: 'baseline', gap: 12, whiteSpace: 'nowrap', flexShrink: 0 }}>
          <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
            {t('appName')}
          </Typography.Title>
          {wide && <Typography.Text style={{ color: 'rgba(255,255,255,0.75)' }}>{t('appSubtitle')}</Typography.Text>}
        </Link>
        <nav aria-label={t('nav.label')} style={{ flex: 1, minWidth: 0 }}>
          <Menu theme="dark" mode="horizontal" selectedKeys={[section]} items={menuItems} style={{ minWidth: 0 }} />
        </nav>
        <Space size="medium" style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
          <NotificationBell />
          <Typography.Text
            style={{ color: '#fff', display: 'inline-block', maxWidth: 240, overflow: 'hidden', textOverflow: 'ellipsis', verticalAlign: 'middle' }}
            title={t('user.signedInAs', { name: me.displayName, agency: me.agency.name })}
            data-testid="signed-in-user"
          >
            {me.displayName}
            <span style={{ color: 'rgba(255,255,255,0.65)' }}> · {me.agency.name}</span>
          </Typography.Text>
          <Button size="small" ghost loading={signOut.isPending} onClick={() => signOut.mutate()}>
            {t('user.signOut')}
          </Button>
          <LanguageSwitch ghost />
        </Space>
      </Layout.Header>
      {/* antd renders the content as the page's one <main> landmark. */}
      <Layout.Content style={{ padding: 24, minWidth: 0 }}>
        {/* Pages load on first visit (routes.tsx); the frame stays while one does. */}
        <Suspense fallback={<FullPageSpin />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
