import { Button, Checkbox, Modal, Space, Tag, Typography } from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { AgencySelect } from '../../components/AgencySelect';
import type { AgencyListItem } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { findName, sameNameElsewhere, type AgencyChoice, type AgencyList, type Draft, type DraftAgency, type NameRef } from './draft';

/** What the fix dialog is open for: one name of a measure, or adding an agency to one of its lists. */
export type FixTarget = { mode: 'fix'; ref: NameRef } | { mode: 'add'; measureId: string; list: AgencyList };

const activate = (open: () => void) => (event: KeyboardEvent) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    open();
  }
};

/**
 * One lead or partner as a tag that opens the fix dialog (click, Enter or Space). An unresolved name is red with a
 * warning sign; a name the directory read differently (shorthand, alias) shows the agency, the written form on hover.
 */
export function NameTag({ agency, onOpen }: { agency: DraftAgency; onOpen: () => void }) {
  const { t } = useI18n();
  const common = { role: 'button', tabIndex: 0, onClick: onOpen, onKeyDown: activate(onOpen), 'aria-haspopup': 'dialog' as const, style: { cursor: 'pointer', marginInlineEnd: 0 } };
  if (!agency.agency) {
    return (
      <Tag {...common} color="error" variant="outlined" aria-label={t('import.unresolvedName', { name: agency.written ?? '' })} data-unresolved="true">
        <span aria-hidden>⚠ </span>
        {agency.written}
      </Tag>
    );
  }
  const differs = agency.written !== null && agency.written !== agency.agency.name;
  return (
    <Tag
      {...common}
      color={differs ? 'blue' : 'default'}
      title={differs ? t('import.writtenAs', { written: agency.written ?? '' }) : undefined}
      aria-label={differs ? t('import.resolvedName', { written: agency.written ?? '', name: agency.agency.name }) : agency.agency.name}
    >
      {agency.agency.name}
    </Tag>
  );
}

interface NameFixDialogProps {
  target: FixTarget | null;
  draft: Draft;
  agencies: readonly AgencyListItem[];
  agenciesLoading: boolean;
  onChoose: (target: FixTarget, choice: AgencyChoice, everywhere: boolean) => void;
  onRemove: (ref: NameRef) => void;
  onClose: () => void;
}

/** Fixes one name: a suggestion, any agency of the directory, or removing it; optionally everywhere it repeats. */
export function NameFixDialog({ target, draft, agencies, agenciesLoading, onChoose, onRemove, onClose }: NameFixDialogProps) {
  const { t } = useI18n();
  const [everywhere, setEverywhere] = useState(true);
  const name = target?.mode === 'fix' ? findName(draft, target.ref) : undefined;
  const others = target?.mode === 'fix' ? sameNameElsewhere(draft, target.ref).length : 0;
  const written = name?.written ?? name?.agency?.name ?? '';
  const choose = (choice: AgencyChoice) => target && onChoose(target, choice, everywhere && others > 0);

  return (
    <Modal
      open={target !== null && (target.mode === 'add' || name !== undefined)}
      title={target?.mode === 'add' ? t('import.fix.titleAdd') : t('import.fix.title', { name: written })}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(open) => open || setEverywhere(true)}
      footer={
        <Space>
          {target?.mode === 'fix' && (
            <Button danger onClick={() => onRemove(target.ref)}>
              {t('import.fix.remove')}
            </Button>
          )}
          <Button onClick={onClose}>{t('cancel')}</Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="medium" style={{ width: '100%' }}>
        {name && !name.agency && <Typography.Paragraph style={{ margin: 0 }}>{t('import.fix.unknown', { name: written })}</Typography.Paragraph>}
        {name?.agency && (
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('import.fix.current', { name: name.agency.name })}
            {name.written && name.written !== name.agency.name && (
              <Typography.Text type="secondary"> · {t('import.writtenAs', { written: name.written })}</Typography.Text>
            )}
          </Typography.Paragraph>
        )}
        {name && !name.agency && (
          <div role="group" aria-label={t('import.fix.suggestions')}>
            <Typography.Text strong>{t('import.fix.suggestions')}</Typography.Text>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
              {name.suggestions.length === 0 && <Typography.Text type="secondary">{t('import.fix.noSuggestions')}</Typography.Text>}
              {name.suggestions.map((s, i) => (
                <Button key={s.code} autoFocus={i === 0} onClick={() => choose(s)}>
                  {s.name}
                </Button>
              ))}
            </div>
          </div>
        )}
        <div>
          <label htmlFor="fix-agency-select" style={{ display: 'block', marginBottom: 8 }}>
            <Typography.Text strong>{t('import.fix.search')}</Typography.Text>
          </label>
          <AgencySelect
            id="fix-agency-select"
            agencies={agencies}
            loading={agenciesLoading}
            value={null}
            placeholder={t('import.pickAgency')}
            autoFocus={!name || name.agency !== null || name.suggestions.length === 0}
            onChange={(agency) => choose({ code: agency.code, name: agency.name })}
            style={{ width: '100%' }}
          />
        </div>
        {others > 0 && (
          <Checkbox checked={everywhere} onChange={(e) => setEverywhere(e.target.checked)}>
            {t('import.fix.everywhere', { n: others, name: written })}
          </Checkbox>
        )}
      </Space>
    </Modal>
  );
}

/**
 * The tags of one list of a measure, and a button to add an agency to it. A collective name the document wrote
 * (`groups`: 区直各部门, 各相关单位) carries 集合单位 beside it, so the reviewer knows to say which agencies it means.
 */
export function NameList({
  measureId,
  list,
  agencies,
  groups = [],
  onOpen,
}: {
  measureId: string;
  list: AgencyList;
  agencies: DraftAgency[];
  groups?: readonly string[];
  onOpen: (target: FixTarget) => void;
}) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' }}>
      {agencies.map((agency) => {
        const tag = <NameTag key={agency.id} agency={agency} onOpen={() => onOpen({ mode: 'fix', ref: { measureId, list, agencyId: agency.id } })} />;
        if (agency.written === null || !groups.includes(agency.written)) return tag;
        return (
          <span key={agency.id} style={{ display: 'inline-flex', gap: 2, alignItems: 'center' }}>
            {tag}
            <Tag color="purple" style={{ marginInlineEnd: 0 }} title={t('import.collectiveHint')} data-testid="collective-name">
              {t('import.collective')}
            </Tag>
          </span>
        );
      })}
      <Button
        size="small"
        type="dashed"
        aria-label={t(list === 'leads' ? 'import.addLead' : 'import.addPartner')}
        title={t(list === 'leads' ? 'import.addLead' : 'import.addPartner')}
        onClick={() => onOpen({ mode: 'add', measureId, list })}
      >
        +
      </Button>
    </div>
  );
}
