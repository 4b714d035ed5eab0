import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';

/**
 * A measure command sent from the coordinator's desk (decisions, coordination issues): once it succeeded, what
 * it changed is read again: the desk's lists, the measure pages, the escalation queue, the inbox and the bell.
 */
export function useDeskCommand<TData, TError, TInput>(options: UseMutationOptions<TData, TError, TInput>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation<TData, TError, TInput>({
    ...options,
    onSuccess: async () => {
      await Promise.all(
        [trpc.decision, trpc.issue, trpc.measure, trpc.escalation, trpc.inbox, trpc.notification].map((router) => queryClient.invalidateQueries(router.pathFilter())),
      );
    },
  });
}
