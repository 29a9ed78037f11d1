'use client';

import { useId, useMemo, useRef, useState, type DragEvent } from 'react';
import type { BoardConnection } from '@/lib/client/board-connection';
import { createBoardWrite } from '@/lib/client/board-actions';
import { applyImport, planImport, type ImportOrder, type ImportPlan } from '@/lib/import/apply';
import { ImportError } from '@/lib/import/errors';
import { detectFormat, parseImport } from '@/lib/import/formats';
import { guessMapping } from '@/lib/import/generic';
import { GENERIC_FIELDS, type ColumnMapping, type GenericField } from '@/lib/import/reader';
import { IMPORT_FORMATS, IMPORT_FORMAT_LABELS, type ImportFormat, type ParsedImport } from '@/lib/import/record';
import { MAX_IMPORT_BYTES, readHeader } from '@/lib/import/table';
import { Modal } from '../ui/Modal';
import { btnPrimary, btnSecondary, hint, input, muted, sectionTitle } from '../ui/styles';

const FIELD_LABELS: Record<GenericField, string> = {
  title: 'Title',
  description: 'Description',
  kind: 'Type',
  estimate: 'Estimate',
  labels: 'Labels',
  externalKey: 'Key',
  url: 'Link',
  parentKey: 'Parent key',
  status: 'Status',
  businessValue: 'Business value',
  timeCriticality: 'Time criticality',
  riskReduction: 'Risk reduction',
  jobSize: 'Job size',
};

const EXPORTS: Array<{ format: string; label: string; note: string }> = [
  { format: 'jira', label: 'Jira CSV', note: 'update issues by Issue key' },
  { format: 'azure', label: 'Azure DevOps CSV', note: 'update work items by ID' },
  { format: 'linear', label: 'Linear CSV', note: 'by ID' },
  { format: 'csv', label: 'CSV, every field', note: 'for spreadsheets' },
  { format: 'md', label: 'Markdown', note: 'for a wiki or a chat' },
  { format: 'json', label: 'Board backup (JSON)', note: 'restores as a new board' },
];

type Source = { name: string; text: string };

/**
 * Import and export of the backlog. Import (facilitator): pick, drop or paste a tracker export;
 * the preview shows what would be created, updated and skipped, row by row; applying it is one
 * change for undo and reaches everyone live. Export (everyone): the files the trackers' own
 * importers take back, Markdown and a board backup.
 */
export function BacklogDataDialog({
  open,
  onClose,
  connection,
  canImport,
  createdBy,
  onImported,
}: {
  open: boolean;
  onClose(): void;
  connection: BoardConnection;
  canImport: boolean;
  createdBy: string | null;
  /** Told what an import did, as a sentence for the board's notice; the dialog closes. */
  onImported(message: string): void;
}) {
  const titleId = useId();
  const [tab, setTab] = useState<'import' | 'export'>(canImport ? 'import' : 'export');
  return (
    <Modal
      open={open}
      onClose={onClose}
      labelledBy={titleId}
      className="w-[calc(100%-1rem)] max-w-3xl"
      testId="backlog-data-dialog"
      bodyClassName="p-4 sm:p-6"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={titleId} className="text-lg font-bold">
          Import and export
        </h2>
        <div role="tablist" className="flex gap-1">
          {canImport && (
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'import'}
              className={tab === 'import' ? btnPrimary : btnSecondary}
              onClick={() => setTab('import')}
            >
              Import
            </button>
          )}
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'export'}
            className={tab === 'export' ? btnPrimary : btnSecondary}
            onClick={() => setTab('export')}
          >
            Export
          </button>
        </div>
      </div>
      <div className="mt-4">
        {tab === 'import' && canImport ? (
          <ImportPane
            connection={connection}
            createdBy={createdBy}
            onDone={(message) => {
              onImported(message);
              onClose();
            }}
          />
        ) : (
          <ExportPane connection={connection} />
        )}
      </div>
    </Modal>
  );
}

function ExportPane({ connection }: { connection: BoardConnection }) {
  const href = (format: string) =>
    `/api/boards/${encodeURIComponent(connection.boardId)}/export?key=${encodeURIComponent(connection.key)}&format=${format}`;
  return (
    <ul className="grid gap-2 sm:grid-cols-2" data-testid="export-list">
      {EXPORTS.map((e) => (
        <li key={e.format}>
          <a href={href(e.format)} download className={`${btnSecondary} w-full justify-between`} data-testid={`export-${e.format}`}>
            <span>{e.label}</span>
            <span className={hint}>{e.note}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function ImportPane({
  connection,
  createdBy,
  onDone,
}: {
  connection: BoardConnection;
  createdBy: string | null;
  onDone(message: string): void;
}) {
  const [source, setSource] = useState<Source | null>(null);
  const [pasted, setPasted] = useState('');
  const [format, setFormat] = useState<ImportFormat | 'auto'>('auto');
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [baseUrl, setBaseUrl] = useState('');
  const [order, setOrder] = useState<ImportOrder>('append');
  const [parkMissing, setParkMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const load = async (file: File) => {
    if (file.size > MAX_IMPORT_BYTES) {
      setSource(null);
      setError(`${file.name} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`);
      return;
    }
    setSource({ name: file.name, text: await file.text() });
    setMapping(null);
  };

  const text = source?.text ?? (pasted.trim() ? pasted : null);
  const detected = useMemo<ImportFormat | null>(() => {
    if (!text) return null;
    try {
      return detectFormat(text);
    } catch {
      return null;
    }
  }, [text]);
  const chosen = format === 'auto' ? detected : format;
  const headers = useMemo(() => (text && chosen === 'csv' ? safe(() => readHeader(text.replace(/^\uFEFF/, ''))) : null), [text, chosen]);
  const effectiveMapping = useMemo(
    () => (chosen === 'csv' && headers ? (mapping ?? guessMapping(headers)) : undefined),
    [chosen, headers, mapping],
  );

  // The preview: parsed and planned against the board as it is now; nothing written.
  const preview = useMemo<{ parsed: ParsedImport; plan: ImportPlan } | { error: string } | null>(() => {
    if (!text || !chosen) return null;
    try {
      const parsed = parseImport(text, { format: chosen, mapping: effectiveMapping, baseUrl: baseUrl.trim() || undefined });
      return { parsed, plan: planImport(connection.doc, parsed, order) };
    } catch (err) {
      if (err instanceof ImportError) return { error: err.message };
      throw err;
    }
    // connection.doc changes are picked up again when applying (the plan is remade then).
  }, [text, chosen, effectiveMapping, baseUrl, order, connection.doc]);

  const apply = () => {
    if (!text || !chosen) return;
    setError(null);
    try {
      // Planned again on the board as it is at this moment: others may have edited since the preview.
      const parsed = parseImport(text, { format: chosen, mapping: effectiveMapping, baseUrl: baseUrl.trim() || undefined });
      const plan = planImport(connection.doc, parsed, order);
      const summary = createBoardWrite(connection, setError)((doc, origin) => applyImport(doc, plan, { origin, createdBy, parkMissing }));
      if (!summary) return;
      onDone(
        `Imported: ${summary.created} new, ${summary.updated} updated${summary.parked ? `, ${summary.parked} parked` : ''}${summary.skipped.length ? `, ${summary.skipped.length} skipped` : ''}. Undo takes the whole import back.`,
      );
    } catch (err) {
      if (err instanceof ImportError) setError(err.message);
      else throw err;
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) void load(file);
  };

  return (
    <div className="space-y-4" data-testid="import-pane">
      <div
        onDragOver={(e) => e.preventDefault()}
        onDrop={onDrop}
        className="rounded-xl border-2 border-dashed border-slate-300 p-4 text-center dark:border-slate-600"
        data-testid="import-drop"
      >
        <p className={muted}>
          Drop a Jira, Azure DevOps or Linear CSV export, a GitHub issues JSON (
          <code>gh issue list --json number,title,body,labels,state,url</code>) or any CSV/TSV here, or{' '}
          <button
            type="button"
            className="font-semibold text-indigo-700 underline dark:text-indigo-300"
            onClick={() => fileRef.current?.click()}
          >
            choose a file
          </button>
          .
        </p>
        <input
          ref={fileRef}
          type="file"
          accept=".csv,.tsv,.txt,.json,text/csv,text/tab-separated-values,application/json"
          className="sr-only"
          data-testid="import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void load(file);
            e.target.value = '';
          }}
        />
        {source && (
          <p className="mt-2 text-sm font-semibold" data-testid="import-file-name">
            {source.name}{' '}
            <button type="button" className={`${hint} underline`} onClick={() => setSource(null)}>
              remove
            </button>
          </p>
        )}
      </div>
      {!source && (
        <label className="block">
          <span className={hint}>…or paste the file&apos;s text</span>
          <textarea
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            rows={3}
            className={`${input} mt-1 block w-full font-mono text-xs`}
            data-testid="import-paste"
          />
        </label>
      )}

      {text && (
        <div className="grid gap-3 sm:grid-cols-3">
          <label className="block">
            <span className={hint}>Format</span>
            <select
              value={format}
              onChange={(e) => setFormat(e.target.value as ImportFormat | 'auto')}
              className={`${input} mt-1 block w-full`}
              data-testid="import-format"
            >
              <option value="auto">Detect{detected ? `: ${IMPORT_FORMAT_LABELS[detected]}` : ''}</option>
              {IMPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {IMPORT_FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className={hint}>Tracker address, for links (optional)</span>
            <input
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
              placeholder="https://acme.atlassian.net"
              className={`${input} mt-1 block w-full`}
              data-testid="import-base-url"
            />
          </label>
          <fieldset>
            <legend className={hint}>Order</legend>
            <label className="mt-1 flex items-center gap-2 text-sm">
              <input type="radio" name="import-order" checked={order === 'append'} onChange={() => setOrder('append')} /> New items after
              the backlog
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="import-order"
                checked={order === 'file'}
                onChange={() => setOrder('file')}
                data-testid="import-order-file"
              />{' '}
              Rank as in the file
            </label>
          </fieldset>
        </div>
      )}

      {chosen === 'csv' && headers && effectiveMapping && (
        <fieldset className="rounded-xl border border-slate-200 p-3 dark:border-slate-700" data-testid="import-mapping">
          <legend className={`${sectionTitle} px-1`}>Columns</legend>
          <div className="grid gap-2 sm:grid-cols-3">
            {GENERIC_FIELDS.map((fieldName) => (
              <label key={fieldName} className="block">
                <span className={hint}>
                  {FIELD_LABELS[fieldName]}
                  {fieldName === 'title' ? ' (required)' : ''}
                </span>
                <select
                  value={effectiveMapping[fieldName] ?? ''}
                  onChange={(e) => setMapping({ ...effectiveMapping, [fieldName]: e.target.value || undefined })}
                  className={`${input} mt-1 block w-full`}
                  data-testid={`import-map-${fieldName}`}
                >
                  <option value="">—</option>
                  {headers.map((h, i) => (
                    <option key={`${h}-${i}`} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        </fieldset>
      )}

      {preview && 'error' in preview && (
        <p
          role="alert"
          className="rounded-lg bg-rose-50 p-3 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200"
          data-testid="import-error"
        >
          {preview.error}
        </p>
      )}
      {preview && 'plan' in preview && (
        <Preview parsed={preview.parsed} plan={preview.plan} parkMissing={parkMissing} onParkMissing={setParkMissing} />
      )}
      {error && (
        <p role="alert" className="rounded-lg bg-rose-50 p-3 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button
          type="button"
          className={btnPrimary}
          disabled={!preview || !('plan' in preview) || preview.plan.creates.length + preview.plan.updates.length === 0}
          onClick={apply}
          data-testid="import-apply"
        >
          {preview && 'plan' in preview ? `Import ${preview.plan.creates.length} new, ${preview.plan.updates.length} updated` : 'Import'}
        </button>
      </div>
    </div>
  );
}

function Preview({
  parsed,
  plan,
  parkMissing,
  onParkMissing,
}: {
  parsed: ParsedImport;
  plan: ImportPlan;
  parkMissing: boolean;
  onParkMissing(park: boolean): void;
}) {
  const rows = [
    ...plan.creates.map((c) => ({ record: c.record, action: 'new' })),
    ...plan.updates.map((u) => ({ record: u.record, action: `update: ${u.changes.map((c) => c.field).join(', ')}` })),
  ].sort((a, b) => a.record.row - b.record.row);
  return (
    <div className="space-y-3" data-testid="import-preview">
      <p className="text-sm font-semibold" data-testid="import-summary">
        {IMPORT_FORMAT_LABELS[parsed.format]}: {plan.creates.length} new, {plan.updates.length} updated, {plan.unchanged} unchanged,{' '}
        {plan.skipped.length} skipped
      </p>
      <p className={hint}>{parsed.mapping.map((m) => `${FIELD_LABELS[m.field as GenericField] ?? m.field} ← ${m.column}`).join(' · ')}</p>
      {rows.length > 0 && (
        <div className="max-h-60 overflow-auto rounded-lg border border-slate-200 dark:border-slate-700">
          <table className="w-full text-left text-sm">
            <thead className="sticky top-0 bg-slate-50 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
              <tr>
                <th className="px-2 py-1">Row</th>
                <th className="px-2 py-1">Key</th>
                <th className="px-2 py-1">Title</th>
                <th className="px-2 py-1">Type</th>
                <th className="px-2 py-1">Est.</th>
                <th className="px-2 py-1">Change</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 50).map(({ record, action }) => (
                <tr key={record.row} className="border-t border-slate-100 dark:border-slate-800" data-testid="import-preview-row">
                  <td className="px-2 py-1 tabular-nums">{record.row}</td>
                  <td className="px-2 py-1 whitespace-nowrap">{record.externalKey ?? '—'}</td>
                  <td className="px-2 py-1">{record.title}</td>
                  <td className="px-2 py-1 capitalize">{record.kind}</td>
                  <td className="px-2 py-1 tabular-nums">{record.estimate ?? ''}</td>
                  <td className="px-2 py-1 text-xs">{action}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > 50 && <p className={`${hint} p-2`}>…and {rows.length - 50} more</p>}
        </div>
      )}
      {plan.skipped.length > 0 && (
        <details open={plan.skipped.length <= 10} data-testid="import-skipped">
          <summary className="cursor-pointer text-sm font-semibold">Skipped ({plan.skipped.length})</summary>
          <ul className={`${hint} mt-1 list-disc pl-5`}>
            {plan.skipped.slice(0, 100).map((s) => (
              <li key={`${s.row}-${s.reason}`}>
                Row {s.row}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {plan.warnings.length > 0 && (
        <ul className={`${hint} list-disc pl-5`}>
          {plan.warnings.slice(0, 20).map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {plan.missing.length > 0 && (
        <div className={hint} data-testid="import-missing">
          <p>
            {plan.missing.length} item{plan.missing.length === 1 ? '' : 's'} on the board with a tracker key{' '}
            {plan.missing.length === 1 ? 'is' : 'are'} not in this file (
            {plan.missing
              .slice(0, 5)
              .map((m) => m.externalKey)
              .join(', ')}
            {plan.missing.length > 5 ? ', …' : ''}). Nothing is deleted by an import.
          </p>
          <label className="mt-1 flex items-center gap-2 text-sm text-slate-700 dark:text-slate-200">
            <input
              type="checkbox"
              checked={parkMissing}
              onChange={(e) => onParkMissing(e.target.checked)}
              data-testid="import-park-missing"
            />
            Park them in the tail, for the team to confirm the trim
          </label>
        </div>
      )}
    </div>
  );
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
