/** What every section of the Create fleet form takes: the form, a patcher, and the error shown at a field. */
import type { FleetForm } from './fleet-form';

export interface FleetSectionProps {
  form: FleetForm;
  set: (patch: Partial<FleetForm>) => void;
  /** The error to show at a field (by the spec's path), if any. */
  errorAt: (field: string) => string | undefined;
}
