// The login user guessed from an AMI's name and description, with real AMI names where there are public ones.
import { describe, expect, it } from 'vitest';
import { detectLoginUser } from '../../../../electron/core/connect/login-user';

const linux = (name?: string, description?: string) => detectLoginUser({ platform: 'linux', name, description });

describe('detectLoginUser', () => {
  it.each([
    ['al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64', 'ec2-user', 'Amazon Linux'],
    ['amzn2-ami-kernel-5.10-hvm-2.0.20241113.1-x86_64-gp2', 'ec2-user', 'Amazon Linux'],
    ['amzn-ami-hvm-2018.03.0.20231218.0-x86_64-gp2', 'ec2-user', 'Amazon Linux'],
    ['Deep Learning OSS Nvidia Driver AMI GPU PyTorch 2.5 (Amazon Linux 2023) 20241206', 'ec2-user', 'Amazon Linux'],
    ['ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241119', 'ubuntu', 'Ubuntu'],
    ['ubuntu-pro-server/images/hvm-ssd/ubuntu-jammy-22.04-amd64-pro-server-20241115', 'ubuntu', 'Ubuntu'],
    ['debian-12-amd64-20241201-1948', 'admin', 'Debian'],
    ['CentOS Stream 9 x86_64 20241210', 'centos', 'CentOS'],
    ['RHEL-9.4.0_HVM-20240605-x86_64-82-Hourly2-GP3', 'ec2-user', 'Red Hat'],
    ['Fedora-Cloud-Base-AmazonEC2.x86_64-41-1.4', 'fedora', 'Fedora'],
    ['fedora-coreos-41.20241109.3.0-x86_64', 'core', 'Fedora CoreOS'],
    ['suse-sles-15-sp6-v20241113-hvm-ssd-x86_64', 'ec2-user', 'SUSE'],
    ['openSUSE-Leap-15-6-v20241113-hvm-ssd-x86_64', 'ec2-user', 'SUSE'],
    ['bitnami-wordpress-6.7.1-0-linux-debian-12-x86_64-hvm-ebs-nami', 'bitnami', 'Bitnami'],
    ['Rocky-9-EC2-Base-9.5-20241118.0.x86_64', 'rocky', 'Rocky'],
    ['AlmaLinux OS 9.5.20241120 x86_64', 'ec2-user', 'AlmaLinux'],
    ['OL9.4-x86_64-HVM-2024-06-20', 'ec2-user', 'Oracle Linux'],
    ['Oracle Linux 8 update 10 for x86_64 HVM', 'ec2-user', 'Oracle Linux'],
    ['FreeBSD 14.2-RELEASE-amd64-UFS', 'ec2-user', 'FreeBSD'],
    ['kali-last-snapshot-amd64-2024.4.0-804fcc46-63fc-4eb6-85a1-50e66d6c7215', 'kali', 'Kali'],
  ])('%s → %s', (name, user, label) => {
    const detected = linux(name);
    expect(detected).toEqual({ user, source: 'image', detail: expect.stringContaining(label) });
    expect(detected.detail).toContain(`from the AMI name ${JSON.stringify(name)}`);
  });

  it('Windows → Administrator, whatever the name says', () => {
    for (const name of ['Windows_Server-2022-English-Full-Base-2024.12.13', 'ubuntu-looking-name', undefined]) {
      expect(detectLoginUser({ platform: 'windows', name })).toMatchObject({ user: 'Administrator', source: 'image' });
    }
  });

  it('is case-insensitive', () => {
    expect(linux('UBUNTU-NOBLE-24.04').user).toBe('ubuntu');
    expect(linux('rhel-9').user).toBe('ec2-user');
    expect(linux('Red Hat Enterprise Linux 9').detail).toContain('Red Hat');
  });

  it('reads the description when the name says nothing', () => {
    const detected = linux('my-golden-image-2024-12', 'Canonical, Ubuntu, 24.04, amd64 noble image');
    expect(detected).toMatchObject({ user: 'ubuntu', source: 'image' });
    expect(detected.detail).toContain('from the AMI description "Canonical, Ubuntu, 24.04, amd64 noble image"');
  });

  it('prefers the name to the description', () => {
    expect(linux('debian-12-amd64-20241201-1948', 'built from an Ubuntu pipeline').user).toBe('admin');
  });

  it('a Debian-based Bitnami image logs in as bitnami, not admin', () => {
    expect(linux('bitnami-wordpress-6.7.1-0-linux-debian-12-x86_64-hvm-ebs-nami').user).toBe('bitnami');
  });

  it('does not find short names inside other words', () => {
    expect(linux('skali-builder').source).toBe('default');
    expect(linux('rockys-images').source).toBe('default');
    expect(linux('chrhello').source).toBe('default');
  });

  it('falls back to ec2-user and says the user is unknown and can be changed', () => {
    for (const detected of [
      linux('my-golden-image-2024-12', 'built by the platform team'),
      linux(),
      detectLoginUser({ platform: 'linux', ownerAlias: 'amazon' }),
    ]) {
      expect(detected.user).toBe('ec2-user');
      expect(detected.source).toBe('default');
      expect(detected.detail).toMatch(/unknown/);
      expect(detected.detail).toMatch(/change/);
    }
  });

  it('keeps the quoted name on one line and short', () => {
    const detail = linux(`ubuntu\n${'x'.repeat(300)}`).detail;
    expect(detail).not.toContain('\n');
    expect(detail.length).toBeLessThan(150);
  });
});
