// @vitest-environment happy-dom
// The install script step in the wizard: templates (asking before they replace an edited script), Load from file
// (text only, 256 KiB at most, nothing changes on error), the code editor, the size meter and the redacted preview.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SCRIPT_ARTIFACT_LIMIT_BYTES } from '../../../../electron/common/models';
import { EXAMPLE_INSTALL_SCRIPT } from '../../../../renderer/src/launch-wizard/example-install-script';
import { INSTALL_TEMPLATES } from '../../../../renderer/src/launch-wizard/install-templates';
import { createFakeKilnApi } from '../../../support/fake-kiln-api';
import { cloudscape } from '../render-with-api';
import {
  expectBlockedOn,
  expectStep,
  next,
  patient,
  renderWizard,
  toStep,
  type,
  switchToPlainEditor,
} from './wizard-driver';

afterEach(cleanup);

const nginx = INSTALL_TEMPLATES.find((t) => t.id === 'nginx')!;
const scriptValue = () => screen.getByTestId<HTMLTextAreaElement>('install-script-input').value;

function chooseTemplate(label: string) {
  const menu = cloudscape().findButtonDropdown('[data-testid="script-template-menu"]')!;
  menu.openDropdown();
  menu.findItemById(INSTALL_TEMPLATES.find((t) => t.label === label)!.id)!.click();
}

async function pickFile(name: string, content: Uint8Array | string) {
  const input = screen.getByTestId<HTMLInputElement>('install-script-file-input');
  const file = new File([content as BlobPart], name, { type: 'text/plain' });
  await act(async () => {
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
}

async function toScript() {
  const rendered = renderWizard();
  await toStep('install-script');
  switchToPlainEditor();
  await screen.findByTestId('install-script-input');
  return rendered;
}

describe('install script: editor', () => {
  it('opens in the code editor (Ace, loaded on demand) with the example script', async () => {
    renderWizard();
    await toStep('install-script');
    await waitFor(
      () => expect(screen.getByTestId('install-script-editor').getAttribute('data-ready')).toBe('true'),
      patient,
    );
    const editor = cloudscape().findCodeEditor()!;
    // Ace keeps the text in its document; happy-dom has no layout for Ace to render lines with.
    const ace = (editor.findEditor()!.getElement() as unknown as { env: { editor: { getValue(): string } } }).env
      .editor;
    await waitFor(() => expect(ace.getValue()).toBe(EXAMPLE_INSTALL_SCRIPT));
    // What is typed in the code editor is the script the wizard launches.
    act(() => editor.setValue('echo typed in ace'));
    switchToPlainEditor();
    await waitFor(() => expect(scriptValue()).toBe('echo typed in ace'), patient);
  });

  it('blocks Next on an empty script with the schema message', async () => {
    await toScript();
    type('install-script-input', '   \n');
    next();
    await expectBlockedOn('install-script', /The install script is empty/);
  });
});

describe('install script: templates', () => {
  it('fills an untouched script at once, offers only the templates of the AMI platform', async () => {
    await toScript();
    const menu = cloudscape().findButtonDropdown('[data-testid="script-template-menu"]')!;
    menu.openDropdown();
    expect(menu.findItems().map((item) => item.getElement().textContent)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('nginx'),
        expect.stringContaining('Apache'),
        expect.stringContaining('Docker'),
      ]),
    );
    expect(menu.findItemById('iis')).toBeNull();
    menu.findItemById('nginx')!.click();
    expect(scriptValue()).toBe(nginx.script);
  });

  it('asks before replacing an edited script, and keeps it when the operator says so', async () => {
    await toScript();
    type('install-script-input', 'echo my own work');
    chooseTemplate('Docker');
    expect(
      await screen.findByText(/The script has your own edits\. Replacing it with the Docker template discards them/),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Keep my script' }));
    expect(scriptValue()).toBe('echo my own work');

    chooseTemplate('Docker');
    fireEvent.click(await screen.findByTestId('confirm-replace-script'));
    await waitFor(() => expect(scriptValue()).toBe(INSTALL_TEMPLATES.find((t) => t.id === 'docker')!.script));
  });
});

describe('install script: Windows AMIs', () => {
  it('starts from PowerShell and offers IIS when the AMI is Windows', async () => {
    const windows = {
      imageId: 'ami-b7e93bce',
      name: 'Windows_Server-2019-English-Full-Base',
      label: 'Windows Server 2019',
      architecture: 'x86_64',
      platform: 'windows' as const,
    };
    renderWizard(createFakeKilnApi({ quickStart: [windows], images: [windows] }));
    await toStep('install-script');
    switchToPlainEditor();
    await waitFor(() => expect(scriptValue()).toBe(INSTALL_TEMPLATES.find((t) => t.id === 'powershell')!.script));
    const menu = cloudscape().findButtonDropdown('[data-testid="script-template-menu"]')!;
    menu.openDropdown();
    expect(menu.findItemById('iis')).toBeTruthy();
    expect(menu.findItemById('nginx')).toBeNull();
  });
});

describe('install script: load from file', () => {
  it('loads a text file into the script', async () => {
    await toScript();
    await pickFile('setup.sh', '#!/bin/bash\necho from a file\n');
    await waitFor(() => expect(scriptValue()).toBe('#!/bin/bash\necho from a file\n'));
  });

  it('refuses a binary file with a clear message and changes nothing', async () => {
    await toScript();
    await pickFile('tool.bin', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
    expect((await screen.findByTestId('script-file-error')).textContent).toBe(
      'tool.bin looks like a binary file, not a script; pick a text file.',
    );
    expect(scriptValue()).toBe(EXAMPLE_INSTALL_SCRIPT);
  });

  it('refuses a file over 256 KiB with its size and changes nothing', async () => {
    await toScript();
    await pickFile('huge.sh', 'echo x\n'.repeat(40_000));
    expect((await screen.findByTestId('script-file-error')).textContent).toMatch(
      /huge\.sh is 274 KiB; an install script file may be at most 256 KiB/,
    );
    expect(scriptValue()).toBe(EXAMPLE_INSTALL_SCRIPT);
  });

  it('asks before a file replaces an edited script', async () => {
    await toScript();
    type('install-script-input', 'echo edited');
    await pickFile('other.sh', 'echo other');
    expect(await screen.findByText(/Replacing it with other\.sh discards them/)).toBeTruthy();
    fireEvent.click(screen.getByTestId('confirm-replace-script'));
    await waitFor(() => expect(scriptValue()).toBe('echo other'));
  });
});

describe('install script: user data size and preview', () => {
  it('meters the size from launch.preview, debounced, and shows the redacted user data', async () => {
    const { api } = await toScript();
    const bytes = 3000 + new TextEncoder().encode(EXAMPLE_INSTALL_SCRIPT).length;
    await waitFor(
      () =>
        expect(screen.getByTestId('user-data-size').textContent).toBe(
          `${bytes.toLocaleString('en-US')} of 16,384 bytes`,
        ),
      patient,
    );
    const bar = cloudscape().find('[data-testid="user-data-meter"]')!.findProgressBar()!;
    expect(bar.findPercentageText()?.getElement().textContent).toBe(`${Math.round((100 * bytes) / 16_384)}%`);
    for (const text of ['echo a', 'echo ab', 'echo abc']) type('install-script-input', text);
    await waitFor(
      () => expect(screen.getByTestId('user-data-size').getAttribute('data-bytes')).toBe(String(3000 + 8)),
      patient,
    );
    // Debounced: three quick edits did not send a preview each.
    expect(api.callsOf('launch.preview').length).toBeLessThanOrEqual(3);
    fireEvent.click(screen.getByText('Rendered user data'));
    expect(screen.getByTestId('user-data-preview').textContent).toContain('<redacted: TLS private key>');
    expect(screen.getByTestId('user-data-preview').textContent).toContain('echo abc');
  });

  it('sends a script too large for user data through the artifact bucket and lets Next through', async () => {
    const api = createFakeKilnApi();
    renderWizard(api);
    await toStep('install-script');
    switchToPlainEditor();
    await waitFor(
      () => expect(screen.getByTestId('script-delivery').textContent).toBe('Delivery: inline in user data'),
      patient,
    );
    type('install-script-input', 'x'.repeat(20_000));
    await waitFor(
      () => expect(screen.getByTestId('script-delivery').getAttribute('data-mode')).toBe('artifact'),
      patient,
    );
    expect(screen.getByTestId('script-delivery').textContent).toBe(
      'Delivery: downloaded from the artifact bucket (20 KB)',
    );
    expect(screen.getByTestId('user-data-size').getAttribute('data-status')).toBe('ok');
    next();
    await expectStep('advanced');
  });

  it('turns the meter red over the 1 MiB cap and blocks Next with what to do', async () => {
    const api = createFakeKilnApi();
    renderWizard(api);
    await toStep('install-script');
    switchToPlainEditor();
    type('install-script-input', 'x'.repeat(SCRIPT_ARTIFACT_LIMIT_BYTES + 1));
    await waitFor(
      () => expect(screen.getByTestId('script-delivery').getAttribute('data-mode')).toBe('refused'),
      patient,
    );
    expect(screen.getByTestId('user-data-size').getAttribute('data-status')).toBe('too-large');
    next();
    await expectBlockedOn(
      'install-script',
      /The install script is 1,048,577 bytes; Kiln delivers install scripts of at most 1,048,576 bytes \(1 MiB\)\. Shorten it by at least 1 bytes/,
    );
    type('install-script-input', 'echo short');
    await waitFor(
      () => expect(screen.getByTestId('script-delivery').getAttribute('data-mode')).toBe('inline'),
      patient,
    );
    next();
    await expectStep('advanced');
  });

  it('with an artifact mirror, blocks Next on a script too large for user data and says to shorten it or unset the mirror', async () => {
    const api = createFakeKilnApi({ artifactMirror: true });
    renderWizard(api);
    await toStep('install-script');
    switchToPlainEditor();
    type('install-script-input', 'x'.repeat(20_000));
    await waitFor(
      () => expect(screen.getByTestId('user-data-size').getAttribute('data-status')).toBe('too-large'),
      patient,
    );
    expect(screen.getByTestId('user-data-size').textContent).toMatch(/23,000 of 16,384 bytes \(6,616 bytes too many\)/);
    expect(screen.getByTestId('script-delivery').getAttribute('data-mode')).toBe('refused');
    next();
    await expectBlockedOn(
      'install-script',
      /Kiln uploads nothing.*Shorten the script by at least 6,616 bytes, or unset KILN_ARTIFACT_BASE_URL/,
    );
  });
});
