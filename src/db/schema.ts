// Table types for Kysely. Conventions on both databases:
// timestamps are ISO 8601 UTC text ("2026-11-28T10:00:00.000Z"), so they sort and compare the same
// on SQLite and PostgreSQL; booleans are integers 0/1; JSON is text; ids are integers.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'platform_admin' | 'agency_admin' | 'unit_operator' | 'facilitator' | 'participant';
export const ROLES: readonly Role[] = ['platform_admin', 'agency_admin', 'unit_operator', 'facilitator', 'participant'];
export type UnitKind = 'agency' | 'secretariat' | 'province' | 'regency' | 'unit';
export const UNIT_KINDS: readonly UnitKind[] = ['agency', 'secretariat', 'province', 'regency', 'unit'];

export interface OrgUnitTable {
  id: Generated<number>;
  parent_id: number | null;
  /** The root (agency) of this unit's tree; equal to id for the agency itself. */
  agency_id: number | null;
  /** Materialised path of ids, e.g. "/1/2/40/": a subtree is `path LIKE '/1/2/%'`. */
  path: string;
  depth: number;
  code: string;
  name: string;
  kind: UnitKind;
  /** Region code (Kemendagri) when the unit is a regional office: decides its time zone. */
  region_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  login: string;
  nip: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  employment_type: 'PNS' | 'PPPK' | null;
  position: string | null;
  unit_id: number | null;
  password_hash: string | null;
  must_change_password: number;
  locale: 'id' | 'en' | null;
  status: 'active' | 'disabled';
  created_at: string;
  updated_at: string;
  password_changed_at: string | null;
  last_login_at: string | null;
  /** The NIK, encrypted with the configured key (AES-256-GCM); shown only masked. */
  nik_encrypted: string | null;
  /** Keyed hash (HMAC-SHA-256) of the current activation code; null once used or never issued. */
  activation_code_hash: string | null;
  activation_code_issued_at: string | null;
}

export interface RoleAssignmentTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  /** Scope: the unit subtree for agency_admin / unit_operator. */
  unit_id: number | null;
  /** Scope: the cohort for facilitator. */
  cohort_id: number | null;
  created_at: string;
  created_by: number | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a leaked table does not leak live sessions. */
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  created_by: number | null;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetTokenTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  ip: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  blocked_until: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: string | null;
  ip: string | null;
  user_agent: string | null;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export interface JobTable {
  id: Generated<number>;
  type: string;
  payload: string;
  status: JobStatus;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  progress_current: number;
  progress_total: number | null;
  progress_message: string | null;
  result: string | null;
  error: string | null;
  unique_key: string | null;
  created_by: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ProgrammeTable {
  id: Generated<number>;
  code: string;
  title: string;
  description: string | null;
  jp: number;
  organiser_unit_id: number | null;
  provider: string | null;
  status: 'draft' | 'published' | 'archived';
  created_at: string;
  updated_at: string;
}

export interface CohortTable {
  id: Generated<number>;
  programme_id: number;
  code: string;
  title: string;
  starts_on: string | null;
  ends_on: string | null;
  gelombang: number | null;
  angkatan: number | null;
  /** Day 1 for those who have not signed in by this local date. */
  start_by: string | null;
  /** The personal window in days (e.g. 30); null for none. */
  window_days: number | null;
  created_at: string;
  updated_at: string;
}

export interface EnrolmentTable {
  id: Generated<number>;
  cohort_id: number;
  user_id: number;
  ndh: number | null;
  status: 'active' | 'withdrawn';
  enrolled_at: string;
  first_signin_at: string | null;
  extension_days: Generated<number>;
  progress: Generated<number>;
  completed_at: string | null;
  last_activity_at: string | null;
  /** The cohort's programme (kept here so one enrolment per programme is a unique index). */
  programme_id: number | null;
  /** Set when a programme admin allowed a second enrolment in the same programme. */
  override_reason: string | null;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  /** Monitoring status apart from "behind" (= in_progress with due_on before today in `zone`). */
  state: Generated<EnrolmentState>;
  zone: 'WIB' | 'WITA' | 'WIT' | null;
  /** Local date by which the first incomplete stage with a target day should be complete. */
  due_on: string | null;
}

export type EnrolmentState = 'never_signed_in' | 'in_progress' | 'failed' | 'passed' | 'certified';

export interface StageTable {
  id: Generated<number>;
  programme_id: number;
  position: number;
  title: string;
  description: string | null;
  sequential: number;
  opens_at: string | null;
  opens_on_day: number | null;
  closes_after_day: number | null;
  target_day: number | null;
  published: number;
  created_at: string;
  updated_at: string;
}

export interface ActivityTable {
  id: Generated<number>;
  programme_id: number;
  stage_id: number;
  position: number;
  kind: string;
  title: string;
  required: number;
  jp: number | null;
  /** JSON, validated by the activity kind's config schema. */
  config: string;
  /** JSON array of activity ids that must be complete first. */
  prerequisite_ids: string;
  opens_at: string | null;
  opens_on_day: number | null;
  closes_after_day: number | null;
  published: number;
  created_at: string;
  updated_at: string;
}

export interface FileTable {
  id: Generated<number>;
  sha256: string;
  size: number;
  mime: string;
  original_name: string;
  /** Where the bytes are in the file store (relative key). */
  storage_key: string;
  created_at: string;
  created_by: number | null;
}

export interface ActivityProgressTable {
  enrolment_id: number;
  activity_id: number;
  state: 'in_progress' | 'completed';
  percent: number;
  /** JSON, the kind's own progress data (watched intervals, last position, opened …). */
  data: string;
  completed_at: string | null;
  updated_at: string;
}

export interface ProgressEventTable {
  id: Generated<number>;
  enrolment_id: number;
  activity_id: number;
  /** Client-generated id: the same event sent twice is recorded once. */
  event_id: string;
  type: string;
  payload: string;
  received_at: string;
}

export interface SubmissionTable {
  id: Generated<number>;
  enrolment_id: number;
  activity_id: number;
  file_id: number;
  version: number;
  status: 'submitted' | 'accepted' | 'returned';
  comment: string | null;
  submitted_at: string;
  reviewed_at: string | null;
  reviewed_by: number | null;
}

export type QuestionType = 'single' | 'multiple' | 'true_false' | 'short';
export const QUESTION_TYPES: readonly QuestionType[] = ['single', 'multiple', 'true_false', 'short'];

export interface QuestionCategoryTable {
  id: Generated<number>;
  programme_id: number;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface QuestionTable {
  id: Generated<number>;
  programme_id: number;
  category_id: number;
  /** Stable per programme, e.g. "LAN-001": import/export round trips match on it. */
  code: string;
  type: QuestionType;
  /** Markdown (rich text). */
  text: string;
  image_file_id: number | null;
  /** JSON [{id:number,text:string,correct:boolean}] — option ids are stable within the question. */
  options: string;
  /** JSON string[] — short answer: every accepted answer (compared normalised). */
  accepted_answers: string;
  points: number;
  /** Multiple choice: 1 = partial credit per option, 0 = all or nothing. */
  partial_credit: number;
  /** Explanation shown after submitting when the review policy allows it. */
  feedback: string | null;
  /** JSON string[] */
  tags: string;
  /** 'archived' questions are kept for past attempts and reports but never drawn. */
  status: 'active' | 'archived';
  created_at: string;
  updated_at: string;
}

/** open → submitted (by the participant) or expired (finalised at its deadline, answers so far scored). */
export type AttemptStatus = 'open' | 'submitted' | 'expired';

export interface QuizAttemptTable {
  id: Generated<number>;
  enrolment_id: number;
  activity_id: number;
  user_id: number;
  /** 1, 2, … per enrolment and quiz. */
  number: number;
  status: AttemptStatus;
  /** Seeds the drawing and shuffling of this attempt. */
  seed: number;
  started_at: string;
  /** Fixed at start (time limit, grants, closing); null = no limit. */
  deadline: string | null;
  finished_at: string | null;
  finished_by: 'participant' | 'deadline' | null;
  score: number | null;
  max_score: number | null;
  percent: number | null;
  passed: number | null;
  updated_at: string;
}

export interface AttemptQuestionTable {
  attempt_id: number;
  question_id: number;
  position: number;
  /** JSON: the question as drawn (see src/domain/quiz.ts DrawnQuestion). */
  snapshot: string;
  /** JSON {optionIds:number[]} or {text:string}; null = not answered. */
  answer: string | null;
  answered_at: string | null;
  /** Points, set when the attempt is finalised. */
  score: number | null;
}

export interface AttemptEventTable {
  id: Generated<number>;
  attempt_id: number;
  type: 'start' | 'resume' | 'answer' | 'submit' | 'expire';
  question_id: number | null;
  at: string;
  ip: string | null;
}

export interface QuizGrantTable {
  id: Generated<number>;
  enrolment_id: number;
  activity_id: number;
  extra_attempts: number;
  extra_minutes: number;
  reason: string;
  granted_by: number | null;
  created_at: string;
}

export interface UserNipTable {
  id: Generated<number>;
  user_id: number;
  nip: string;
  valid_from: string;
  valid_to: string | null;
  reason: string | null;
  changed_by: number | null;
}

export interface ProfileCorrectionTable {
  id: Generated<number>;
  user_id: number;
  field: string;
  current_value: string | null;
  requested_value: string;
  note: string | null;
  status: 'pending' | 'approved' | 'rejected';
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
  created_at: string;
}

export interface Database {
  org_units: OrgUnitTable;
  users: UserTable;
  role_assignments: RoleAssignmentTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  password_reset_tokens: PasswordResetTokenTable;
  login_throttles: LoginThrottleTable;
  audit_log: AuditLogTable;
  jobs: JobTable;
  programmes: ProgrammeTable;
  cohorts: CohortTable;
  enrolments: EnrolmentTable;
  stages: StageTable;
  activities: ActivityTable;
  files: FileTable;
  activity_progress: ActivityProgressTable;
  progress_events: ProgressEventTable;
  submissions: SubmissionTable;
  question_categories: QuestionCategoryTable;
  questions: QuestionTable;
  quiz_attempts: QuizAttemptTable;
  attempt_questions: AttemptQuestionTable;
  attempt_events: AttemptEventTable;
  quiz_grants: QuizGrantTable;
  user_nips: UserNipTable;
  profile_corrections: ProfileCorrectionTable;
  speakers: SpeakerTable;
  activity_speakers: ActivitySpeakerTable;
  live_joins: LiveJoinTable;
  calendar_feeds: CalendarFeedTable;
  live_attendance_imports: LiveAttendanceImportTable;
  live_attendance_segments: LiveAttendanceSegmentTable;
  live_attendance_people: LiveAttendancePersonTable;
  live_attendance_totals: LiveAttendanceTotalTable;
  live_attendance_marks: LiveAttendanceMarkTable;
  participant_photos: ParticipantPhotoTable;
  identity_confirmations: IdentityConfirmationTable;
  learning_hours: LearningHoursTable;
  certificate_settings: CertificateSettingsTable;
  certificate_sequences: CertificateSequenceTable;
  certificates: CertificateTable;
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type RoleAssignment = Selectable<RoleAssignmentTable>;
export type Session = Selectable<SessionTable>;
export type ApiToken = Selectable<ApiTokenTable>;
export type Job = Selectable<JobTable>;
export type Programme = Selectable<ProgrammeTable>;
export type Cohort = Selectable<CohortTable>;
export type Enrolment = Selectable<EnrolmentTable>;
export type Stage = Selectable<StageTable>;
export type Activity = Selectable<ActivityTable>;
export type StoredFile = Selectable<FileTable>;
export type ActivityProgressRow = Selectable<ActivityProgressTable>;
export type Submission = Selectable<SubmissionTable>;
export type QuestionCategory = Selectable<QuestionCategoryTable>;
export type Question = Selectable<QuestionTable>;
export type QuizAttempt = Selectable<QuizAttemptTable>;
export type AttemptQuestion = Selectable<AttemptQuestionTable>;
export type QuizGrant = Selectable<QuizGrantTable>;

// ---------------------------------------------------------------- live sessions (0007_live_sessions)

/** A reusable speaker (narasumber) of live sessions. */
export interface SpeakerTable {
  id: Generated<number>;
  name: string;
  institution: string;
  topic: string;
  bio: string;
  /** files.id of the photo (checked by content: PNG, JPEG, WebP), or null. */
  photo_file_id: number | null;
  archived: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** Which speakers appear in a live session, in order (kept in step with the activity's config). */
export interface ActivitySpeakerTable {
  activity_id: number;
  speaker_id: number;
  position: number;
  /** 'narasumber' | 'moderator' | 'host' */
  role: string;
}

/** One click on "Join" of a live session (through /live/:id/join). */
export interface LiveJoinTable {
  id: Generated<number>;
  enrolment_id: number;
  activity_id: number;
  user_id: number;
  joined_at: string;
  /** 'mobile' | 'tablet' | 'desktop' | 'unknown' (from the user agent). */
  device: string;
  user_agent: string | null;
  ip: string | null;
}

/** A participant's calendar feed token (stored hashed; one active per user; revoked = revoked_at set). */
export interface CalendarFeedTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export type Speaker = Selectable<SpeakerTable>;
export type LiveJoin = Selectable<LiveJoinTable>;

// ---------------------------------------------------------------------------------------------
// Attendance of live sessions from the Zoom participant report (migration 0008_live_attendance).

/** One uploaded Zoom participant report of a live session (unique per session and file hash). */
export interface LiveAttendanceImportTable {
  id: Generated<number>;
  activity_id: number;
  sha256: string;
  file_name: string;
  /** The zone the report's local times were read in. */
  zone: 'WIB' | 'WITA' | 'WIT';
  meeting_id: string | null;
  topic: string | null;
  meeting_start_at: string | null;
  meeting_end_at: string | null;
  /** Participant rows read, people (grouped rows) and how they were matched. */
  rows: number;
  people: number;
  matched: number;
  unmatched: number;
  ambiguous: number;
  error_count: number;
  /** JSON [{line, code, detail?}] — the first parse errors. */
  errors: string;
  uploaded_by: number | null;
  created_at: string;
}

/** 'email' | 'nip' | 'name' (matched on import) or 'manual' (matched by hand). */
export type AttendanceSource = 'email' | 'nip' | 'name' | 'manual';

/** A join/leave segment of a matched enrolment, as reported (not clipped; the window applies when counting). */
export interface LiveAttendanceSegmentTable {
  id: Generated<number>;
  activity_id: number;
  import_id: number;
  enrolment_id: number;
  start_at: string;
  end_at: string;
  source: AttendanceSource;
}

/** A person of a report that was not matched automatically: left for manual matching. */
export interface LiveAttendancePersonTable {
  id: Generated<number>;
  activity_id: number;
  import_id: number;
  /** The grouping key of the report person (normalised email or name): a later report's same person is resolved alike. */
  person_key: string;
  /** JSON string[] */
  display_names: string;
  email: string | null;
  /** JSON number[] — the report lines. */
  lines: string;
  /** JSON [{start, end}] ISO instants. */
  segments: string;
  minutes: number;
  kind: 'unmatched' | 'ambiguous';
  /** JSON number[] — candidate enrolment ids (ambiguous). */
  candidates: string;
  status: 'pending' | 'matched' | 'dismissed';
  enrolment_id: number | null;
  resolved_by: number | null;
  resolved_at: string | null;
  note: string | null;
}

/** The attended minutes last computed (and sent as progress) per session and enrolment. */
export interface LiveAttendanceTotalTable {
  activity_id: number;
  enrolment_id: number;
  minutes: number;
  source: AttendanceSource;
  updated_at: string;
}

/** A manual attendance mark (with its reason; cleared = deleted, the audit log keeps the history). */
export interface LiveAttendanceMarkTable {
  activity_id: number;
  enrolment_id: number;
  mark: 'present' | 'absent';
  reason: string;
  marked_by: number | null;
  marked_at: string;
}

// ---------------------------------------------------------------- certificate requirements (0010_certificate_requirements)

/** The participant's current certificate photo (the framed 300×400 JPEG, in the file store). */
export interface ParticipantPhotoTable {
  user_id: number;
  file_id: number;
  width: number;
  height: number;
  /** 'jpeg' | 'png': what was uploaded. */
  source_format: string;
  uploaded_at: string;
}

/** The participant's confirmation of the identity printed on an enrolment's certificate (what was shown, kept to compare). */
export interface IdentityConfirmationTable {
  enrolment_id: number;
  user_id: number;
  name: string;
  nip: string | null;
  unit: string | null;
  confirmed_at: string;
}

/** One completed programme's JP in the employee's record (one row per enrolment). */
export interface LearningHoursTable {
  id: Generated<number>;
  user_id: number;
  /** Calendar year of completion in the participant's zone. */
  year: number;
  programme_id: number;
  enrolment_id: number;
  jp: number;
  /** 0 for an orientation (it does not count toward the PPPK yearly cap). */
  counts_toward_limit: number;
  /** Local date of completion (YYYY-MM-DD). */
  completed_on: string;
  /** 'certificate' (recorded when the certificate was issued) or another origin. */
  source: string;
  created_at: string;
}

export type ParticipantPhoto = Selectable<ParticipantPhotoTable>;
export type IdentityConfirmation = Selectable<IdentityConfirmationTable>;
export type LearningHoursRow = Selectable<LearningHoursTable>;

// ---------------------------------------------------------------- certificates (0009_certificates)

/** Certificate settings of a programme (a missing row = the defaults). Booleans 0/1. */
export interface CertificateSettingsTable {
  programme_id: number;
  enabled: number;
  require_activities: number;
  require_evaluation: number;
  require_jurnal: number;
  require_confirmation: number;
  require_photo: number;
  /** e.g. "{seq}/ORIENT-PPPK/{agency}/{year}" (src/domain/certificate-number.ts). */
  number_pattern: string;
  signer_name: string | null;
  signer_position: string | null;
  signer_place: string | null;
  /** null: the sum of the required activities' JP. */
  jp: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
}

/** The last number given per agency and year (gapless: bumped in the transaction that assigns it). */
export interface CertificateSequenceTable {
  agency_key: string;
  year: number;
  last_seq: number;
}

export type CertificateStatus = 'eligible' | 'generated' | 'signed' | 'issued' | 'revoked';
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = ['eligible', 'generated', 'signed', 'issued', 'revoked'];

export interface CertificateTable {
  id: Generated<number>;
  enrolment_id: number;
  user_id: number;
  programme_id: number;
  cohort_id: number;
  status: CertificateStatus;
  /** The participant's agency code: the numbering sequence this certificate draws from. */
  agency_key: string;
  /** Assigned once (with year and seq) and kept across retries and revocation. */
  number: string | null;
  year: number | null;
  seq: number | null;
  /** Public, unguessable (100 random bits, base32). */
  verification_code: string;
  /** JSON: what was printed (fixed once generated). */
  content: string | null;
  /** files.id of the signed PDF. */
  pdf_file_id: number | null;
  signer_id: string | null;
  issued_at: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
  revoked_by: number | null;
  /** The revoked certificate this one re-issues. */
  replaces_id: number | null;
  /** Lease of the worker processing it (instance id, until). */
  locked_by: string | null;
  locked_until: string | null;
  attempts: number;
  last_error: string | null;
  /** Set before the "issued" notice is sent (it is sent at most once). */
  notified_at: string | null;
  requested_by: number | null;
  created_at: string;
  updated_at: string;
}

export type CertificateSettingsRow = Selectable<CertificateSettingsTable>;
export type Certificate = Selectable<CertificateTable>;
