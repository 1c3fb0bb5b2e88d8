// "quiz": pre-test, post-test, final evaluation or remedial, drawn per attempt from the programme's
// question bank. Attempts, deadlines and scoring live in src/services/quiz-attempts.ts; this kind
// holds the configuration, the progress rule and the participant's view.
import { defineKind } from '../types.js';
import { Markdown } from '../../views/markdown.js';
import { quizConfig, type QuizConfig } from './config.js';
import { applyQuizEvent, quizClientEvent, remedialLock } from './progress.js';

export { quizConfig, type QuizConfig } from './config.js';

export const quizKind = defineKind<QuizConfig>({
  kind: 'quiz',
  configSchema: quizConfig,
  eventSchema: quizClientEvent,
  isMaterial: false,
  applyEvent: (previous, event, config) => applyQuizEvent(previous, event, config),
  effectiveRequired: (config, authored) => (config.purpose === 'pre_test' ? false : authored),
  kindLock: ({ config, earlier }) => remedialLock(config, earlier),
  view({ config }) {
    // Placeholder view (the full view with rules, attempts and Start comes with the attempt pages).
    return (
      <div class="quiz-activity">
        {config.instructions ? (
          <article class="prose">
            <Markdown source={config.instructions} />
          </article>
        ) : null}
      </div>
    );
  },
  authoringFields() {
    return null;
  },
  parseAuthoringForm(body) {
    return typeof body.cfg_json === 'string' ? JSON.parse(body.cfg_json) : {};
  },
});
