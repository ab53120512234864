import { StatsOverviewInput, StatsReportInput, StatsSettingsInput, StatsTopProductsInput, StatsTrendInput, type AdminRole } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { overview, saveStatsSettings, statsSettings, topProducts, trend } from '../shared/domain/stats/dashboard';
import { report, reportFile } from '../shared/domain/stats/reports';

const STAFF: AdminRole[] = ['owner', 'operator'];
const OWNER: AdminRole[] = ['owner'];

/** 概况: the dashboard's figures (from the rollups) and to-do counts; the stock-warning threshold; 数据中心's reports (owner). */
export default defineFunction('statsAdmin', {
  overview: action({ access: STAFF, input: StatsOverviewInput, handler: (ctx, { period }) => overview(ctx.db, period, ctx.now()) }),
  trend: action({ access: STAFF, input: StatsTrendInput, handler: (ctx, i) => trend(ctx.db, i, ctx.now()) }),
  topProducts: action({ access: STAFF, input: StatsTopProductsInput, handler: (ctx, i) => topProducts(ctx.db, i.period, i.limit, ctx.now()) }),
  getSettings: action({ access: STAFF, input: NoInput, handler: (ctx) => statsSettings(ctx.db) }),
  saveSettings: action({ access: OWNER, input: StatsSettingsInput, handler: (ctx, i) => saveStatsSettings(ctx.db, i, ctx.now()) }),
  report: action({ access: OWNER, input: StatsReportInput, handler: (ctx, i) => report(ctx.db, i.kind, i) }),
  reportExport: action({ access: OWNER, input: StatsReportInput, handler: (ctx, i) => reportFile(ctx.db, i.kind, i, ctx.now()) }),
});
