/**
 * The login user an AMI expects, guessed from its name and description with the default users AWS documents per
 * distribution. A guess, never a promise: the operator can always choose another user on the Connect tab.
 */

/** The parts of an AMI the guess reads. */
export interface LoginUserImage {
  name?: string;
  description?: string;
  platform: 'linux' | 'windows';
  /** Not used: Amazon and Marketplace publishers own images of many distributions, so the owner decides nothing. */
  ownerAlias?: string;
}

/** The guessed user, whether the AMI said it, and why (a phrase that reads after "user: "). */
export interface DetectedLoginUser {
  user: string;
  source: 'image' | 'default';
  detail: string;
}

interface Rule {
  label: string;
  pattern: RegExp;
  user: string;
}

// Order matters: images built on another distribution name both (Bitnami on Debian, Rocky as a RHEL rebuild), so
// the more specific rule comes first. Word edges keep short names from matching inside other words.
const RULES: readonly Rule[] = [
  { label: 'Bitnami', pattern: /bitnami/i, user: 'bitnami' },
  { label: 'Kali Linux', pattern: /(?<![a-z])kali(?![a-z])/i, user: 'kali' },
  { label: 'Rocky Linux', pattern: /(?<![a-z])rocky(?![a-z])/i, user: 'rocky' },
  { label: 'AlmaLinux', pattern: /almalinux/i, user: 'ec2-user' },
  { label: 'Oracle Linux', pattern: /oracle[ _-]?linux|^ol\d/i, user: 'ec2-user' },
  {
    label: 'Amazon Linux',
    pattern: /(?<![a-z0-9])al2023(?![a-z])|amzn2|amzn-ami|amazon[ _-]?linux/i,
    user: 'ec2-user',
  },
  { label: 'Ubuntu', pattern: /ubuntu/i, user: 'ubuntu' },
  { label: 'Debian', pattern: /debian/i, user: 'admin' },
  { label: 'CentOS', pattern: /centos/i, user: 'centos' },
  { label: 'Red Hat Enterprise Linux', pattern: /(?<![a-z])rhel(?![a-z])|red[ _-]?hat/i, user: 'ec2-user' },
  { label: 'Fedora CoreOS', pattern: /fedora[ _-]?coreos/i, user: 'core' },
  { label: 'Fedora', pattern: /fedora/i, user: 'fedora' },
  { label: 'SUSE', pattern: /suse|(?<![a-z])sles(?![a-z])/i, user: 'ec2-user' },
  { label: 'FreeBSD', pattern: /freebsd/i, user: 'ec2-user' },
];

const DEFAULT_USER = 'ec2-user';

/** Guesses the login user of an AMI: Windows → Administrator, else by distribution, name first, then description. */
export function detectLoginUser(image: LoginUserImage): DetectedLoginUser {
  if (image.platform === 'windows') {
    return { user: 'Administrator', source: 'image', detail: 'a Windows AMI: EC2 sets the Administrator password' };
  }
  for (const field of ['name', 'description'] as const) {
    const text = image[field];
    if (!text) continue;
    const rule = RULES.find((candidate) => candidate.pattern.test(text));
    if (rule)
      return { user: rule.user, source: 'image', detail: `${rule.label}, from the AMI ${field} ${quoted(text)}` };
  }
  return {
    user: DEFAULT_USER,
    source: 'default',
    detail: `the AMI's login user is unknown; ${DEFAULT_USER} is the most common default, and you can change it on the Connect tab`,
  };
}

/** The AMI's own text, quoted and shortened for a one-line explanation. */
function quoted(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(oneLine.length > 100 ? `${oneLine.slice(0, 99)}…` : oneLine);
}
