import { Form, Input, Radio } from 'antd';
import type { ReactNode } from 'react';
import type { AgencyListItem } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { AgenciesField } from './AgencyField';

/** The agency directory as the forms that name agencies receive it (转办, 改派, 需协调事项). */
export interface Directory {
  agencies: AgencyListItem[];
  loading: boolean;
}

/** The command forms' rules; `field` is the field's label, so the message says what is missing. */
export function useRules() {
  const { t } = useI18n();
  return {
    text: (field: string, max = 500) => [
      { required: true, whitespace: true, message: t('mp.required', { field }) },
      { max, message: `≤ ${max}` },
    ],
    choice: (field: string) => [{ required: true, message: t('mp.requiredChoice', { field }) }],
    choices: (field: string) => [{ required: true, type: 'array' as const, min: 1, message: t('mp.requiredChoice', { field }) }],
  };
}

/**
 * A text the command cannot go without (a reason, a resolution), at most `max` characters as the server allows.
 * The count shows where that limit is short enough for a person to reach (500).
 */
export function RequiredTextField({ name, label, max = 500, minRows = 3, placeholder }: { name: string; label: string; max?: number; minRows?: number; placeholder?: string }) {
  const rules = useRules();
  return (
    <Form.Item name={name} label={label} rules={rules.text(label, max)}>
      <Input.TextArea autoSize={{ minRows }} maxLength={max} showCount={max <= 500} placeholder={placeholder} />
    </Form.Item>
  );
}

/** A text the command may carry (a comment, a note, a description), at most `max` characters. */
export function OptionalTextField({ name = 'comment', label, max, minRows = 2 }: { name?: string; label: string; max: number; minRows?: number }) {
  return (
    <Form.Item name={name} label={label}>
      <Input.TextArea autoSize={{ minRows }} maxLength={max} />
    </Form.Item>
  );
}

/** The comment on a decision: optional, until the decision is `requiredOn` (a return or a rejection says why). */
export function DecisionCommentField({ label, extra, requiredOn, max, minRows }: { label: string; extra: string; requiredOn: string; max: number; minRows: number }) {
  const rules = useRules();
  return (
    <Form.Item noStyle dependencies={['decision']}>
      {({ getFieldValue }) => (
        <Form.Item name="comment" label={label} extra={extra} rules={getFieldValue('decision') === requiredOn ? rules.text(label, max) : []}>
          <Input.TextArea autoSize={{ minRows }} maxLength={max} />
        </Form.Item>
      )}
    </Form.Item>
  );
}

interface DecisionOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/** The field `decision`: one of the options must be chosen. */
export function DecisionField({ label, options }: { label?: string; options: DecisionOption[] }) {
  const { t } = useI18n();
  const rules = useRules();
  const named = label ?? t('mp.field.decision');
  return (
    <Form.Item name="decision" label={named} rules={rules.choice(named)}>
      <Radio.Group options={options} />
    </Form.Item>
  );
}

/** Approve or reject (转办, 延期); approving is offered only where the rules allow it. */
export function ApprovalField({ mayApprove }: { mayApprove: boolean }) {
  const { t } = useI18n();
  return (
    <DecisionField
      options={[
        { value: 'approve', label: t('mp.decision.approve'), disabled: !mayApprove },
        { value: 'reject', label: t('mp.decision.reject') },
      ]}
    />
  );
}

/** A choice the command needs (an agency, a date): the message names the field when nothing is chosen. */
export function ChoiceField({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  const rules = useRules();
  return (
    <Form.Item name={name} label={label} rules={rules.choice(label)}>
      {children}
    </Form.Item>
  );
}

/** A date the command needs, between `min` and `max` (YYYY-MM-DD) where given. */
export function DateField({ name, label, min, max }: { name: string; label: string; min: string | undefined; max?: string }) {
  return (
    <ChoiceField name={name} label={label}>
      <Input type="date" min={min} max={max} style={{ width: 200 }} />
    </ChoiceField>
  );
}

/** Agencies of the directory the command names (需要协调的单位, 责任单位): at least one. */
export function AgenciesChoiceField({ name, label, directory }: { name: string; label: string; directory: Directory }) {
  const { t } = useI18n();
  const rules = useRules();
  return (
    <Form.Item name={name} label={label} rules={rules.choices(label)}>
      <AgenciesField agencies={directory.agencies} loading={directory.loading} placeholder={t('mp.pickAgencies')} />
    </Form.Item>
  );
}
