import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { usersRepository } from './users.js';
import { sessionsRepository } from './sessions.js';
import { auditRepository } from './audit.js';
import { throttlesRepository } from './throttles.js';
import { apiTokensRepository } from './tokens.js';
import { passwordResetsRepository } from './password-resets.js';
import { unitsRepository } from './units.js';
import { programmesRepository } from './programmes.js';
import { bulkRepository } from './bulk.js';
import { jobsRepository } from './jobs.js';
import { learningRepository } from './learning.js';
import { filesRepository } from './files.js';
import { mediaRepository } from './media.js';
import { demoRepository } from './demo.js';
import { submissionsRepository } from './submissions.js';
import { authoringRepository } from './authoring.js';
import { questionsRepository } from './questions.js';
import { attemptsRepository } from './attempts.js';
import { quizReportsRepository } from './quiz-reports.js';
import { provisioningRepository } from './provisioning.js';
import { monitoringRepository } from './monitoring.js';
import { accountCareRepository } from './account-care.js';
import { profileRepository } from './profile.js';
import { liveAttendanceRepository } from './live-attendance.js';
import { liveSessionsRepository } from './live-sessions.js';
import { certificateRequirementsRepository } from './certificate-requirements.js';
import { certificatesRepository } from './certificates.js';

/** The one layer that holds SQL: services receive these and never build queries themselves. */
export function createRepositories(db: Kysely<Database>) {
  return {
    users: usersRepository(db),
    sessions: sessionsRepository(db),
    audit: auditRepository(db),
    throttles: throttlesRepository(db),
    apiTokens: apiTokensRepository(db),
    passwordResets: passwordResetsRepository(db),
    units: unitsRepository(db),
    programmes: programmesRepository(db),
    bulk: bulkRepository(db),
    jobs: jobsRepository(db),
    learning: learningRepository(db),
    files: filesRepository(db),
    media: mediaRepository(db),
    demo: demoRepository(db),
    submissions: submissionsRepository(db),
    authoring: authoringRepository(db),
    questions: questionsRepository(db),
    attempts: attemptsRepository(db),
    quizReports: quizReportsRepository(db),
    provisioning: provisioningRepository(db),
    monitoring: monitoringRepository(db),
    accountCare: accountCareRepository(db),
    profile: profileRepository(db),
    certificates: certificatesRepository(db),
    liveAttendance: liveAttendanceRepository(db),
    liveSessions: liveSessionsRepository(db),
    certificateRequirements: certificateRequirementsRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
