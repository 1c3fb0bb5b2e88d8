// "quiz": pre-test, post-test, final evaluation or remedial, drawn per attempt from the programme's
// question bank. Attempts, deadlines and scoring live in src/services/quiz-attempts.ts; this kind
// holds the configuration, the progress rule and the participant's view (components in views.tsx).
import { defineKind } from '../types.js';
import { quizConfig, type QuizConfig } from './config.js';
import { applyQuizEvent, quizClientEvent, remedialLock } from './progress.js';
import { QuizActivityView, QuizAuthoringFields, parseQuizAuthoringForm, type QuizViewModel } from './views.js';

export { quizConfig, type QuizConfig } from './config.js';

const isViewModel = (x: unknown): x is QuizViewModel =>
  typeof x === 'object' && x !== null && 'config' in x && 'attempts' in x && Array.isArray((x as { attempts: unknown }).attempts);

export const quizKind = defineKind<QuizConfig>({
  kind: 'quiz',
  configSchema: quizConfig,
  eventSchema: quizClientEvent,
  isMaterial: false,
  applyEvent: (previous, event, config) => applyQuizEvent(previous, event, config),
  effectiveRequired: (config, authored) => (config.purpose === 'pre_test' ? false : authored),
  failed: (config, data) => config.purpose === 'final' && data.failed === true && data.passed !== true,
  kindLock: ({ config, earlier }) => remedialLock(config, earlier),
  async loadViewExtra(ctx, input) {
    const { quizOverview } = await import('../../services/quiz-attempts.js');
    return quizOverview(ctx, input);
  },
  view({ v, activity, enrolmentId, config, progress, extra }) {
    return (
      <QuizActivityView
        v={v}
        enrolmentId={enrolmentId}
        activityId={activity.id}
        instructions={config.instructions}
        m={isViewModel(extra) ? extra : null}
        locked={progress.state === 'locked'}
      />
    );
  },
  authoringFields({ v, config }) {
    return <QuizAuthoringFields v={v} config={config as Partial<Record<keyof QuizConfig, unknown>> | null} />;
  },
  parseAuthoringForm: (body) => parseQuizAuthoringForm(body),
});
