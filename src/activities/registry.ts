// Every activity kind the platform knows. Adding a kind = a folder src/activities/<kind>/ and one line here.
import type { ActivityKind } from './types.js';
import { pageKind } from './page/index.js';
import { documentKind } from './document/index.js';
import { videoKind } from './video/index.js';
import { uploadKind } from './upload/index.js';
import { quizKind } from './quiz/index.js';
import { liveSessionKind } from './live-session/index.js';

const KINDS: ActivityKind<any>[] = [pageKind, uploadKind, documentKind, videoKind, quizKind, liveSessionKind];

const BY_NAME = new Map(KINDS.map((k) => [k.kind, k]));

export function activityKind(name: string): ActivityKind<unknown> | undefined {
  return BY_NAME.get(name);
}

export function activityKinds(): readonly ActivityKind<unknown>[] {
  return KINDS;
}
