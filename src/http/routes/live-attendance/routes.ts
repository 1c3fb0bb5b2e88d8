// Attendance of live sessions (issue 6, part 3): the JSON API under /api/v1/live-sessions/:activityId/attendance
// and the pages under /admin/activities/:activityId/attendance.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { liveAttendanceApiRoutes } from './api.js';
import { liveAttendancePageRoutes } from './pages.js';

export async function liveAttendanceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await liveAttendanceApiRoutes(app, ctx);
  await liveAttendancePageRoutes(app, ctx);
}
