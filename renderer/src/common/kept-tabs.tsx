/**
 * Cloudscape Tabs whose panels stay mounted once opened. Cloudscape hides inactive panels with display:none and
 * (by default) unmounts them; a terminal must neither lose its session on a tab switch nor be measured at 0×0
 * (xterm then sizes its glyphs to nothing), so Cloudscape draws the tab headers and these panels hold the
 * content, an inactive one collapsed and invisible but still laid out.
 */
import { useState, type ReactNode } from 'react';
import Tabs, { type TabsProps } from '@cloudscape-design/components/tabs';

export interface KeptTab {
  /** Cloudscape also makes it the tab header's data-testid. */
  id: string;
  label: ReactNode;
  /** Read by screen readers as the panel's name. */
  panelLabel: string;
  content: ReactNode;
  /** A disabled tab shows its reason and its content is unmounted. */
  disabled?: boolean;
  disabledReason?: string;
  /** Adds a close button to the tab header. */
  onDismiss?: () => void;
  dismissLabel?: string;
}

export interface KeptTabsProps {
  tabs: readonly KeptTab[];
  activeTabId: string;
  onChange: (tabId: string) => void;
  ariaLabel: string;
  /** Content shown after the tab headers, before the panels (e.g. an empty state). */
  children?: ReactNode;
}

export function KeptTabs({ tabs, activeTabId, onChange, ariaLabel, children }: KeptTabsProps) {
  // A panel mounts when first opened and stays; one whose tab is gone or disabled is forgotten. The set is
  // adjusted while rendering, from the one the previous render kept.
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set());
  const kept = new Set([...opened, activeTabId].filter((id) => tabs.some((tab) => tab.id === id && !tab.disabled)));
  if (kept.size !== opened.size || [...kept].some((id) => !opened.has(id))) setOpened(kept);
  const headers: TabsProps.Tab[] = tabs.map((tab) => ({
    id: tab.id,
    label: tab.label,
    disabled: tab.disabled,
    disabledReason: tab.disabledReason,
    dismissible: tab.onDismiss !== undefined,
    dismissLabel: tab.dismissLabel,
    onDismiss: tab.onDismiss,
  }));
  return (
    <div className="kiln-kept-tabs">
      <Tabs
        tabs={headers}
        activeTabId={activeTabId}
        onChange={(event) => onChange(event.detail.activeTabId)}
        ariaLabel={ariaLabel}
        disableContentPaddings
      />
      {children}
      {tabs.map((tab) => {
        const active = tab.id === activeTabId;
        if (tab.disabled || !kept.has(tab.id)) return null;
        return (
          <div
            key={tab.id}
            role="tabpanel"
            aria-label={tab.panelLabel}
            aria-hidden={!active}
            inert={!active}
            className={active ? 'kiln-tab-panel' : 'kiln-tab-panel kiln-tab-panel--hidden'}
            data-tab-id={tab.id}
            data-active={String(active)}
          >
            {tab.content}
          </div>
        );
      })}
    </div>
  );
}
