import { useQuery } from '@tanstack/react-query';
import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { mayOpen, signInPath, type PageRoles } from '../lib/access';
import { MeContext, useMe } from '../lib/auth';
import { useI18n } from '../lib/i18n';
import { useTRPC } from '../lib/trpc';
import { ForbiddenPage } from '../pages/errors/ForbiddenPage';

export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '60vh' }}>
      <Spin size="large" description={t('loading')} />
    </div>
  );
}

/** `auth.me` decides: signed-out people go to the sign-in page, which brings them back here afterwards. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const location = useLocation();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <Result
        status="error"
        title={t('error.load')}
        subTitle={me.error.message}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('retry')}
          </Button>
        }
      />
    );
  }
  if (!me.data) return <Navigate to={signInPath(location)} replace />;
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}

/** Shows the page only to the roles that may use it; others see why not (403), never the page. */
export function RequireRole({ roles, children }: { roles: PageRoles; children: ReactNode }) {
  const me = useMe();
  return mayOpen(me.roles, roles) ? children : <ForbiddenPage />;
}
