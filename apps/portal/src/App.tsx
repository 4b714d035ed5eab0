import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppShell } from './layout/AppShell';
import { DEFAULT_PAGE } from './lib/access';
import { FullPageSpin, RequireRole, RequireSignIn } from './layout/guards';
import { useI18n } from './lib/i18n';
import { NotFoundPage } from './pages/errors/NotFoundPage';
import { LoginPage, PAGES } from './routes';

export function App() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} button={{ autoInsertSpace: false }}>
      <AntApp>
        <Routes>
          <Route
            path="/login"
            element={
              <Suspense fallback={<FullPageSpin />}>
                <LoginPage />
              </Suspense>
            }
          />
          <Route
            element={
              <RequireSignIn>
                <AppShell />
              </RequireSignIn>
            }
          >
            <Route index element={<Navigate to={DEFAULT_PAGE} replace />} />
            {PAGES.map((page) => (
              <Route key={page.path} path={page.path} element={<RequireRole roles={page.roles}>{page.element}</RequireRole>} />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
