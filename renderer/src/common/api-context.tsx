/** Makes the one KilnApi facade available to every component without threading it through props. */
import { createContext, useContext, type ReactNode } from 'react';
import type { KilnApi } from '../../../electron/common/contract';

const KilnApiContext = createContext<KilnApi | null>(null);

/** Provides `api` to the tree below; the composition root (main.tsx) and tests are the only callers. */
export function KilnApiProvider({ api, children }: { api: KilnApi; children: ReactNode }) {
  return <KilnApiContext.Provider value={api}>{children}</KilnApiContext.Provider>;
}

/** The KilnApi of the nearest provider; a missing provider is a bug, so it throws. */
export function useKilnApi(): KilnApi {
  const api = useContext(KilnApiContext);
  if (!api) throw new Error('useKilnApi must be used inside <KilnApiProvider>.');
  return api;
}
