import { App, Button, type ButtonProps } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../lib/i18n';
import { describeFailure, useRequestId } from './command';

/**
 * A command sent with one click (接收, 确认收到): one request id until the server answers, so a double
 * click is one command; busy while pending; says what happened, or why not in plain words.
 */
export function CommandButton({
  send,
  pending,
  doneText,
  children,
  ...button
}: { send: (requestId: string) => Promise<unknown>; pending: boolean; doneText: string; children: ReactNode } & Omit<ButtonProps, 'onClick' | 'loading' | 'children'>) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [requestId, renewRequestId] = useRequestId();
  const onClick = async () => {
    try {
      await send(requestId);
      renewRequestId();
      void message.success(doneText);
    } catch (error) {
      const failure = describeFailure(error, lang, t('mp.failedNetwork'));
      if (failure.answered) renewRequestId();
      void message.error(`${t('mp.failed')}：${failure.text}`);
    }
  };
  return (
    <Button {...button} loading={pending} onClick={() => void (pending ? undefined : onClick())}>
      {children}
    </Button>
  );
}
