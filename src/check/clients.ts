const FAMILIES: Record<string, string> = {
  'apple-mail': 'Apple Mail',
  gmail: 'Gmail',
  outlook: 'Outlook',
  yahoo: 'Yahoo Mail',
  aol: 'AOL',
  'samsung-email': 'Samsung Email',
  orange: 'Orange',
  sfr: 'SFR',
  thunderbird: 'Thunderbird',
  protonmail: 'Proton Mail',
  hey: 'HEY',
  'mail-ru': 'Mail.ru',
  fastmail: 'Fastmail',
  laposte: 'La Poste',
};

const PLATFORMS: Record<string, string> = {
  macos: 'macOS',
  ios: 'iOS',
  android: 'Android',
  windows: 'Windows',
  'windows-mail': 'Windows Mail',
  'desktop-webmail': 'webmail',
  'mobile-webmail': 'mobile webmail',
};

/**
 * Readable names of caniemail client ids, grouped by family:
 * `['gmail.ios', 'gmail.android', 'outlook.windows']` → `'Gmail (iOS, Android), Outlook (Windows)'`.
 */
export function describeClients(ids: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const [family = id, platform = ''] = id.split('.');
    const name = FAMILIES[family] ?? family;
    const list = groups.get(name) ?? [];
    list.push(PLATFORMS[platform] ?? platform);
    groups.set(name, list);
  }
  return [...groups].map(([name, platforms]) => `${name} (${platforms.join(', ')})`).join(', ');
}
