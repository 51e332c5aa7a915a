/**
 * The INI dialect of the AWS shared config and credentials files, read exactly as the SDK reads it
 * (@smithy/core/config parseIni), so Kiln classifies a profile the way the SDK will later resolve it.
 */

/** Section name → key → value. Sub-properties (`s3 =` followed by indented lines) become `s3.key`. */
export type IniSections = Record<string, Record<string, string>>;

/** Section prefixes the SDK recognises in `[prefix name]`; other two-word names are dropped. */
const SECTION_PREFIXES = ['profile', 'sso-session', 'services'];
const PREFIXED_SECTION = /^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$/;

export function parseIni(text: string): IniSections {
  const sections: IniSections = Object.create(null) as IniSections;
  let current: string | undefined;
  let subSection: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    // A comment starts at `#` or `;` at the line start or after whitespace; `key=a#b` keeps its `#`.
    const line = (rawLine.split(/(?:^|\s)[;#]/)[0] ?? '').trim();
    if (line.startsWith('[') && line.endsWith(']')) {
      subSection = undefined;
      current = sectionKey(line.slice(1, -1));
      continue;
    }
    if (current === undefined) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const name = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if (value === '') {
      subSection = name;
      continue;
    }
    if (subSection && rawLine.trimStart() === rawLine) subSection = undefined;
    const section = (sections[current] ??= {});
    section[subSection ? `${subSection}.${name}` : name] = value;
  }
  return sections;
}

/** `profile dev` → `profile.dev`; an unknown prefix drops the section; a plain name stays as it is. */
function sectionKey(name: string): string | undefined {
  if (name === '__proto__' || name === 'profile __proto__') return undefined;
  const match = PREFIXED_SECTION.exec(name);
  if (!match?.[1]) return name;
  return SECTION_PREFIXES.includes(match[1]) ? `${match[1]}.${match[3]}` : undefined;
}
