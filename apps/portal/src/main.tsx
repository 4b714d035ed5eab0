import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import type { AppRouter } from '@liandong/api';
import { App } from './App';
import { isRetryable, isUnauthorized } from './lib/errors';
import { I18nProvider } from './lib/i18n';
import { TRPCProvider } from './lib/trpc';

/** The key prefix of `auth.me`, which decides whether the person is signed in. */
const ME_KEY = [['auth', 'me']];

function createQueryClient(): QueryClient {
  // A session that ended (expired, revoked) shows up as UNAUTHORIZED on any call: ask `auth.me` again,
  // and the shell sends the person to the sign-in page.
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) void client.invalidateQueries({ queryKey: ME_KEY });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: { queries: { retry: (failures, error) => failures < 1 && isRetryable(error), staleTime: 10_000 } },
  });
  return client;
}

function Root() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/trpc', maxItems: 50 })] }));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <I18nProvider>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </I18nProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
