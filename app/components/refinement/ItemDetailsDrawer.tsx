'use client';

import { useEffect } from 'react';
import {
  FITS_VISION,
  MOSCOW,
  HYPOTHESIS_TEXTS,
  ensureItemText,
  readItemDetailText,
  setFitsVision,
  setMoscow,
  setWsjfInputs,
} from '@/lib/board/item-details';
import { ITEM_DETAIL_TEXTS, type ItemDetailTextField, getItemMap } from '@/lib/board/schema';
import {
  addAction,
  addAttachment,
  addDecision,
  addDependency,
  addQuestion,
  answerQuestion,
  removeItemEntry,
  setExternalDependencyStatus,
  updateAction,
} from '@/lib/board/item-entries';
import { setDorTick } from '@/lib/board/dor';
import { setRelease, setServes } from '@/lib/board/roadmap';
import type { BoardConnection, ConnectionSnapshot } from '@/lib/client/board-connection';
import { useBoardWrite } from '@/lib/client/hooks/use-board-write';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { useRoster } from '@/lib/client/hooks/use-roster';
import { openItemDetails } from '@/lib/client/open-item-details';
import { splitItem } from '@/lib/refinement/split';
import { canEdit as roleCanEdit } from '@/lib/session/permissions';
import { CollabText } from '../ui/CollabText';
import { Modal } from '../ui/Modal';
import { input, hint, sectionTitle } from '../ui/styles';
import { Refusal } from '../ui/Refusal';
import { ActionsSection, DecisionsSection, QuestionsSection } from './EntryLists';
import { AttachmentsSection } from './AttachmentsSection';
import { DependenciesSection } from './DependenciesSection';
import { ReadinessChecklist } from './ReadinessChecklist';
import { SplitItemForm } from './SplitItemForm';
import { WsjfInputs } from './WsjfInputs';

const TEXT_LABEL: Record<ItemDetailTextField, string> = {
  hypothesisBelieve: 'We believe that…',
  hypothesisResult: '…will result in…',
  hypothesisKnowWhen: 'We will know we succeeded when…',
  acceptanceCriteria: 'Acceptance criteria',
  notes: 'Discussion notes',
};

function SharedText({
  connection,
  itemId,
  field,
  canEdit,
  value,
}: {
  connection: BoardConnection;
  itemId: string;
  field: ItemDetailTextField;
  canEdit: boolean;
  value: string;
}) {
  const item = getItemMap(connection.doc, itemId);
  const text = item ? readItemDetailText(item, field) : null;
  return (
    <label className="block text-xs font-semibold">
      {TEXT_LABEL[field]}
      {canEdit && text ? (
        <CollabText
          text={text}
          origin={connection.localOrigin}
          multiline
          label={TEXT_LABEL[field]}
          className={`${input} mt-0.5 block w-full resize-none font-normal`}
          testId={`text-${field}`}
        />
      ) : (
        <p className="mt-0.5 text-sm font-normal whitespace-pre-wrap" data-testid={`text-${field}`}>
          {value || <span className={hint}>—</span>}
        </p>
      )}
    </label>
  );
}

/** Everything about one item that refinement records, edited live by everyone. */
export function ItemDetailsDrawer({
  connection,
  snapshot,
  itemId,
}: {
  connection: BoardConnection;
  snapshot: ConnectionSnapshot;
  itemId: string | null;
}) {
  const view = useRefinementView(connection.doc);
  const { write, error: notice, report: setNotice } = useBoardWrite(connection);
  const role = snapshot.session?.role ?? null;
  const canEdit = role !== null && roleCanEdit(role);
  const item = itemId ? view.items.find((i) => i.id === itemId) : undefined;
  const details = itemId ? view.details.get(itemId) : undefined;
  const insight = itemId ? view.insights.get(itemId) : undefined;
  const doc = connection.doc;

  // Shared texts are created when the drawer opens, so editors bind to them (see details.ts).
  useEffect(() => {
    if (!itemId || !canEdit || !getItemMap(doc, itemId)) return;
    write((d, o) =>
      d.transact(() => {
        for (const field of ITEM_DETAIL_TEXTS) ensureItemText(d, itemId, field, o);
      }, o),
    );
  }, [doc, write, itemId, canEdit]);

  const close = () => openItemDetails(null);
  const roster = useRoster(connection).participants;
  const owners = Array.from(new Set(roster.map((p) => p.name)));
  const me = roster.find((p) => p.clientId === snapshot.session?.clientId)?.name ?? null;

  return (
    <Modal open={!!item} onClose={close} labelledBy="details-heading" className="w-[min(44rem,96vw)]">
      {item && details && insight && itemId && (
        <div className="max-h-[85vh] space-y-5 overflow-y-auto p-4" data-testid="item-details">
          <header className="flex items-start justify-between gap-2">
            <div>
              <h2 id="details-heading" className="text-lg font-bold">
                {item.title}
              </h2>
              <p className={hint}>
                {item.kind} · {item.estimate === null ? 'not estimated' : `${item.estimate} pts`}
                {insight.parent && ` · part of “${insight.parent.title}”`}
              </p>
            </div>
            <button
              type="button"
              onClick={close}
              className="rounded-lg px-2 py-1 text-sm font-semibold hover:bg-slate-100 dark:hover:bg-slate-800"
              data-testid="details-close"
            >
              Close
            </button>
          </header>
          <Refusal message={notice} />

          <div className="flex flex-wrap gap-4 text-sm">
            <fieldset>
              <legend className="text-xs font-semibold">Fits the vision?</legend>
              <div className="flex gap-1" data-testid="fits-vision">
                {FITS_VISION.map((value) => (
                  <label key={value} className="flex items-center gap-1">
                    <input
                      type="radio"
                      name={`fits-${itemId}`}
                      checked={details.fitsVision === value}
                      disabled={!canEdit}
                      onChange={() => write((d, o) => setFitsVision(d, itemId, value, o))}
                    />
                    {value}
                  </label>
                ))}
              </div>
            </fieldset>
            <label className="flex flex-col text-xs font-semibold">
              MoSCoW
              <select
                className={input}
                value={details.moscow ?? ''}
                disabled={!canEdit}
                onChange={(e) => write((d, o) => setMoscow(d, itemId, (e.target.value || null) as (typeof MOSCOW)[number] | null, o))}
                data-testid="moscow-select"
              >
                <option value="">—</option>
                {MOSCOW.map((m) => (
                  <option key={m} value={m}>
                    {m === 'wont' ? "won't" : m}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col text-xs font-semibold">
              Release
              <select
                className={input}
                value={details.releaseId ?? ''}
                disabled={!canEdit}
                onChange={(e) => write((d, o) => setRelease(d, itemId, e.target.value || null, o))}
                data-testid="release-select"
              >
                <option value="">—</option>
                {view.roadmap.releases.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
          </div>

          {(view.roadmap.pains.length > 0 || view.roadmap.gains.length > 0) && (
            <fieldset data-testid="serves">
              <legend className={sectionTitle}>Serves</legend>
              <div className="mt-1 flex flex-wrap gap-3 text-sm">
                {[
                  ...view.roadmap.pains.map((p) => ({ ...p, kind: 'Pain' })),
                  ...view.roadmap.gains.map((g) => ({ ...g, kind: 'Gain' })),
                ].map((entry) => (
                  <label key={entry.id} className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      checked={details.serves.includes(entry.id)}
                      disabled={!canEdit}
                      onChange={(e) => write((d, o) => setServes(d, itemId, entry.id, e.target.checked, o))}
                    />
                    <span className={hint}>{entry.kind}:</span> {entry.text}
                  </label>
                ))}
              </div>
            </fieldset>
          )}

          <section aria-labelledby="hypothesis-heading" className="space-y-2" data-testid="hypothesis">
            <h3 id="hypothesis-heading" className={sectionTitle}>
              Value hypothesis
            </h3>
            {HYPOTHESIS_TEXTS.map(([part, field]) => (
              <SharedText
                key={field}
                connection={connection}
                itemId={itemId}
                field={field}
                canEdit={canEdit}
                value={details.hypothesis[part]}
              />
            ))}
          </section>

          <SharedText
            connection={connection}
            itemId={itemId}
            field="acceptanceCriteria"
            canEdit={canEdit}
            value={details.acceptanceCriteria}
          />

          <ReadinessChecklist
            readiness={insight.readiness}
            canEdit={canEdit}
            onTick={(id, ticked) => write((d, o) => setDorTick(d, itemId, id, ticked, o))}
          />

          <WsjfInputs
            inputs={details.wsjf}
            estimate={item.estimate}
            score={insight.score}
            canEdit={canEdit}
            onChange={(patch) => write((d, o) => setWsjfInputs(d, itemId, patch, o))}
            onEstimateWithPoker={
              role === 'facilitator'
                ? (target) =>
                    void connection.emit('poker:start', { mode: 'item', itemId, target }).then((ack) => {
                      // The round shows in the poker panel beside the backlog: get out of its way.
                      if (ack.ok) close();
                      else setNotice(ack.error?.message ?? 'could not start the round');
                    })
                : undefined
            }
          />

          <DependenciesSection
            itemId={itemId}
            dependencies={details.dependencies}
            items={view.items}
            canEdit={canEdit}
            onAdd={(dep) => write((d, o) => void addDependency(d, itemId, dep, o))}
            onStatus={(id, status) => write((d, o) => setExternalDependencyStatus(d, itemId, id, status, o))}
            onRemove={(id) => write((d, o) => removeItemEntry(d, itemId, 'dependency', id, o))}
          />

          <QuestionsSection
            questions={details.questions}
            canEdit={canEdit}
            onAdd={(text) => write((d, o) => void addQuestion(d, itemId, text, me, o))}
            onAnswer={(id, answer) => write((d, o) => answerQuestion(d, itemId, id, answer, o))}
            onRemove={(id) => write((d, o) => removeItemEntry(d, itemId, 'question', id, o))}
          />

          <SharedText connection={connection} itemId={itemId} field="notes" canEdit={canEdit} value={details.notes} />

          <ActionsSection
            actions={details.actions}
            owners={owners}
            canEdit={canEdit}
            onAdd={(action) => write((d, o) => void addAction(d, itemId, action, o))}
            onUpdate={(id, patch) => write((d, o) => updateAction(d, itemId, id, patch, o))}
            onRemove={(id) => write((d, o) => removeItemEntry(d, itemId, 'action', id, o))}
          />

          <DecisionsSection
            decisions={details.decisions}
            canEdit={canEdit}
            onAdd={(text) => write((d, o) => void addDecision(d, itemId, text, me, o))}
            onRemove={(id) => write((d, o) => removeItemEntry(d, itemId, 'decision', id, o))}
          />

          <AttachmentsSection
            attachments={details.attachments}
            boardId={connection.boardId}
            boardKey={connection.key}
            canEdit={canEdit}
            onAdd={(a) => write((d, o) => void addAttachment(d, itemId, { ...a, addedBy: me }, o))}
            onRemove={(id) => write((d, o) => removeItemEntry(d, itemId, 'attachment', id, o))}
          />

          {canEdit && item.zone === 'backlog' && (
            <SplitItemForm onSplit={(titles) => write((d, o) => void splitItem(d, itemId, titles, { createdBy: me }, o))} />
          )}
        </div>
      )}
    </Modal>
  );
}
