/**
 * Durations as the UI shows them: "28.5 s" in English, "28.5 秒" in Simplified Chinese
 * (common.seconds). Pure but for the message lookup, so it is unit-tested from Node.
 */
// Relative import: this module is also unit-tested from Node.
import { i18n } from './i18n';

/**
 * A duration in seconds with one decimal and the unit of the UI's language
 * (common.seconds: "{s} s" / "{s} 秒").
 * @param seconds a duration in seconds, >= 0
 */
export function secondsText(seconds: number): string {
  return i18n.global.t('common.seconds', { s: seconds.toFixed(1) });
}

// Seconds a run has trained, its pauses left out: one rule with the CLI and the report. A
// stopped run whose end the page does not know gives null: its Time must not grow with the
// clock (found by a new user: a Time ticking beside "cancelled" once another run trained).
// Relative import: this module is also unit-tested from Node.
export { trainedSeconds } from '../../shared/trainedTime';
