// "page": rich text written in Markdown (sanitised). Complete when opened, or when read to the end.
import { z } from 'zod';
import { defineKind } from '../types.js';
import { Markdown, withoutRepeatedTitle } from '../../views/markdown.js';

export const pageConfig = z.object({
  markdown: z.string().max(200_000),
  completeOn: z.enum(['open', 'scroll_end']).default('open'),
});
export type PageConfig = z.infer<typeof pageConfig>;

const pageEvent = z.object({
  eventId: z.string().min(8).max(64),
  type: z.enum(['opened', 'read_to_end']),
});

export const pageKind = defineKind<PageConfig>({
  kind: 'page',
  configSchema: pageConfig,
  eventSchema: pageEvent,
  isMaterial: true,
  applyEvent(previous, event, config) {
    const opened = true;
    const readToEnd = previous.readToEnd === true || event.type === 'read_to_end';
    const completed = config.completeOn === 'open' ? opened : readToEnd;
    return { data: { opened, readToEnd }, percent: completed ? 100 : 50, completed };
  },
  view({ v, config, progress, activity }) {
    return (
      <div class="page-activity">
        <article class="prose" data-complete-on={config.completeOn}>
          <Markdown source={withoutRepeatedTitle(config.markdown, activity.title)} />
        </article>
        {config.completeOn === 'scroll_end' && progress.state !== 'completed' ? (
          <p class="hint" id="read-to-end-hint" data-hide-when-complete={String(activity.id)}>{v.t('activity.page.readToEnd')}</p>
        ) : null}
      </div>
    );
  },
  authoringFields({ v, config }) {
    return (
      <>
        <div>
          <label for="cfg-markdown">{v.t('authoring.page.markdown')}</label>
          <textarea id="cfg-markdown" name="cfg_markdown" rows={18}>{config?.markdown ?? ''}</textarea>
        </div>
        <div>
          <label for="cfg-complete-on">{v.t('authoring.page.completeOn')}</label>
          <select id="cfg-complete-on" name="cfg_completeOn">
            <option value="open" selected={config?.completeOn !== 'scroll_end'}>{v.t('authoring.page.completeOn.open')}</option>
            <option value="scroll_end" selected={config?.completeOn === 'scroll_end'}>{v.t('authoring.page.completeOn.scroll_end')}</option>
          </select>
        </div>
      </>
    );
  },
  parseAuthoringForm(body) {
    return { markdown: typeof body.cfg_markdown === 'string' ? body.cfg_markdown : '', completeOn: body.cfg_completeOn === 'scroll_end' ? 'scroll_end' : 'open' };
  },
});
