/** String.prototype.isWellFormed (ES2024; the project's lib is ES2023). */
type WellFormedCheck = { isWellFormed(): boolean };

/** True when `s` can be stored and logged as text: no NUL character and no unpaired UTF-16 surrogate (PostgreSQL refuses both). */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && (s as unknown as WellFormedCheck).isWellFormed();
}
