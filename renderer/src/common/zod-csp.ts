/**
 * Imported first by main.tsx, before any module that defines a schema. Zod probes `new Function` when it
 * builds an object schema, to compile a faster parser; under script-src 'self' the browser reports that probe
 * as a CSP violation even though zod catches it. The interpreter is fast enough for the wizard's schemas.
 */
import { config } from 'zod';

config({ jitless: true });
