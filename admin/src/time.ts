/**
 * Beijing wall-clock time ↔ UTC instants, one copy for every form: the merchant sees and enters Asia/Shanghai
 * wall-clock time whatever the browser's zone, and the API stores ISO instants.
 */
import type { Dayjs } from 'dayjs';
import { dayjs, TZ } from './util';

/** An ISO instant as the Beijing wall-clock time it reads (a zone-less dayjs, for pickers). */
export const toWall = (iso: string) => dayjs(dayjs(iso).tz(TZ).format('YYYY-MM-DDTHH:mm:ss'));
/** A picked Beijing wall-clock time as an ISO instant. */
export const fromWall = (d: Dayjs) => dayjs.tz(d.format('YYYY-MM-DD HH:mm:ss'), TZ).toISOString();
/** Now, as a Beijing wall-clock time to the minute. */
export const nowWall = () => toWall(new Date().toISOString()).second(0).millisecond(0);
/** "HH:mm" as a TimePicker value (today at that time; only the clock is read back). */
export const clock = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return dayjs().hour(h).minute(m).second(0).millisecond(0);
};
