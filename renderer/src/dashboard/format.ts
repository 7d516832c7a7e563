/** German number formatting for the projector: fixed decimals, so figures don't jump in width. */
const integer = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

export const NO_VALUE = '—';

export function formatRps(value: number | null | undefined): string {
  return value == null ? NO_VALUE : value < 10 ? oneDecimal.format(value) : integer.format(value);
}
export function formatMs(value: number | null | undefined): string {
  return value == null ? NO_VALUE : `${value < 10 ? oneDecimal.format(value) : integer.format(value)} ms`;
}
export function formatPercent(ratio: number | null | undefined): string {
  return ratio == null ? NO_VALUE : `${oneDecimal.format(ratio * 100)} %`;
}
export function formatEuro(value: number | null | undefined): string {
  return value == null ? NO_VALUE : euro.format(value);
}
export function formatClock(iso: string): string {
  return new Date(iso).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
