import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { returnPath } from '../../lib/access';
import { FullPageSpin } from '../../layout/guards';
import { apiFailure, localizeMessage } from '../../lib/errors';
import { useI18n, type Lang } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import { usePageTitle } from '../../lib/title';
import { useTRPC } from '../../lib/trpc';

interface Credentials {
  username: string;
  password: string;
}

/** What a failed sign-in tells the person: the server's reason, in their language. */
function signInError(error: unknown, lang: Lang, t: (key: MessageKey) => string): string {
  const failure = apiFailure(error);
  if (failure.code === 'UNAUTHORIZED') return t('login.wrongCredentials');
  if (failure.code === 'TOO_MANY_REQUESTS') return localizeMessage(failure.message, lang);
  if (failure.fields.length > 0) return failure.fields.map((f) => f.message).join('; ');
  return `${t('login.failed')}: ${localizeMessage(failure.message, lang)}`;
}

export function LoginPage() {
  const { lang, t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = returnPath(params.get('next'));
  usePageTitle(t('login.title'));

  const me = useQuery(trpc.auth.me.queryOptions());
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: (profile) => {
        // Whatever was cached belonged to no one, or to someone else.
        queryClient.removeQueries();
        queryClient.setQueryData(trpc.auth.me.queryKey(), profile);
        void navigate(next, { replace: true });
      },
    }),
  );

  if (me.isPending) return <FullPageSpin />;
  if (me.data && !signIn.isPending) return <Navigate to={next} replace />;

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5', padding: 16 }}>
      <main style={{ width: '100%', maxWidth: 400 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', marginBottom: 16 }}>
          <div>
            <Typography.Title level={2} style={{ margin: 0 }}>
              {t('appName')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('appSubtitle')}</Typography.Text>
          </div>
          <LanguageSwitch />
        </div>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.intro')}</Typography.Paragraph>
          <Form<Credentials>
            name="login"
            layout="vertical"
            requiredMark={false}
            disabled={signIn.isPending}
            onFinish={(values) => signIn.mutate(values)}
            onValuesChange={() => {
              if (signIn.isError) signIn.reset();
            }}
          >
            <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input autoComplete="username" autoFocus autoCapitalize="none" spellCheck={false} />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {signIn.isError && (
              <Alert type="error" showIcon title={signInError(signIn.error, lang, t)} style={{ marginBottom: 16 }} data-testid="sign-in-error" />
            )}
            <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
      </main>
    </div>
  );
}
