// "document": a PDF (a module, a regulation). Shown in the browser where it can be (an <iframe> of the
// inline PDF), always with a link to open it and one to download it, each saying how big it is: data
// is expensive, and many phones have no built-in PDF viewer. Complete when opened (or downloaded).
import { z } from 'zod';
import { defineKind } from '../types.js';
import type { AppContext } from '../../services/context.js';
import { formatBytes, numField, mediaUrl, parseJson, type FileInfo } from './media.js';

export const documentConfig = z.object({
  /** files.id of a PDF in the file store. */
  fileId: z.number().int().positive(),
  completeOn: z.literal('open').default('open'),
});
export type DocumentConfig = z.infer<typeof documentConfig>;

export const documentEvent = z.object({
  eventId: z.string().min(8).max(64),
  type: z.enum(['opened', 'downloaded']),
});

/** What the view needs besides the config: the size of the PDF (loaded by loadViewExtra). */
export interface DocumentViewExtra {
  file: FileInfo | null;
  /** The participant asked to see the PDF inside the page (it is never loaded unasked: data is expensive). */
  showInline: boolean;
}

async function loadDocumentViewExtra(ctx: Pick<AppContext, 'repos'>, activityId: number, showInline = false): Promise<DocumentViewExtra> {
  const activity = await ctx.repos.learning.activity(activityId);
  const config = activity ? documentConfig.safeParse(parseJson(activity.config)) : null;
  const row = config?.success ? await ctx.repos.files.findById(config.data.fileId) : undefined;
  return { file: row ? { size: row.size, name: row.original_name } : null, showInline };
}

const isDocumentExtra = (x: unknown): x is DocumentViewExtra => typeof x === 'object' && x !== null && 'file' in x;

export const documentKind = defineKind<DocumentConfig>({
  kind: 'document',
  configSchema: documentConfig,
  eventSchema: documentEvent,
  isMaterial: true,
  applyEvent(previous, event) {
    // Opening the PDF completes it; downloading it (to read offline) counts as opening it.
    const downloaded = previous.downloaded === true || event.type === 'downloaded';
    return { data: { opened: true, downloaded }, percent: 100, completed: true };
  },
  loadViewExtra: (ctx, input) => loadDocumentViewExtra(ctx, input.activityId, input.query.view === 'inline'),
  view({ v, activity, extra }) {
    const file = isDocumentExtra(extra) ? extra.file : null;
    const meta = file ? v.t('activity.document.meta', { size: formatBytes(file.size, v.locale) }) : v.t('activity.document.metaUnknown');
    const inline = mediaUrl(activity.id, 'document');
    return (
      <div class="document-activity">
        <p class="file-meta">{meta}</p>
        {isDocumentExtra(extra) && extra.showInline ? (
          <iframe class="pdf-frame" src={inline} title={v.t('activity.document.frameTitle', { title: activity.title })} width="100%" height="600">
            <p>
              {v.t('activity.document.noInline')} <a href={inline}>{v.t('activity.document.open')}</a>
            </p>
          </iframe>
        ) : (
          <p>
            <a class="button secondary" href="?view=inline#main">{v.t('activity.document.showHere')} ({meta})</a>
          </p>
        )}
        <p class="document-links">
          <a href={inline} target="_blank" rel="noopener">{v.t('activity.document.open')}</a>
          {' · '}
          <a href={mediaUrl(activity.id, 'document', { download: true })} download>
            {v.t('activity.document.download')} ({meta})
          </a>
        </p>
        <p class="hint">{v.t('activity.document.hint')}</p>
      </div>
    );
  },
  authoringFields({ v, config }) {
    return (
      <div>
        <label for="cfg-file-id">{v.t('authoring.document.fileId')}</label>
        <input id="cfg-file-id" name="cfg_fileId" type="number" min="1" step="1" inputmode="numeric" required value={config?.fileId ?? ''} />
        <input type="hidden" name="cfg_completeOn" value="open" />
      </div>
    );
  },
  parseAuthoringForm(body) {
    return { fileId: numField(body.cfg_fileId), completeOn: 'open' };
  },
});
