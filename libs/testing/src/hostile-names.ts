/**
 * Customer names that break naive truncation, one per way ERPs count: long Latin text with accents, emoji (two
 * UTF-16 code units, four UTF-8 bytes) placed exactly across the 20-unit boundary of SAP's search term, a ZWJ
 * family and a flag, CJK (three UTF-8 bytes each), right-to-left text inside a directional isolate, and combining
 * accents. Each is long enough to pass every ERP's name limit, Oracle's 360 characters included.
 */
export const HOSTILE_NAMES: Record<string, string> = {
  long: `Internationale Handels- und Logistikgesellschaft für Raumfahrtzubehör mbH & Co. KG ${'Niederlassung Süd '.repeat(20)}`,
  emoji: `${'Rocket Supplies Ltd'.padEnd(19, '.')}🚀 Orbital 👨‍👩‍👧 Family 🇩🇪 ${'🚀'.repeat(400)}`,
  cjk: `株式会社東京ロケット産業${'宇宙開発事業部'.repeat(60)}`,
  rtl: `\u2067חברת תעופה וחלל בע"מ\u2069 ${'שלום עולם '.repeat(40)}`,
  combining: 'Socie\u0301te\u0301 Ge\u0301ne\u0301rale '.repeat(30),
};
