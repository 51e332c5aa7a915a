/** "Terminal in Kiln": Open terminal adds a tab with its own SSH session; several run side by side. */
import { useRef, useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import { KeptTabs } from '../../common/kept-tabs';
import { useEvent } from '../../common/use-command';
import { createSessionRouter, type SessionRouter } from './session-router';
import { TerminalSessionPane } from './terminal-session-pane';

export interface TerminalSessionsProps {
  launchId: string;
  /** "user@host" */
  target: string;
  /** Why no session can be opened (no address), if so. */
  unavailableReason?: string;
}

/** One router for the tab's sessions, fed by the backend's terminal events. */
export function useSessionRouter(): SessionRouter {
  const [router] = useState(() => createSessionRouter());
  useEvent('connect.output', router.output);
  useEvent('connect.closed', router.closed);
  return router;
}

interface TerminalTab {
  /** Also the tab header's data-testid (Cloudscape sets it): `terminal-1`, `terminal-2`… */
  id: string;
  title: string;
}

export function TerminalSessions({ launchId, target, unavailableReason }: TerminalSessionsProps) {
  const router = useSessionRouter();
  const [tabs, setTabs] = useState<TerminalTab[]>([]);
  const [activeId, setActiveId] = useState('');
  const opened = useRef(0);

  function openTerminal() {
    opened.current += 1;
    const tab = { id: `terminal-${opened.current}`, title: `Terminal ${opened.current}` };
    setTabs([...tabs, tab]);
    setActiveId(tab.id);
  }
  function closeTerminal(id: string) {
    const rest = tabs.filter((tab) => tab.id !== id);
    setTabs(rest);
    if (id === activeId) setActiveId(rest.at(-1)?.id ?? '');
  }

  return (
    <Container
      data-testid="terminal-sessions"
      header={
        <Header
          variant="h2"
          description="An SSH terminal inside Kiln that accepts only the instance's verified host keys."
          actions={
            <Button
              data-testid="open-terminal"
              variant="primary"
              iconName="add-plus"
              disabled={unavailableReason !== undefined}
              onClick={openTerminal}
            >
              Open terminal
            </Button>
          }
        >
          Terminal in Kiln
        </Header>
      }
    >
      {tabs.length === 0 ? (
        <Box color="text-body-secondary" data-testid="terminal-none">
          {unavailableReason ??
            `Open terminal starts an SSH session as ${target}; open several and switch between them in tabs.`}
        </Box>
      ) : (
        <KeptTabs
          ariaLabel="Terminal sessions"
          activeTabId={activeId}
          onChange={setActiveId}
          tabs={tabs.map((tab) => ({
            id: tab.id,
            label: tab.title,
            panelLabel: tab.title,
            dismissLabel: `Close ${tab.title}`,
            onDismiss: () => closeTerminal(tab.id),
            content: (
              <TerminalSessionPane
                launchId={launchId}
                router={router}
                target={target}
                onClose={() => closeTerminal(tab.id)}
              />
            ),
          }))}
        />
      )}
    </Container>
  );
}
